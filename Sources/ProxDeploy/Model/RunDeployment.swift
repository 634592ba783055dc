import Foundation
import ProxCore
import ProxTrain

/// A trained run's network with the weights it saved last, rebuilt as it
/// trained (its plan, its data's shapes): the one way `proxlab deploy` and
/// the workbench's cost ledger and `export torch RUN` open a run.
public struct RunDeployment {
    public let folder: String
    public let run: ResumableRun
    public let dataset: Dataset
    public let trainer: Trainer

    /// Fails with one line naming the folder or file and the reason.
    public static func open(_ folder: String) throws(DeployError) -> RunDeployment {
        let run: ResumableRun
        do { run = try ResumableRun.open(folder) } catch { throw DeployError(error.description) }
        let spec = run.plan.experiment.dataset
        let dataset: Dataset
        do { dataset = try DatasetSpec.parse(spec).load() } catch { throw DeployError("\(folder): dataset \(spec): \(error)") }
        let trainer: Trainer
        let source = folder + "/" + TrainingCheckpoint.fileName
        do {
            trainer = try Trainer(plan: run.plan, dataset: dataset, logRoot: nil)
            try ModelTensors.load(run.checkpoint, into: trainer.model, source: source)
        } catch { throw DeployError("\(error)") }
        // A NaN weight has no sign: such a run diverged, and its packed signs
        // would hide it. A negative variance has no batch norm to fold.
        for name in run.checkpoint.names where !name.hasPrefix("optimizer.") {
            guard let values = run.checkpoint.floats(name) else { continue }
            let variance = name.hasSuffix("running_var")
            guard let bad = values.firstIndex(where: { !$0.isFinite || (variance && $0 < 0) }) else { continue }
            throw DeployError("\(source): tensor \(name) holds \(values[bad]) at index \(bad): the saved weights are broken (did the run diverge?)")
        }
        return RunDeployment(folder: folder, run: run, dataset: dataset, trainer: trainer)
    }

    /// The trained network's accuracy on the test split with sign weights and binary inputs.
    public func deployAccuracy() -> Double { trainer.evaluate(dataset.test, weights: .deploy) }

    /// The deployed model, its provenance (and `extra`) in its info.
    public func model(extra: [String: String] = [:]) throws(DeployError) -> DeployedModel {
        let e = run.plan.experiment
        var info = ["source": folder, "pair": run.plan.pair.name, "model": e.model.description,
                    "binarize": e.binarize.rawValue, "dataset": e.dataset, "epoch": String(run.state.epoch)]
        info.merge(extra) { _, new in new }
        do { return try DeployConverter.convert(trainer.model, info: info) } catch { throw DeployError("\(folder): \(error)") }
    }
}
