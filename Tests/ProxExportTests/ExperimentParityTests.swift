import Foundation
import ProxCore
import ProxExport
import ProxTrain
import Testing
import TestHelpers

/// An exported experiment starts where proxlab starts: the same data, bit
/// for bit (toy sets drawn from the same seeded generator, CSV and IDX files
/// read and standardised alike, the same stratified split), and the same
/// initial weights (proxlab's SplitMix64 draws, layer by layer).
@Suite(.enabled(if: TorchPython.available, "needs a Python with torch (make test-torch)"))
struct ExperimentParityTests {
    static let toySpecs = ["moons", "moons:noise=0.2,n=301,seed=3,test=0.25", "circles:n=101,factor=0.3",
                           "spirals:n=200,turns=2,noise=0.02", "xor:n=150,seed=5", "blobs:k=4,n=203,noise=0.3,std=feature"]

    @Test func dataAndInitialWeightsAreProxlabs() throws {
        let folder = try RepositoryPaths.temporaryFolder("proxlab-export-parity")
        defer { try? FileManager.default.removeItem(at: folder) }
        let package = folder.appendingPathComponent("package")
        let r = try ProxlabProcess.run(["export", "torch", "moons-all", "--out", package.path])
        try #require(r.status == 0, "\(r.stderr)")
        // A CSV file with a header, named labels and a label column last; an IDX folder.
        let csv = folder.appendingPathComponent("iris.csv")
        var rows = ["sepal,petal,\"kind\""]
        var rng = SplitMix64(seed: 11)
        for i in 0..<60 {
            rows.append("\(Float(rng.nextUnitDouble() * 8)), \(Float(rng.nextUnitDouble() * 2 - 1)),\(["setosa", "virginica", "versicolor"][i % 3])")
        }
        try (rows.joined(separator: "\n") + "\n").write(to: csv, atomically: true, encoding: .utf8)
        let idx = folder.appendingPathComponent("idx")
        try IDXFixture.write(idx, counts: (12, 6), height: 5, width: 4, rng: &rng) { UInt8($1 % 3) }
        let specs = Self.toySpecs + ["csv:\(csv.path),label=-1", "csv:\(csv.path),label=kind,std=none,seed=4", "idx:\(idx.path)"]
        var dataItems: [JSONValue] = []
        for (i, s) in specs.enumerated() {
            let spec = try DatasetSpec.parse(s)
            dataItems.append(.object([("spec", try JSONValue(parsing: pythonToJSON(DataEmitter.value(spec)))),
                                      ("out", .string(folder.appendingPathComponent("data\(i).safetensors").path))]))
        }
        // The last field: an activation pair on the hidden activations, whose
        // layers hold indices without tensors. Three channels: proxlab's
        // channel-major reorder holds the first index.
        let models: [(ModelSpec, Int, Int, [Int]?, BinarizePolicy, UInt64, Bool)] = [
            (.mlp(hidden: [32, 32]), 2, 2, nil, .exceptFirst, 5, false),
            (.mlp(hidden: [64, 16, 8], activation: .hardtanh), 7, 3, nil, .exceptFirstAndLast, 0, true),
            (.cnn, 784, 10, [1, 28, 28], .all, 3, false),
            (.cnn(activation: .identity), 192, 4, [3, 8, 8], .exceptFirstAndLast, 6, true),
            (.resnet(widths: [4, 6]), 64, 3, [1, 8, 8], .exceptFirstAndLast, 8, false),
            (.resnet(widths: [4]), 48, 2, [3, 4, 4], .all, 9, true),
        ]
        var modelItems: [JSONValue] = []
        for (i, m) in models.enumerated() {
            modelItems.append(.object([
                ("model", try JSONValue(parsing: pythonToJSON(ModelEmitter.value(m.0)))), ("features", .number(Double(m.1))),
                ("classes", .number(Double(m.2))), ("image_shape", m.3.map { .array($0.map { .number(Double($0)) }) } ?? .null),
                ("binarize", .string(m.4.rawValue)), ("seed", .number(Double(m.5))), ("activations", .bool(m.6)),
                ("out", .string(folder.appendingPathComponent("model\(i).safetensors").path)),
            ]))
        }
        let manifest = folder.appendingPathComponent("manifest.json")
        try JSONValue.object([("package", .string(package.path)), ("data", .array(dataItems)), ("models", .array(modelItems))])
            .compactText.write(to: manifest, atomically: true, encoding: .utf8)
        let p = try TorchPython.run(TorchPython.script("parity.py"), [manifest.path])
        try #require(p.status == 0, "parity.py: \(p.stderr.suffix(2000))")

        for (i, s) in specs.enumerated() {
            let mine = try DatasetSpec.parse(s).load()
            let theirs = try SafeTensors.read(path: folder.appendingPathComponent("data\(i).safetensors").path)
            expectSameBits(theirs.floats("train_x"), mine.train.features, "\(s) train features")
            expectSameBits(theirs.floats("test_x"), mine.test.features, "\(s) test features")
            #expect(theirs.integers("train_y", as: Int64.self)?.map(Int32.init) == mine.train.labels, "\(s) train labels")
            #expect(theirs.integers("test_y", as: Int64.self)?.map(Int32.init) == mine.test.labels, "\(s) test labels")
            #expect(theirs.integers("classes", as: Int64.self) == [Int64(mine.classCount)], "\(s) classes")
        }
        for (i, m) in models.enumerated() {
            var rng = SplitMix64(seed: Permutation.derivedSeed(m.5, stream: 1))
            let q = PairQuantizer(pair: try #require(try PresetLibrary.resolvePair("bnn")))
            let image = m.3.map { ImageShape(channels: $0[0], height: $0[1], width: $0[2]) }
            let model = try m.0.build(featureCount: m.1, imageShape: image, classes: m.2, binarize: m.4, quantizer: q,
                                      activationQuantizer: m.6 ? q : nil, dataName: "images", rng: &rng)
            let theirs = try SafeTensors.read(path: folder.appendingPathComponent("model\(i).safetensors").path)
            var mineFile = SafeTensors()
            ModelTensors.add(model, to: &mineFile)
            #expect(Set(theirs.names) == Set(mineFile.names), "\(m.0): tensor names \(theirs.names.sorted()) vs \(mineFile.names.sorted())")
            for name in mineFile.names {
                #expect(theirs[name]?.shape == mineFile[name]?.shape, "\(m.0) \(name) shape")
                #expect(theirs[name]?.bytes == mineFile[name]?.bytes, "\(m.0) \(name): the initial numbers differ")
            }
        }
    }

    func expectSameBits(_ theirs: [Float]?, _ mine: [Float], _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let theirs else { Issue.record("\(what): missing", sourceLocation: sourceLocation); return }
        #expect(theirs.count == mine.count, "\(what): \(theirs.count) numbers, proxlab \(mine.count)", sourceLocation: sourceLocation)
        let differing = zip(theirs, mine).enumerated().filter { $0.element.0.bitPattern != $0.element.1.bitPattern }
        if let first = differing.first {
            Issue.record("\(what): \(differing.count) numbers differ; first at \(first.offset): \(first.element.0) vs proxlab \(first.element.1)",
                         sourceLocation: sourceLocation)
        }
    }

    /// A PythonValue made of dicts, lists, strings, numbers, None and booleans, as JSON.
    func pythonToJSON(_ v: PythonValue) -> String {
        switch v {
        case .none: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .float(let d): return JSONValue.number(d).compactText
        case .string(let s): return JSONValue.string(s).compactText
        case .list(let items): return "[" + items.map(pythonToJSON).joined(separator: ",") + "]"
        case .dict(let items): return "{" + items.map { JSONValue.string($0.0).compactText + ":" + pythonToJSON($0.1) }.joined(separator: ",") + "}"
        }
    }
}
