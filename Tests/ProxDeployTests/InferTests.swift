import Foundation
import ProxCore
import ProxDeploy
import ProxTrain
import Testing

/// A trained toy run, deployed to a file, read back and run packed, predicts
/// what the trained network evaluated with sign weights and binary inputs
/// predicts, example by example: its deploy accuracy, exactly.
@Suite struct InferTests {
    static func bnn() throws -> QuantizerPair {
        QuantizerPair(name: "bnn", forward: .sign, backward: try Quantizer(parsing: "clip(1)"), prox: .sign, latentClip: 1)
    }

    /// The trained network's deploy predictions, in the trainer's evaluation batches.
    static func trainedPredictions(_ model: Sequential, _ split: DataSplit) -> [Int32] {
        let batch = Trainer.evaluationBatch
        let sampler = BatchSampler(count: split.count, batchSize: batch, seed: 0, dropLast: false, shuffles: false)
        let input = Tensor(shape: [batch, split.featureCount])
        var labels = [Int32](repeating: 0, count: batch), out: [Int32] = []
        model.prepare(batch: batch)
        model.evaluating(weights: .deploy) {
            for b in 0..<sampler.batchCount {
                let rows = labels.withUnsafeMutableBufferPointer {
                    sampler.gather(batch: b, from: split, features: input.data, labels: $0.baseAddress!)
                }
                let logits = model.forward(input, batch: rows).data
                for r in 0..<rows {
                    var best = 0
                    for j in 1..<model.classes where logits[r * model.classes + j] > logits[r * model.classes + best] { best = j }
                    out.append(Int32(best))
                }
            }
        }
        return out
    }

    @Test func inferPredictsWhatTheTrainedNetworkDeploys() throws {
        var e = Experiment(name: "infer", dataset: "moons:noise=0.2,n=1500", pairs: ["bnn"])
        e.model = .mlp(hidden: [48, 48, 48], activation: .identity)
        e.binarize = .exceptFirstAndLast
        e.epochs = 3
        e.batch = 50
        e.learningRate = 0.01
        e.threads = 1
        e.activationPair = "bnn"
        let dataset = try DatasetSpec.parse(e.dataset).load()
        let bnn = try Self.bnn()
        let trainer = try Trainer(plan: RunPlan(experiment: e, pair: bnn, activationPair: bnn, seed: 0),
                                  dataset: dataset, logRoot: nil)
        guard case .success = trainer.run() else { Issue.record("the toy run failed"); return }
        let deployAccuracy = trainer.evaluate(dataset.test, weights: .deploy)
        let expected = Self.trainedPredictions(trainer.model, dataset.test)

        let file = FileManager.default.temporaryDirectory.appendingPathComponent("deployed-\(UUID().uuidString).safetensors").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        try DeployedModelFile.write(try DeployConverter.convert(trainer.model), to: file)
        let model = try DeployedModelFile.read(path: file)
        #expect(model.steps.contains { if case .binaryDense = $0.layer { return true }; return false })
        for form in PopcountForm.supported {
            let predicted = DeployedNetwork(model, form: form).predictions(on: dataset.test)
            #expect(mismatch(expected, predicted) == nil, "\(form): \(mismatch(expected, predicted)!)")
            let correct = zip(predicted, dataset.test.labels).filter { $0 == $1 }.count
            #expect(Double(correct) / Double(dataset.test.count) == deployAccuracy)
        }
        // On a team the float layers are shared too (by the trainer's fixed
        // tiles), and every logit keeps its bits.
        let alone = DeployedNetwork(model)
        alone.prepare(batch: 100)
        let input = Tensor(shape: [100, dataset.featureCount])
        dataset.test.features.withUnsafeBufferPointer { input.data.update(from: $0.baseAddress!, count: 100 * dataset.featureCount) }
        let reference = Array(UnsafeBufferPointer(start: alone.forward(input, batch: 100).data, count: 100 * model.classes))
        for size in [2, 3] {
            let shared = DeployedNetwork(model)
            shared.team = Team(size: size)
            #expect(mismatch(expected, shared.predictions(on: dataset.test)) == nil, "a team of \(size)")
            shared.prepare(batch: 100)
            let logits = Array(UnsafeBufferPointer(start: shared.forward(input, batch: 100).data, count: 100 * model.classes))
            #expect(logits.map(\.bitPattern) == reference.map(\.bitPattern), "a team of \(size): the logits differ")
        }
        // The network learned something, so equal predictions are not a constant.
        #expect(deployAccuracy > 0.75 && Set(expected).count == 2)
    }
}
