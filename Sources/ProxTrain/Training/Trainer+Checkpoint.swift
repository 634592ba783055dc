import Foundation
import ProxCore

/// The run's weights on disk: model.safetensors after every epoch, a run
/// started from another's weights (`init_from`), and a run resumed where it
/// stopped.
extension Trainer {
    /// Writes model.safetensors into the run's folder (nothing for a run
    /// without a log). A write that fails (a full disk) is returned as the
    /// run's failure; the previous epoch's file is still whole.
    func saveCheckpoint(_ state: TrainingState) -> RunFailure? {
        guard let directory = log?.directory else { return nil }
        let file = TrainingCheckpoint.make(model: model, optimizer: optimizer, plan: plan,
                                           setup: checkpointSetup ?? plan.setupJSON, state: state)
        do { try file.write(to: directory + "/" + TrainingCheckpoint.fileName) } catch {
            return RunFailure(reason: (error.isDiskFull ? "disk full: " : "") + "cannot save the weights after epoch \(state.epoch): \(error)",
                              epoch: state.epoch, step: state.step, log: directory)
        }
        return nil
    }

    /// The model.safetensors of `source`: a run folder, or the file itself.
    public static func checkpointPath(_ source: String) -> String {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: source, isDirectory: &isFolder), isFolder.boolValue {
            return source + "/" + TrainingCheckpoint.fileName
        }
        return source
    }

    /// Starts from another run's weights (`Experiment.initFrom`): every
    /// tensor of the model, shapes checked first. The optimizer starts fresh.
    func loadInitialWeights(from source: String) throws(SafeTensorsError) {
        let path = Self.checkpointPath(source)
        try ModelTensors.load(try SafeTensors.read(path: path), into: model, source: path)
    }

    /// Continues `run` in its folder from its last completed epoch: the
    /// weights, batch-norm statistics and optimizer state come back bit for
    /// bit, and `run()` carries on with the step count, the schedules' clocks
    /// and the batch order of that epoch, so the result is the one an
    /// uninterrupted run gives.
    public func resume(_ run: ResumableRun) throws {
        let path = run.directory + "/" + TrainingCheckpoint.fileName
        let file = run.checkpoint
        var state: [(source: String, target: Tensor)] = []
        for (k, name) in ModelTensors.parameterNames(model).enumerated() {
            for (stateName, t) in optimizer.state(of: k) {
                let key = "optimizer.\(name).\(stateName)"
                guard let e = file[key], e.dtype == .f32, e.shape == t.shape else {
                    throw SafeTensorsError(file: path, reason: "has no F32 \(t.shape) tensor \(key) for the \(plan.experiment.optimizer.rawValue) optimizer's state")
                }
                state.append((key, t))
            }
        }
        guard let steps = file.metadata["optimizer_steps"].flatMap({ Int($0) }), steps >= 0 else {
            throw SafeTensorsError(file: path, reason: "metadata 'optimizer_steps' is not a whole number")
        }
        try ModelTensors.load(file, into: model, source: path)
        for (key, t) in state { file.copyFloats(key, to: t.data) }
        optimizer.stepCount = steps
        resumePoint = run.state
        checkpointSetup = run.setup
        log = try RunLog(existing: run.directory)
        // A kill during a save leaves its temporary file; the rename never happened.
        for name in (try? FileManager.default.contentsOfDirectory(atPath: run.directory)) ?? []
        where name.hasPrefix("." + TrainingCheckpoint.fileName + ".") && name.hasSuffix(".tmp") {
            try? FileManager.default.removeItem(atPath: run.directory + "/" + name)
        }
    }
}
