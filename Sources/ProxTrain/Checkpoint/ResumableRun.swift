import Foundation
import ProxCore

/// A run folder read back to continue it (`proxlab train --resume RUN`): its
/// plan, from the setup its model.safetensors was written with, and where it
/// stopped.
public struct ResumableRun {
    public let directory: String
    public let plan: RunPlan
    public let checkpoint: SafeTensors
    public let state: TrainingState
    /// The setup the run was started with, kept in the checkpoints it goes on writing.
    public let setup: JSONValue

    /// Epochs the run was planned for, pretraining included.
    public var totalEpochs: Int { plan.experiment.pretrain + plan.experiment.epochs }
    public var isComplete: Bool { state.epoch >= totalEpochs }

    public static func open(_ directory: String) throws(SafeTensorsError) -> ResumableRun {
        let path = directory + "/" + TrainingCheckpoint.fileName
        guard FileManager.default.fileExists(atPath: path) else {
            throw SafeTensorsError(file: directory, reason: "has no \(TrainingCheckpoint.fileName): the run stopped before its first epoch ended; start it again")
        }
        let file = try SafeTensors.read(path: path)
        let meta = file.metadata
        guard meta["format"] == TrainingCheckpoint.format else {
            throw SafeTensorsError(file: path, reason: "format is \(meta["format"].map { "'\($0)'" } ?? "missing"), expected '\(TrainingCheckpoint.format)': not a proxlab run's checkpoint")
        }
        func number(_ key: String) throws(SafeTensorsError) -> Int {
            guard let text = meta[key], let n = Int(text), n >= 0 else {
                throw SafeTensorsError(file: path, reason: "metadata '\(key)' is \(meta[key].map { "'\($0)'" } ?? "missing"), expected a whole number")
            }
            return n
        }
        guard let lrText = meta["learning_rate_sum"], let lrSum = Double(lrText), lrSum.isFinite else {
            throw SafeTensorsError(file: path, reason: "metadata 'learning_rate_sum' is not a number")
        }
        let setup: JSONValue
        var plan: RunPlan
        do {
            setup = try JSONValue(parsing: meta["experiment"] ?? "")
            plan = try RunPlan(setup: setup, file: path)
        } catch {
            throw SafeTensorsError(file: path, reason: "metadata 'experiment' does not describe a run: \(error)")
        }
        // The weights come from the checkpoint, not from where the run began.
        plan.experiment.initFrom = nil
        let state = TrainingState(epoch: try number("epoch"), step: try number("step"), learningRateSum: lrSum)
        return ResumableRun(directory: directory, plan: plan, checkpoint: file, state: state, setup: setup)
    }
}
