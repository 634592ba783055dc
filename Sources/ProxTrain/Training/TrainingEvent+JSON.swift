import ProxCore

/// The JSON Lines form of events, as stored in `events.jsonl`.
extension TrainingEvent {
    public var json: JSONValue {
        switch self {
        case .started(let i):
            // A resumed run starts again in its folder: `resumed_from` says
            // how many epochs of the log before it still count.
            return .object([("event", .string("started")), ("id", .string(i.id)), ("pair", .string(i.pair)),
                            ("dataset", .string(i.dataset)), ("model", .string(i.model)), ("seed", .number(Double(i.seed))),
                            ("epochs", .number(Double(i.epochs))), ("steps_per_epoch", .number(Double(i.stepsPerEpoch)))]
                           + (i.resumedFrom.map { [("resumed_from", .number(Double($0)))] } ?? []))
        case .step(let s):
            return .object([("event", .string("step")), ("step", .number(Double(s.step))), ("epoch", .number(Double(s.epoch))),
                            ("loss", .number(s.loss)), ("accuracy", .number(s.accuracy)), ("mu", .number(s.mu)),
                            ("lr", .number(s.learningRate)), ("examples_per_second", .number(s.examplesPerSecond.rounded()))])
        case .epoch(let e):
            return .object([("event", .string("epoch")), ("epoch", .number(Double(e.epoch))), ("phase", .string(e.phase.rawValue)),
                            ("train_loss", .number(e.trainLoss)), ("train_accuracy", .number(e.trainAccuracy)),
                            ("test_accuracy", .number(e.testAccuracy)), ("deploy_accuracy", .number(e.deployAccuracy)),
                            ("flip_ratio", .number(e.flipRatio)), ("saturation", .number(e.saturation)),
                            ("at_clip", .number(e.atClip)), ("quantization_gap", .number(e.quantizationGap)),
                            ("mu", .number(e.mu)), ("lr", .number(e.learningRate)),
                            ("examples_per_second", .number(e.examplesPerSecond.rounded())), ("seconds", .number(e.seconds)),
                            ("latent_histogram", .array(e.latentHistogram.map { .number(Double($0)) })),
                            ("histogram_range", .array([.number(e.histogramRange.lowerBound), .number(e.histogramRange.upperBound)]))])
        case .finished(let s):
            return .object([("event", .string("finished"))] + s.jsonFields)
        case .cancelled(let s):
            return .object([("event", .string("cancelled"))] + s.jsonFields)
        case .failed(let f):
            return .object([("event", .string("failed")), ("reason", .string(f.reason)),
                            ("epoch", .number(Double(f.epoch))), ("step", .number(Double(f.step)))])
        }
    }
}

extension RunSummary {
    /// The summary's fields, shared by the log's last event and `train --json`.
    public var jsonFields: [(key: String, value: JSONValue)] {
        let s = self
        return [("pair", .string(s.pair)), ("dataset", .string(s.dataset)), ("seed", .number(Double(s.seed))),
         ("epochs", .number(Double(s.epochs))), ("final_loss", .number(s.finalLoss)),
         ("test_accuracy", .number(s.testAccuracy)), ("deploy_accuracy", .number(s.deployAccuracy)),
         ("flip_ratio", .number(s.flipRatio)), ("epoch_seconds", .array(s.epochSeconds.map(JSONValue.number)))]
    }
}
