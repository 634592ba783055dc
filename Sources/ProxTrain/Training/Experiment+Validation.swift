import Foundation
import ProxCore

/// A setting of an experiment that cannot run: the field (as the JSON form
/// names it) and why, in one line.
public struct ExperimentProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public var field: String
    public var reason: String

    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    public var description: String { "\(field): \(reason)" }
}

/// What every run is checked against before it starts: the one place, used
/// by `proxlab train` (flags and files), the workbench's load dialog and
/// launch form, and `Trainer.init` itself.
extension Experiment {
    public static let maximumEpochs = 1_000_000
    /// As the experiment file's reader bounds it.
    public static let maximumPretrain = 10_000
    public static let maximumBatch = 1_000_000
    /// Pairs times seeds.
    public static let maximumRuns = 10_000

    /// At most half the machine's memory for one run: the rest is the data
    /// set's, the workbench's and everyone else's.
    public static var memoryLimit: Double { Double(ProcessInfo.processInfo.physicalMemory) / 2 }

    /// The checks that need no data.
    public func validate() throws(ExperimentProblem) {
        guard (1...Self.maximumEpochs).contains(epochs) else {
            throw ExperimentProblem(field: "epochs", reason: "\(epochs) is outside 1...\(Self.maximumEpochs)")
        }
        guard (0...Self.maximumPretrain).contains(pretrain) else {
            throw ExperimentProblem(field: "pretrain", reason: "\(pretrain) is outside 0...\(Self.maximumPretrain)")
        }
        guard (1...Self.maximumBatch).contains(batch) else {
            throw ExperimentProblem(field: "batch", reason: "\(batch) is outside 1...\(Self.maximumBatch)")
        }
        if case .mlp(let hidden, _) = model, !hidden.isEmpty, batch < 2 {
            throw ExperimentProblem(field: "batch", reason: "\(batch) is too small: BatchNorm normalizes each feature over the batch and needs at least 2 examples")
        }
        guard learningRate > 0, learningRate <= Double(Float.greatestFiniteMagnitude) else {
            throw ExperimentProblem(field: "lr", reason: "\(formatNumber(learningRate)) must be positive and finite as a 32-bit float")
        }
        guard momentum >= 0, momentum < 1 else {
            throw ExperimentProblem(field: "momentum", reason: "\(formatNumber(momentum)) is outside [0, 1)")
        }
        guard weightDecay >= 0, weightDecay <= Double(Float.greatestFiniteMagnitude) else {
            throw ExperimentProblem(field: "weight_decay", reason: "\(formatNumber(weightDecay)) must be at least 0 and finite as a 32-bit float")
        }
        guard logEvery >= 1 else { throw ExperimentProblem(field: "log_every", reason: "\(logEvery) must be at least 1") }
        guard threads >= 1 else { throw ExperimentProblem(field: "threads", reason: "\(threads) must be at least 1") }
        guard !pairs.isEmpty else { throw ExperimentProblem(field: "pairs", reason: "needs at least one pair") }
        guard !seeds.isEmpty else { throw ExperimentProblem(field: "seeds", reason: "needs at least one seed") }
        guard pairs.count * seeds.count <= Self.maximumRuns else {
            throw ExperimentProblem(field: "seeds", reason: "\(pairs.count) pairs x \(seeds.count) seeds is more than \(Self.maximumRuns) runs")
        }
        do { _ = try DatasetSpec.parse(dataset) } catch { throw ExperimentProblem(field: "dataset", reason: "\(error)") }
    }

    /// Every check, with those that need the data: a batch the training set
    /// can fill, a model the data fit, and memory a run may have.
    public func validate(for dataset: Dataset) throws(ExperimentProblem) {
        try validate()
        guard dataset.train.count >= batch else {
            throw ExperimentProblem(field: "batch", reason: "\(batch) is more than the \(dataset.train.count) examples of the training set")
        }
        if model.needsImages, dataset.imageShape == nil {
            throw ExperimentProblem(field: "model", reason: "\(model) needs image data; \(dataset.name) has \(dataset.featureCount) plain features (use mlp:...)")
        }
        let bytes = model.trainingBytes(features: dataset.featureCount, classes: dataset.classCount, image: dataset.imageShape,
                                        capacity: max(batch, Trainer.evaluationBatch))
        guard bytes <= Self.memoryLimit else {
            throw ExperimentProblem(field: "model", reason: "\(model) on \(dataset.name) needs about \(formatBytes(bytes)) to train, more than the \(formatBytes(Self.memoryLimit)) a run may use (half of this machine's memory): use smaller widths")
        }
    }
}
