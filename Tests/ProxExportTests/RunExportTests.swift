import Foundation
import ProxCore
import ProxTrain
import Testing
import TestHelpers

/// An exported run is the run: its evaluate.py loads the run's
/// model.safetensors into the exported model and predicts, with the
/// deployed network (sign weights), the class proxlab's deployed network
/// predicts for at least 99.9% of the test set, and prints the accuracies
/// the run logged. An MLP on moons and the CNN on small IDX images (which
/// checks the flatten order and the convolutions' weight layout).
@Suite(.enabled(if: TorchPython.available, "needs a Python with torch (make test-torch)"))
struct RunExportTests {
    /// proxlab's predictions on the test set of the run in `folder`, from
    /// the weights in its model.safetensors.
    static func proxlabPredictions(_ folder: String, weights mode: WeightMode) throws -> [Int32] {
        let run = try ResumableRun.open(folder)
        let dataset = try DatasetSpec.parse(run.plan.experiment.dataset).load()
        let trainer = try Trainer(plan: run.plan, dataset: dataset, logRoot: nil)
        let model = trainer.model
        try ModelTensors.load(run.checkpoint, into: model, source: folder)
        let batch = Trainer.evaluationBatch, d = dataset.featureCount, k = dataset.classCount
        let input = Tensor(shape: [batch, d])
        let test = dataset.test
        var out: [Int32] = []
        model.evaluating(weights: mode) {
            for lo in stride(from: 0, to: test.count, by: batch) {
                let n = min(batch, test.count - lo)
                test.features.withUnsafeBufferPointer { f in
                    input.data.update(from: f.baseAddress! + lo * d, count: n * d)
                }
                let logits = model.forward(input, batch: n)
                for r in 0..<n {
                    var best = 0
                    for c in 1..<k where logits.data[r * k + c] > logits.data[r * k + best] { best = c }
                    out.append(Int32(best))
                }
            }
        }
        return out
    }

    /// The last case is a binary CNN (sign inputs to its binary layers, no ReLU before them).
    @Test(arguments: [
        ("bnnplus", "moons:n=10000,noise=0.2", "mlp:64,64", "all", ""),
        ("bnnplusplus", "IDX", "cnn", "except-first-last", ""),
        ("bc", "IDX", "cnn/identity", "except-first-last", "bnn"),
    ])
    func deployPredictionsAreProxlabs(pair: String, dataset: String, model: String, binarize: String, activationPair: String) throws {
        let folder = try RepositoryPaths.temporaryFolder("proxlab-export-run")
        defer { try? FileManager.default.removeItem(at: folder) }
        var data = dataset
        if dataset == "IDX" {
            // 8x8 images of four classes: the brightest quadrant.
            let idx = folder.appendingPathComponent("idx")
            var rng = SplitMix64(seed: 21)
            try IDXFixture.write(idx, counts: (1500, 1000), height: 8, width: 8, rng: &rng) { pixels, _ in
                var sums = [0, 0, 0, 0]
                for (i, p) in pixels.enumerated() { sums[(i / 8 / 4) * 2 + (i % 8) / 4] += Int(p) }
                return UInt8(sums.indices.max { sums[$0] < sums[$1] }!)
            }
            data = "idx:\(idx.path)"
        }
        let runs = folder.appendingPathComponent("runs")
        let t = try ProxlabProcess.run(["train", "--pair", pair, "--dataset", data, "--model", model, "--binarize", binarize,
                                        "--epochs", "2", "--batch", "50", "--seed", "3", "--threads", "1",
                                        "--runs-dir", runs.path] + (activationPair.isEmpty ? [] : ["--activation-pair", activationPair]))
        try #require(t.status == 0, "proxlab train: \(t.stderr)")
        let id = try #require(try FileManager.default.contentsOfDirectory(atPath: runs.path).first)
        let package = folder.appendingPathComponent("package")
        let e = try ProxlabProcess.run(["export", "torch", id, "--runs-dir", runs.path, "--out", package.path])
        try #require(e.status == 0, "export: \(e.stderr)")
        #expect(e.stdout.contains("model.safetensors") && e.stdout.contains("evaluate.py"), "\(e.stdout)")
        let script = try String(contentsOf: package.appendingPathComponent("evaluate.py"), encoding: .utf8)
        #expect(PythonLayout.problems(script, file: "evaluate.py").isEmpty, "\(PythonLayout.problems(script, file: "evaluate.py").prefix(5))")
        let predictions = folder.appendingPathComponent("predictions.json")
        let p = try TorchPython.run(package.appendingPathComponent("evaluate.py"), ["--predictions", predictions.path, "--device", "cpu"])
        try #require(p.status == 0, "evaluate.py: \(p.stderr.suffix(2000))")
        let theirs = try JSONValue(parsing: String(contentsOf: predictions, encoding: .utf8))
        let torchDeploy = (theirs["deploy"]?.arrayValue ?? []).compactMap { $0.numberValue.map { Int32($0) } }
        let mine = try Self.proxlabPredictions(runs.path + "/" + id, weights: .deploy)
        try #require(torchDeploy.count == mine.count && mine.count >= 1000, "\(torchDeploy.count) predictions from torch, \(mine.count) from proxlab")
        let differing = zip(torchDeploy, mine).enumerated().filter { $0.element.0 != $0.element.1 }
        let agreement = 1 - Double(differing.count) / Double(mine.count)
        #expect(agreement >= 0.999, "\(differing.count) of \(mine.count) deploy predictions differ; first at \(differing.first?.offset ?? -1)")
        // The run logged the deploy accuracy of these predictions, and evaluate.py prints it beside its own.
        let labels = try DatasetSpec.parse(data).load().test.labels
        let accuracy = Double(zip(mine, labels).filter { $0 == $1 }.count) / Double(labels.count)
        let logged = try #require(RunRecord.read(directory: runs.path + "/" + id)?.epochs.last?.deployAccuracy)
        #expect(abs(accuracy - logged) < 1e-9, "proxlab's predictions give \(accuracy), the run logged \(logged)")
        let classes = Set(labels).count
        #expect(accuracy > 1.5 / Double(classes), "the run learned nothing (\(accuracy), \(classes) classes): a weak check of the predictions")
        let deployLine = try #require(p.stdout.split(separator: "\n").first { $0.hasPrefix("deploy") })
        #expect(deployLine.contains("the run logged \(String(format: "%.2f", 100 * logged))%"), "\(p.stdout)")
        print("export run: \(pair) \(model) \(activationPair) on \(dataset): \(mine.count - differing.count) of \(mine.count) deploy predictions agree (\(agreement * 100)%); evaluate.py: \(p.stdout.split(separator: "\n").joined(separator: " | "))")
    }
}
