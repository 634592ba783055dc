import Foundation
import ProxCore
import ProxTrain

/// A trained run's network with the weights it saved last, rebuilt as it
/// trained (its plan, its data's shapes): the one way `proxlab deploy` and
/// the workbench's cost ledger open a run.
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
        do {
            trainer = try Trainer(plan: run.plan, dataset: dataset, logRoot: nil)
            try ModelTensors.load(run.checkpoint, into: trainer.model, source: folder + "/" + TrainingCheckpoint.fileName)
        } catch { throw DeployError("\(error)") }
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
