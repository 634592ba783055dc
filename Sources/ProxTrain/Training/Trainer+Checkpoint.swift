import ProxCore

/// The run's weights on disk: model.safetensors after every epoch.
extension Trainer {
    /// Writes model.safetensors into the run's folder (nothing for a run
    /// without a log). A write that fails (a full disk) is returned as the
    /// run's failure; the previous epoch's file is still whole.
    func saveCheckpoint(_ state: TrainingState) -> RunFailure? {
        guard let directory = log?.directory else { return nil }
        let file = TrainingCheckpoint.make(model: model, optimizer: optimizer, plan: plan, state: state)
        do { try file.write(to: directory + "/" + TrainingCheckpoint.fileName) } catch {
            return RunFailure(reason: (error.isDiskFull ? "disk full: " : "") + "cannot save the weights after epoch \(state.epoch): \(error)",
                              epoch: state.epoch, step: state.step, log: directory)
        }
        return nil
    }
}
