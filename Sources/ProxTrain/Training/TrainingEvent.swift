import ProxCore

/// What a running trainer reports, in order: `started`, then `step` and
/// `epoch` events, then exactly one of `finished`, `failed` or `cancelled`.
/// The workbench draws these; the run log stores them as JSON Lines.
public enum TrainingEvent: Sendable, Equatable {
    case started(RunInfo)
    case step(StepMetrics)
    case epoch(EpochMetrics)
    case finished(RunSummary)
    case failed(RunFailure)
    case cancelled(RunSummary)
}

public struct RunInfo: Sendable, Equatable {
    public var id: String
    public var pair: String
    public var dataset: String
    public var model: String
    public var seed: UInt64
    public var epochs: Int
    public var stepsPerEpoch: Int
    public var logDirectory: String?
    public var memory: [LayerMemory]
    /// The epochs already completed when a resumed run continues (`--resume`); nil for a new run.
    public var resumedFrom: Int?

    public init(id: String, pair: String, dataset: String, model: String, seed: UInt64, epochs: Int, stepsPerEpoch: Int, logDirectory: String? = nil, memory: [LayerMemory], resumedFrom: Int? = nil) {
        self.id = id
        self.pair = pair
        self.dataset = dataset
        self.model = model
        self.seed = seed
        self.epochs = epochs
        self.stepsPerEpoch = stepsPerEpoch
        self.logDirectory = logDirectory
        self.memory = memory
        self.resumedFrom = resumedFrom
    }
}

/// Every `log_every` steps: the recent training loss and where the schedules are.
public struct StepMetrics: Sendable, Equatable {
    public var step: Int
    public var epoch: Int
    /// Mean loss over the steps since the last report.
    public var loss: Double
    /// Running training accuracy of this epoch so far, with F(theta).
    public var accuracy: Double
    public var mu: Double
    public var learningRate: Double
    public var examplesPerSecond: Double

    public init(step: Int, epoch: Int, loss: Double, accuracy: Double, mu: Double, learningRate: Double, examplesPerSecond: Double) {
        self.step = step
        self.epoch = epoch
        self.loss = loss
        self.accuracy = accuracy
        self.mu = mu
        self.learningRate = learningRate
        self.examplesPerSecond = examplesPerSecond
    }
}

/// The metrics of docs/THEORY.md section 6 at the end of an epoch.
public struct EpochMetrics: Sendable, Equatable {
    public var epoch: Int
    public var trainLoss: Double
    /// Running accuracy over the epoch's batches, with F(theta) in training mode.
    public var trainAccuracy: Double
    /// Test accuracy with F(theta), evaluation mode.
    public var testAccuracy: Double
    /// Test accuracy with sign(theta) weights: the network one would ship.
    public var deployAccuracy: Double
    /// Share of sign(theta) that changed since the previous epoch.
    public var flipRatio: Double
    /// Share of theta where B'(x) = 0: weights that receive no gradient.
    public var saturation: Double
    /// Share of theta at the latent clip's edge |theta| = c (0 without a clip).
    public var atClip: Double
    /// mean |F(theta) - sign(theta)|.
    public var quantizationGap: Double
    public var mu: Double
    public var learningRate: Double
    public var examplesPerSecond: Double
    public var seconds: Double
    /// Histogram of every binarized layer's theta over `histogramRange`.
    public var latentHistogram: [Int]
    public var histogramRange: ClosedRange<Double>
    /// For 2-D data sets: the classifier over the input plane (not logged).
    public var boundary: DecisionBoundary? = nil
    /// Full-precision pretraining or binarized training (`Experiment.pretrain`).
    public var phase: TrainingPhase = .binarized

    public init(epoch: Int, trainLoss: Double, trainAccuracy: Double, testAccuracy: Double, deployAccuracy: Double, flipRatio: Double, saturation: Double, atClip: Double, quantizationGap: Double, mu: Double, learningRate: Double, examplesPerSecond: Double, seconds: Double, latentHistogram: [Int], histogramRange: ClosedRange<Double>, boundary: DecisionBoundary? = nil, phase: TrainingPhase = .binarized) {
        self.epoch = epoch
        self.trainLoss = trainLoss
        self.trainAccuracy = trainAccuracy
        self.testAccuracy = testAccuracy
        self.deployAccuracy = deployAccuracy
        self.flipRatio = flipRatio
        self.saturation = saturation
        self.atClip = atClip
        self.quantizationGap = quantizationGap
        self.mu = mu
        self.learningRate = learningRate
        self.examplesPerSecond = examplesPerSecond
        self.seconds = seconds
        self.latentHistogram = latentHistogram
        self.histogramRange = histogramRange
        self.boundary = boundary
        self.phase = phase
    }
}

public struct RunSummary: Sendable, Equatable {
    public var pair: String
    public var dataset: String
    public var seed: UInt64
    public var epochs: Int
    public var finalLoss: Double
    public var testAccuracy: Double
    public var deployAccuracy: Double
    public var flipRatio: Double
    public var epochSeconds: [Double]
    public var log: String?

    public init(pair: String, dataset: String, seed: UInt64, epochs: Int, finalLoss: Double, testAccuracy: Double,
                deployAccuracy: Double, flipRatio: Double, epochSeconds: [Double], log: String?) {
        self.pair = pair
        self.dataset = dataset
        self.seed = seed
        self.epochs = epochs
        self.finalLoss = finalLoss
        self.testAccuracy = testAccuracy
        self.deployAccuracy = deployAccuracy
        self.flipRatio = flipRatio
        self.epochSeconds = epochSeconds
        self.log = log
    }
}

extension RunSummary {
    /// A run's summary as its last epoch left it (NaN before the first): what
    /// the trainer reports at the end, and what `proxlab runs compare` reads
    /// back from a log, so both tables hold the same numbers.
    public init(pair: String, dataset: String, seed: UInt64, last: EpochMetrics?, epochs: Int, epochSeconds: [Double], log: String?) {
        self.init(pair: pair, dataset: dataset, seed: seed, epochs: epochs,
                  finalLoss: last?.trainLoss ?? .nan, testAccuracy: last?.testAccuracy ?? .nan,
                  deployAccuracy: last?.deployAccuracy ?? .nan, flipRatio: last?.flipRatio ?? .nan,
                  epochSeconds: epochSeconds, log: log)
    }
}

public struct RunFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: String
    public var epoch: Int
    public var step: Int
    public var log: String?
    public var description: String { reason }

    public init(reason: String, epoch: Int, step: Int, log: String?) {
        self.reason = reason
        self.epoch = epoch
        self.step = step
        self.log = log
    }
}
