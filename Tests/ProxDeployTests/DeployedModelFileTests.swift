import Foundation
import ProxCore
import ProxDeploy
import ProxTrain
import Testing

/// The deployed model file: what is written is read back unchanged, and a
/// broken file is refused with one line naming the file and the reason.
@Suite struct DeployedModelFileTests {
    static let path = "model.deployed.safetensors"

    /// A binary MLP and a binary CNN, converted.
    static func models() throws -> [DeployedModel] {
        var rng = SplitMix64(seed: 31)
        let sign = SignQuantizer()
        let mlp = Sequential.mlp(sizes: [20, 70, 65, 3], activation: .hardtanh, binarized: [true, true, false],
                                 quantizer: sign, activationQuantizer: sign, rng: &rng)
        let cnn = Sequential.cnn(height: 8, width: 8, channels: 1, classes: 4, widths: [4, 9], activation: .identity,
                                 binarized: [false, true, true], quantizer: sign, activationQuantizer: sign, rng: &rng)
        DeployConverterTests.randomizeNorms(mlp, rng: &rng)
        DeployConverterTests.randomizeNorms(cnn, rng: &rng)
        return [try DeployConverter.convert(mlp, info: ["pair": "bnn"]), try DeployConverter.convert(cnn)]
    }

    static func decode(_ bytes: [UInt8]) throws(SafeTensorsError) -> DeployedModel {
        try DeployedModelFile.decode(try SafeTensors(decoding: bytes, file: path), file: path)
    }

    @Test func aModelReadsBackAsItWasWritten() throws {
        for model in try Self.models() {
            let bytes = DeployedModelFile.encode(model).encoded()
            let back = try Self.decode(bytes)
            #expect(back == model, "\(model.steps.map(\.layer.name))")
        }
    }

    /// The file's tensors under the documented names and types.
    @Test func tensorsHaveTheirDocumentedNamesAndTypes() throws {
        let file = DeployedModelFile.encode(try Self.models()[0])
        #expect(file.metadata["format"] == "proxlab-deployed/1")
        #expect(file.metadata["pair"] == "bnn")
        let packed = try #require(file["0.weight_packed"])
        #expect(packed.dtype == .u64 && packed.shape == [70, 1], "first layer's sign weights")
        let threshold = try #require(file.names.first { $0.hasSuffix(".threshold") }.flatMap { file[$0] })
        #expect(threshold.dtype == .i32 && threshold.shape == [65])
        #expect(file["1.gamma"]?.dtype == .f32)
    }

    /// Each damage gives its own reason, after the file's name.
    @Test func brokenFilesAreOneLineNamingFileAndReason() throws {
        let good = DeployedModelFile.encode(try Self.models()[0])
        func rebuilt(_ change: (inout SafeTensors, SafeTensors.Entry) -> Bool) -> [UInt8] {
            var file = SafeTensors()
            file.metadata = good.metadata
            for e in good.entries where !change(&file, e) { file.add(e.name, dtype: e.dtype, shape: e.shape, bytes: e.bytes) }
            return file.encoded()
        }
        var wrongFormat = good
        wrongFormat.metadata["format"] = "proxlab-model/1"
        var badGraph = good
        badGraph.metadata["graph"] = "[{\"step\": \"float\""
        var otherClasses = good
        otherClasses.metadata["classes"] = "5"
        var unknownStep = good
        unknownStep.metadata["graph"] = good.metadata["graph"]!.replacingOccurrences(of: "\"xnor_dense\"", with: "\"xnor_dance\"")
        let cases: [(bytes: [UInt8], reason: String)] = [
            (wrongFormat.encoded(), "format is 'proxlab-model/1', expected 'proxlab-deployed/1'"),
            (badGraph.encoded(), "metadata 'graph' is not JSON: line 1, column "),
            (otherClasses.encoded(), "not the 5 class scores"),
            (unknownStep.encoded(), "unknown step kind 'xnor_dance'"),
            (rebuilt { _, e in e.name == "1.gamma" }, "step 1: has no tensor 1.gamma"),
            (rebuilt { f, e in
                guard e.name == "0.weight_packed" else { return false }
                f.add(e.name, dtype: .i64, shape: e.shape, bytes: e.bytes)
                return true
            }, "tensor 0.weight_packed is I64 [70, 1], expected U64 [70, 1]"),
            (rebuilt { f, e in
                guard e.name == "0.weight_packed" else { return false }
                var bytes = e.bytes
                bytes[7] |= 0x80
                f.add(e.name, dtype: e.dtype, shape: e.shape, bytes: bytes)
                return true
            }, "tensor 0.weight_packed has bits set past the 20 signs of row 0"),
            (Array(good.encoded().dropLast(5)), "the file is cut"),
        ]
        for (bytes, reason) in cases {
            do {
                _ = try Self.decode(bytes)
                Issue.record("accepted a file that should fail with \"\(reason)\"")
            } catch {
                let line = error.description
                #expect(line.hasPrefix(Self.path + ": "), "\(line)")
                #expect(line.contains(reason), "\"\(line)\" lacks \"\(reason)\"")
                #expect(!line.contains("\n"), "one line: \(line)")
            }
        }
    }
}

/// Which data a deployed model reads: the feature and class counts, and a
/// convolutional model's image shape (not merely its number of pixels).
@Suite struct DeployedModelDataTests {
    static func data(_ name: String, features: Int, classes: Int, image: ImageShape?) -> Dataset {
        let split = DataSplit(featureCount: features, features: [Float](repeating: 0, count: features), labels: [0])
        return Dataset(name: name, featureCount: features, imageShape: image, classCount: classes, train: split, test: split)
    }

    @Test func aModelSaysWhichDataItCannotRead() throws {
        let models = try DeployedModelFileTests.models()
        let (mlp, cnn) = (models[0], models[1])
        #expect(mlp.mismatch(with: Self.data("toy", features: 20, classes: 3, image: nil)) == nil)
        #expect(mlp.mismatch(with: Self.data("blobs", features: 2, classes: 3, image: nil))
                == "reads 20 features into 3 classes; blobs has 2 features and 3 classes")
        #expect(cnn.mismatch(with: Self.data("idx", features: 64, classes: 4, image: ImageShape(channels: 1, height: 8, width: 8))) == nil)
        #expect(cnn.mismatch(with: Self.data("idx", features: 64, classes: 4, image: ImageShape(channels: 1, height: 16, width: 4)))
                == "reads 1x8x8 images; idx has 1x16x4 images")
        #expect(cnn.mismatch(with: Self.data("csv", features: 64, classes: 4, image: nil))
                == "reads 1x8x8 images; csv has 64 plain features, no images")
    }
}
