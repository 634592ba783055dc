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
        case .epoch(var e):
            e.examplesPerSecond.round()
            return .object([("event", .string("epoch")), ("epoch", .number(Double(e.epoch))), ("phase", .string(e.phase.rawValue))]
                           + EpochMetrics.logNumbers.map { ($0.name, .number(e[keyPath: $0.field])) }
                           + [("latent_histogram", .array(e.latentHistogram.map { .number(Double($0)) })),
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

extension EpochMetrics {
    /// An epoch's numbers as the log names them, in its order: the writer,
    /// the reader and the CSV of `runs show` all go through this list.
    public static var logNumbers: [(name: String, field: WritableKeyPath<EpochMetrics, Double>)] {
        [("train_loss", \.trainLoss), ("train_accuracy", \.trainAccuracy), ("test_accuracy", \.testAccuracy),
         ("deploy_accuracy", \.deployAccuracy), ("flip_ratio", \.flipRatio), ("saturation", \.saturation), ("at_clip", \.atClip),
         ("quantization_gap", \.quantizationGap), ("mu", \.mu), ("lr", \.learningRate),
         ("examples_per_second", \.examplesPerSecond), ("seconds", \.seconds)]
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

// MARK: - Reading

/// The reader beside the writer: an `events.jsonl` line back into an event.
/// What the writer leaves out (the memory table and log folder of `started`,
/// the decision boundary of `epoch`) comes back empty; numbers the writer
/// stored as null (NaN, infinities) come back as NaN.
extension TrainingEvent {
    /// Nil for a line that is not an event of this schema (unknown kind, a
    /// field missing or of the wrong type).
    public init?(json j: JSONValue) {
        let f = Fields(j)
        switch j["event"]?.stringValue {
        case "started":
            guard let id = f.string("id"), let pair = f.string("pair"), let dataset = f.string("dataset"),
                  let model = f.string("model"), let seed = f.seed("seed"), let epochs = f.int("epochs"),
                  let steps = f.int("steps_per_epoch") else { return nil }
            let resumed = j["resumed_from"] == nil ? nil : f.int("resumed_from")
            if j["resumed_from"] != nil && resumed == nil { return nil }
            self = .started(RunInfo(id: id, pair: pair, dataset: dataset, model: model, seed: seed, epochs: epochs,
                                    stepsPerEpoch: steps, memory: [], resumedFrom: resumed))
        case "step":
            guard let step = f.int("step"), let epoch = f.int("epoch"), let loss = f.double("loss"), let accuracy = f.double("accuracy"),
                  let mu = f.double("mu"), let lr = f.double("lr"), let rate = f.double("examples_per_second") else { return nil }
            self = .step(StepMetrics(step: step, epoch: epoch, loss: loss, accuracy: accuracy, mu: mu, learningRate: lr,
                                     examplesPerSecond: rate))
        case "epoch":
            guard let epoch = f.int("epoch"), let histogram = f.ints("latent_histogram"),
                  let range = f.doubles("histogram_range"), range.count == 2, range[0] <= range[1] else { return nil }
            // Logs from before pretraining existed have no phase: every epoch was binarized.
            guard let phase = j["phase"] == nil ? .binarized : f.string("phase").flatMap(TrainingPhase.init(rawValue:)) else { return nil }
            var m = EpochMetrics(epoch: epoch, trainLoss: .nan, trainAccuracy: .nan, testAccuracy: .nan, deployAccuracy: .nan,
                                 flipRatio: .nan, saturation: .nan, atClip: .nan, quantizationGap: .nan, mu: .nan,
                                 learningRate: .nan, examplesPerSecond: .nan, seconds: .nan, latentHistogram: histogram,
                                 histogramRange: range[0]...range[1], phase: phase)
            for number in EpochMetrics.logNumbers {
                guard let v = f.double(number.name) else { return nil }
                m[keyPath: number.field] = v
            }
            self = .epoch(m)
        case "finished":
            guard let s = RunSummary(fields: f) else { return nil }
            self = .finished(s)
        case "cancelled":
            guard let s = RunSummary(fields: f) else { return nil }
            self = .cancelled(s)
        case "failed":
            guard let reason = f.string("reason"), let epoch = f.int("epoch"), let step = f.int("step") else { return nil }
            self = .failed(RunFailure(reason: reason, epoch: epoch, step: step, log: nil))
        default:
            return nil
        }
    }
}

extension RunSummary {
    init?(fields f: Fields) {
        guard let pair = f.string("pair"), let dataset = f.string("dataset"), let seed = f.seed("seed"),
              let epochs = f.int("epochs"), let loss = f.double("final_loss"), let test = f.double("test_accuracy"),
              let deploy = f.double("deploy_accuracy"), let flip = f.double("flip_ratio"),
              let seconds = f.doubles("epoch_seconds") else { return nil }
        self.init(pair: pair, dataset: dataset, seed: seed, epochs: epochs, finalLoss: loss, testAccuracy: test,
                  deployAccuracy: deploy, flipRatio: flip, epochSeconds: seconds, log: nil)
    }
}

/// Typed access to one line's fields; nil for a missing or mistyped field.
struct Fields {
    let json: JSONValue
    init(_ json: JSONValue) { self.json = json }

    func string(_ key: String) -> String? { json[key]?.stringValue }

    /// A number; null (how the writer stores NaN and infinities) is NaN.
    func double(_ key: String) -> Double? {
        guard let v = json[key] else { return nil }
        return v.isNull ? .nan : v.numberValue
    }

    /// A whole number in Int's range.
    func int(_ key: String) -> Int? { json[key].flatMap(Self.whole) }

    func seed(_ key: String) -> UInt64? {
        guard let n = json[key]?.numberValue, n >= 0, n == n.rounded(), n < 1.8e19 else { return nil }
        return UInt64(n)
    }

    func doubles(_ key: String) -> [Double]? {
        guard let items = json[key]?.arrayValue else { return nil }
        let values = items.map { $0.isNull ? Double.nan : $0.numberValue }
        return values.contains(nil) ? nil : values.map { $0! }
    }

    func ints(_ key: String) -> [Int]? {
        guard let items = json[key]?.arrayValue else { return nil }
        let values = items.map(Self.whole)
        return values.contains(nil) ? nil : values.map { $0! }
    }

    static func whole(_ v: JSONValue) -> Int? {
        guard let n = v.numberValue, n == n.rounded(), abs(n) < 9e15 else { return nil }
        return Int(n)
    }
}
