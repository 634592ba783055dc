import ProxTrain

/// The small form that starts training runs from the current pair.
public struct LaunchForm: Equatable, Sendable {
    public enum Field: Int, CaseIterable, Sendable {
        case dataset, model, binarize, epochs, batch, lr, seeds, pretrain, backwardAt, duel, start
    }

    public static let datasets = ["moons:noise=0.1", "moons:noise=0.3", "circles", "spirals", "xor", "blobs:k=3", "fashion-mnist"]
    public static let models = ["mlp:16,16", "mlp:32,32", "mlp:64,64", "mlp:128,128", "mlp:512,512", "cnn", "resnet:16,32,64"]
    public static let policies = BinarizePolicy.allCases.map(\.rawValue)
    public static let epochChoices = [1, 2, 3, 5, 10, 20, 30, 50, 100]
    /// Full-precision epochs before binarizing (`Experiment.pretrain`).
    public static let pretrainChoices = [0, 1, 2, 3, 5, 10]
    public static let batchChoices = [16, 32, 50, 64, 100, 128, 256]
    public static let rateChoices = [1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1]
    public static let seedChoices = [1, 2, 3, 5]
    public static let evaluationPoints = ["pair's", "latent", "quantized"]

    public var field: Field = .dataset
    public var dataset = 0
    public var model = 1
    public var binarize = 1
    public var pretrain = 0
    public var epochs = 6
    public var batch = 2
    public var lr = 4
    public var seeds = 0
    public var backwardAt = 0
    /// Partners of a lockstep duel, by preset name (none: ordinary runs).
    /// With partners, each seed is one duel of the pair and them.
    public var duel: [String] = []
    /// The preset the duel field points at (an index into the load dialog's pairs).
    public var duelCursor = 0

    public init() {}

    /// Moves the selected field's choice by `delta` (wrapping).
    public mutating func step(_ delta: Int) {
        func wrap(_ v: Int, _ n: Int) -> Int { ((v + delta) % n + n) % n }
        switch field {
        case .dataset:
            dataset = wrap(dataset, Self.datasets.count)
            // Image data wants the reference MLP and every layer binarized.
            if Self.datasets[dataset] == "fashion-mnist" { model = 4; binarize = 0; epochs = 3; batch = 4; lr = 2 }
        case .model: model = wrap(model, Self.models.count)
        case .binarize: binarize = wrap(binarize, Self.policies.count)
        case .pretrain: pretrain = wrap(pretrain, Self.pretrainChoices.count)
        case .epochs: epochs = wrap(epochs, Self.epochChoices.count)
        case .batch: batch = wrap(batch, Self.batchChoices.count)
        case .lr: lr = wrap(lr, Self.rateChoices.count)
        case .seeds: seeds = wrap(seeds, Self.seedChoices.count)
        case .backwardAt: backwardAt = wrap(backwardAt, Self.evaluationPoints.count)
        case .duel, .start: break
        }
    }

    public func value(_ f: Field) -> String {
        switch f {
        case .dataset: return Self.datasets[dataset]
        case .model: return Self.models[model]
        case .binarize: return Self.policies[binarize]
        case .pretrain: return String(Self.pretrainChoices[pretrain])
        case .epochs: return String(Self.epochChoices[epochs])
        case .batch: return String(Self.batchChoices[batch])
        case .lr: return "\(Self.rateChoices[lr])"
        case .seeds: return String(Self.seedChoices[seeds])
        case .backwardAt: return Self.evaluationPoints[backwardAt]
        case .duel: return duel.isEmpty ? "off" : duel.joined(separator: ", ")
        case .start: return "start"
        }
    }

    public static func label(_ f: Field) -> String {
        switch f {
        case .dataset: return "data set"
        case .model: return "model"
        case .binarize: return "binarize"
        case .pretrain: return "pretrain epochs"
        case .epochs: return "epochs"
        case .batch: return "batch"
        case .lr: return "learning rate"
        case .seeds: return "seeds"
        case .backwardAt: return "B' at"
        case .duel: return "lockstep with"
        case .start: return ""
        }
    }
}
