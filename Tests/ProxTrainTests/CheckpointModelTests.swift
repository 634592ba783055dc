import Foundation
import Testing
import ProxCore
import ProxTrain

/// model.safetensors as a run writes it: the naming scheme, the packed signs,
/// the metadata, and weights that give back the run's accuracy.
@Suite struct CheckpointModelTests {
    static func train(epochs: Int = 2, root: String, onEpoch: (EpochMetrics) -> Void = { _ in }) throws -> Trainer {
        let trainer = try Trainer(plan: TrainerTests.plan(epochs: epochs), dataset: try TrainerTests.dataset(), logRoot: root)
        let result = trainer.run { if case .epoch(let m) = $0 { onEpoch(m) } }
        try #require(throws: Never.self) { try result.get() }
        return trainer
    }

    @Test func aRunWritesItsWeightsUnderTheDocumentedNames() throws {
        let root = TrainerTests.temporaryRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        var epochsSeen: [Int] = []
        let t = try Self.train(root: root) { epochsSeen.append($0.epoch) }
        let file = try SafeTensors.read(path: t.logDirectory! + "/model.safetensors")
        // mlp:16,16 on 2-D moons, first layer full precision: dense, batchnorm, relu, dense, batchnorm, relu, dense.
        let model = [
            "0.weight", "1.weight", "1.bias", "1.running_mean", "1.running_var",
            "3.weight", "3.weight_packed", "4.weight", "4.bias", "4.running_mean", "4.running_var",
            "6.weight", "6.bias", "6.weight_packed",
        ]
        #expect(Array(file.names.prefix(model.count)) == model)
        #expect(file.names.dropFirst(model.count).allSatisfy { $0.hasPrefix("optimizer.") })
        #expect(file.names.contains("optimizer.3.weight.exp_avg") && file.names.contains("optimizer.6.bias.exp_avg_sq"))
        #expect(file["0.weight"]?.shape == [16, 2] && file["3.weight"]?.shape == [16, 16] && file["6.weight"]?.shape == [2, 16])
        #expect(file["3.weight_packed"]?.dtype == .u8 && file["3.weight_packed"]?.shape == [16, 2])
        #expect(file["6.weight_packed"]?.shape == [2, 2])
        #expect(file["0.weight_packed"] == nil, "the full-precision first layer has no packed signs")
        // The tensors are the model's numbers, bit for bit.
        let dense = try #require(t.model.layers[3] as? Dense)
        let theta = Array(UnsafeBufferPointer(start: dense.weight.value.data, count: dense.weight.count))
        #expect(file.floats("3.weight")?.map(\.bitPattern) == theta.map(\.bitPattern))
        let norm = try #require(t.model.layers[4] as? BatchNorm)
        #expect(file.floats("4.running_var") == Array(UnsafeBufferPointer(start: norm.runningVar.data, count: 16)))
        #expect(norm.runningVar[0] != 1, "running statistics moved from their start")
        // Packed signs are sign(theta) of the same tensor.
        let signs = SignPacking.unpack(file["3.weight_packed"]!.bytes, rows: 16, rowLength: 16)
        #expect(signs == theta.map { $0 >= 0 ? 1 : -1 })
        // Metadata.
        let meta = file.metadata
        #expect(meta["format"] == "proxlab-model/1")
        #expect(meta["epoch"] == "2" && meta["epochs"] == "2" && meta["seed"] == "0")
        #expect(meta["model"] == "mlp:16,16" && meta["binarize"] == "except-first")
        #expect(meta["step"] == String(2 * t.stepsPerEpoch) && meta["optimizer_steps"] == meta["step"])
        let layers = try JSONValue(parsing: meta["layers"]!).arrayValue ?? []
        #expect(layers.count == t.model.layers.count)
        #expect(layers.map { $0["kind"]?.stringValue ?? "" } == ["dense", "batchnorm", "relu", "dense", "batchnorm", "relu", "dense"])
        #expect(layers[3]["binarized"] == .bool(true) && layers[0]["binarized"] == .bool(false))
        #expect(layers[1]["eps"] == .number(1e-5))
        let pair = try JSONValue(parsing: meta["pair"]!)
        #expect(pair["name"]?.stringValue == "bc" && pair["forward"]?.stringValue == "sign")
        #expect(try JSONValue(parsing: meta["experiment"]!)["dataset"]?.stringValue == "moons:noise=0.1,n=400")
        #expect(epochsSeen == [1, 2])
    }

    /// The saved weights are the network: loaded into a fresh model they give
    /// the run's test and deploy accuracy exactly.
    @Test func loadedWeightsGiveTheRunsAccuracy() throws {
        let root = TrainerTests.temporaryRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        var last: EpochMetrics?
        let trained = try Self.train(root: root) { last = $0 }
        let file = try SafeTensors.read(path: trained.logDirectory! + "/model.safetensors")
        let fresh = try Trainer(plan: TrainerTests.plan(seed: 5), dataset: trained.dataset, logRoot: nil)
        #expect(fresh.evaluate(trained.dataset.test, weights: .forward) != last!.testAccuracy, "another seed starts elsewhere")
        try ModelTensors.load(file, into: fresh.model, source: "model.safetensors")
        #expect(fresh.evaluate(trained.dataset.test, weights: .forward) == last!.testAccuracy)
        #expect(fresh.evaluate(trained.dataset.test, weights: .deploy) == last!.deployAccuracy)
    }

    @Test func aModelOfOtherShapesIsRefusedAndLeftAsItWas() throws {
        let root = TrainerTests.temporaryRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let trained = try Self.train(epochs: 1, root: root)
        let file = try SafeTensors.read(path: trained.logDirectory! + "/model.safetensors")
        var plan = TrainerTests.plan()
        plan.experiment.model = .mlp(hidden: [16, 8])
        let other = try Trainer(plan: plan, dataset: trained.dataset, logRoot: nil)
        let before = other.evaluate(trained.dataset.test, weights: .forward)
        #expect {
            try ModelTensors.load(file, into: other.model, source: "m.safetensors")
        } throws: { error in
            (error as? SafeTensorsError)?.description
                == "m.safetensors: tensor 3.weight is F32 [16, 16], but layer dense 16->8 (binary) needs F32 [8, 16]: the runs' models differ"
        }
        #expect(other.evaluate(trained.dataset.test, weights: .forward) == before)
    }
}
