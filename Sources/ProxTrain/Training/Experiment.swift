import Foundation
import ProxCore

/// Everything that defines a training experiment: one or more pairs, one or
/// more seeds, on one data set and model. Each (pair, seed) is one run.
///
/// The JSON form (presets/experiments/*.json) is the shareable, seeded
/// description of a setup in the spirit of TensorFlow Playground's URL:
///
///     {
///       "name": "moons-all",
///       "description": "...",
///       "dataset": "moons:noise=0.1",
///       "model": "mlp:32,32",
///       "binarize": "except-first",
///       "pairs": ["bc", "bnn"],
///       "seeds": [0, 1, 2],
///       "epochs": 30, "batch": 50,
///       "optimizer": "adam", "lr": 0.01, "lr_schedule": "constant",
///       "momentum": 0.9, "weight_decay": 0,
///       "backward_at": null, "activation_pair": null,
///       "log_every": 20, "threads": 2,
///       "pretrain": 0, "init_from": null
///     }
public struct Experiment: Sendable, Equatable {
    public var name: String
    public var summary: String = ""
    public var dataset: String
    public var model: ModelSpec = .mlp(hidden: [512, 512])
    public var binarize: BinarizePolicy = .all
    /// Preset names or pair files.
    public var pairs: [String]
    public var seeds: [UInt64] = [0]
    public var epochs: Int = 5
    public var batch: Int = 100
    public var optimizer: OptimizerKind = .adam
    public var learningRate: Double = 1e-3
    public var learningRateSchedule: LearningRateSchedule = .constant
    public var momentum: Double = 0.9
    public var weightDecay: Double = 0
    /// Overrides every pair's evaluation point when set.
    public var backwardAt: EvaluationPoint?
    /// A pair applied to hidden activations (sign activations, as in BNN), or none.
    public var activationPair: String?
    /// Steps between `step` events.
    public var logEvery: Int = 50
    /// Cores a run may use: 2 headless, 1 inside the workbench
    /// (`Sequential.teamSize` decides how a step uses them).
    public var threads: Int = 2
    /// Epochs of full-precision training before the `epochs` binarized ones,
    /// in the same run: the fine-tuning protocol of the PC++, ProxConnect and
    /// ProxQuant papers, which binarize a pretrained model (`TrainingPhase`).
    public var pretrain: Int = 0
    /// A run folder (or its model.safetensors) whose weights the run starts from.
    public var initFrom: String?

    public init(name: String, dataset: String, pairs: [String]) {
        self.name = name
        self.dataset = dataset
        self.pairs = pairs
    }

    public static let fields = ["name", "description", "dataset", "model", "binarize", "pairs", "seeds", "epochs", "batch",
                                "optimizer", "lr", "lr_schedule", "momentum", "weight_decay", "backward_at",
                                "activation_pair", "log_every", "threads", "pretrain", "init_from"]

    public static func load(path: String) throws(PresetError) -> Experiment {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PresetError(file: path, reason: FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file")
        }
        return try decode(PresetReader(data: data, file: path))
    }

    public static func decode(_ r: PresetReader) throws(PresetError) -> Experiment {
        try r.allowOnly(fields, required: ["name", "dataset", "pairs"])
        var e = Experiment(name: try r.string("name")!, dataset: try r.string("dataset")!, pairs: try r.strings("pairs")!)
        if e.pairs.isEmpty { throw PresetError(file: r.file, field: "pairs", reason: "needs at least one pair") }
        e.summary = try r.string("description") ?? ""
        if let m = try r.string("model") {
            do { e.model = try ModelSpec(parsing: m) } catch { throw PresetError(file: r.file, field: "model", reason: error.message) }
        }
        if let b = try r.string("binarize") {
            guard let p = BinarizePolicy(rawValue: b) else {
                throw PresetError(file: r.file, field: "binarize", reason: "expected one of \(BinarizePolicy.allCases.map(\.rawValue).joined(separator: ", ")), got \"\(b)\"")
            }
            e.binarize = p
        }
        if let seeds = r.value["seeds"], !seeds.isNull {
            let items = seeds.arrayValue ?? [seeds]
            e.seeds = []
            for item in items {
                guard let n = item.numberValue, n >= 0, n == n.rounded(), n < 9e15 else {
                    throw PresetError(file: r.file, field: "seeds", reason: "expected whole numbers >= 0")
                }
                e.seeds.append(UInt64(n))
            }
            if e.seeds.isEmpty { throw PresetError(file: r.file, field: "seeds", reason: "needs at least one seed") }
        }
        e.epochs = try r.integer("epochs", minimum: 1) ?? e.epochs
        e.batch = try r.integer("batch", minimum: 1) ?? e.batch
        if let o = try r.string("optimizer") {
            guard let kind = OptimizerKind(rawValue: o) else {
                throw PresetError(file: r.file, field: "optimizer", reason: "expected adam or sgd, got \"\(o)\"")
            }
            e.optimizer = kind
        }
        if let lr = try r.number("lr") {
            guard lr > 0 else { throw PresetError(file: r.file, field: "lr", reason: "must be positive") }
            e.learningRate = lr
        }
        if let s = try r.string("lr_schedule") {
            guard let kind = LearningRateSchedule(rawValue: s) else {
                throw PresetError(file: r.file, field: "lr_schedule", reason: "expected one of \(LearningRateSchedule.allCases.map(\.rawValue).joined(separator: ", ")), got \"\(s)\"")
            }
            e.learningRateSchedule = kind
        }
        e.momentum = try r.number("momentum") ?? e.momentum
        e.weightDecay = try r.number("weight_decay") ?? e.weightDecay
        if let at = try r.string("backward_at") {
            guard let p = EvaluationPoint(rawValue: at) else {
                throw PresetError(file: r.file, field: "backward_at", reason: "expected latent or quantized, got \"\(at)\"")
            }
            e.backwardAt = p
        }
        e.activationPair = try r.string("activation_pair")
        e.logEvery = try r.integer("log_every", minimum: 1) ?? e.logEvery
        e.threads = try r.integer("threads", minimum: 1) ?? e.threads
        e.pretrain = try r.integer("pretrain", minimum: 0) ?? e.pretrain
        if e.pretrain > maximumPretrain { throw PresetError(file: r.file, field: "pretrain", reason: "expected at most \(maximumPretrain) epochs, got \(e.pretrain)") }
        e.initFrom = try r.string("init_from")
        if e.initFrom?.isEmpty == true { throw PresetError(file: r.file, field: "init_from", reason: "expected a run folder, got an empty string") }
        return e
    }

    /// The JSON form, fields in documented order; written into every run's folder.
    public var json: JSONValue {
        var fields: [(key: String, value: JSONValue)] = [
            ("name", .string(name)), ("description", .string(summary)), ("dataset", .string(dataset)),
            ("model", .string(model.description)), ("binarize", .string(binarize.rawValue)),
            ("pairs", .array(pairs.map(JSONValue.string))), ("seeds", .array(seeds.map { .number(Double($0)) })),
            ("epochs", .number(Double(epochs))), ("batch", .number(Double(batch))),
            ("optimizer", .string(optimizer.rawValue)), ("lr", .number(learningRate)),
            ("lr_schedule", .string(learningRateSchedule.rawValue)), ("momentum", .number(momentum)),
            ("weight_decay", .number(weightDecay)),
        ]
        fields.append(("backward_at", backwardAt.map { .string($0.rawValue) } ?? .null))
        fields.append(("activation_pair", activationPair.map(JSONValue.string) ?? .null))
        fields.append(("log_every", .number(Double(logEvery))))
        fields.append(("threads", .number(Double(threads))))
        fields.append(("pretrain", .number(Double(pretrain))))
        fields.append(("init_from", initFrom.map(JSONValue.string) ?? .null))
        return .object(fields)
    }
}

public enum OptimizerKind: String, Sendable, CaseIterable { case adam, sgd }

/// How the learning rate moves over the run.
public enum LearningRateSchedule: String, Sendable, CaseIterable {
    case constant
    /// Cosine decay to 0 over the run (Loshchilov & Hutter, SGDR, 2017).
    case cosine

    public func rate(base: Double, fraction: Double) -> Double {
        switch self {
        case .constant: return base
        case .cosine: return base * 0.5 * (1 + cos(Double.pi * min(max(fraction, 0), 1)))
        }
    }
}

/// Which weight layers are binarized. Keeping the first (and last) layer in
/// full precision is common practice; on 2-D inputs a binary first layer can
/// only draw boundaries through a handful of directions.
public enum BinarizePolicy: String, Sendable, CaseIterable {
    case all
    case exceptFirst = "except-first"
    case exceptFirstAndLast = "except-first-last"
    case none

    public func flags(layers n: Int) -> [Bool] {
        (0..<n).map { i in
            switch self {
            case .all: return true
            case .exceptFirst: return i > 0
            case .exceptFirstAndLast: return i > 0 && i < n - 1
            case .none: return false
            }
        }
    }
}
