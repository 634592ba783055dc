import ProxCore
import ProxTrain

/// Everything the UI knows about one run, built from its messages.
public struct RunView: Sendable {
    public enum Status: Hashable, Sendable {
        case queued, running, paused, finished, failed(String), cancelled

        public var label: String {
            switch self {
            case .queued: return "queued"
            case .running: return "running"
            case .paused: return "paused"
            case .finished: return "finished"
            case .failed: return "failed"
            case .cancelled: return "stopped"
            }
        }

        public var isActive: Bool { self == .queued || self == .running || self == .paused }
    }

    public var id: Int
    public var pair: String
    public var dataset: String
    public var model: String
    public var seed: UInt64
    public var epochsPlanned: Int
    /// The run's colour in every pane (an index into the series palette).
    public var colorIndex: Int
    public var status: Status = .queued
    public var stepsPerEpoch = 0
    public var steps: [StepMetrics] = []
    public var epochs: [EpochMetrics] = []
    public var boundary: DecisionBoundary?
    public var preview: DataPreview?
    public var logDirectory: String?

    public init(id: Int, plan: RunPlan, colorIndex: Int) {
        self.id = id
        pair = plan.pair.name
        dataset = plan.experiment.dataset
        model = plan.experiment.model.description
        seed = plan.seed
        epochsPlanned = plan.experiment.pretrain + plan.experiment.epochs
        self.colorIndex = colorIndex
    }

    /// A logged run read back (`RunRecord`), for comparison with live ones:
    /// its curves and metrics as it logged them, its status as it ended.
    public init(id: Int, record: RunRecord, colorIndex: Int) {
        self.id = id
        pair = record.info?.pair ?? record.id
        dataset = record.info?.dataset ?? "?"
        model = record.info?.model ?? "?"
        seed = record.info?.seed ?? 0
        epochsPlanned = record.info?.epochs ?? record.epochs.count
        stepsPerEpoch = record.info?.stepsPerEpoch ?? 0
        steps = record.steps
        epochs = record.epochs
        logDirectory = record.directory
        self.colorIndex = colorIndex
        switch record.status {
        case .finished: status = .finished
        case .failed: status = .failed(record.failure ?? "failed")
        case .cancelled: status = .cancelled
        // Killed (or still training elsewhere): nothing here will move it on.
        case .incomplete: status = .cancelled
        }
    }

    public var label: String { "\(pair) s\(seed)" }

    /// Steps done of all planned steps, 0...1.
    public var progress: Double {
        let total = stepsPerEpoch * epochsPlanned
        guard total > 0 else { return 0 }
        if status == .finished { return 1 }
        return min(1, Double(steps.last?.step ?? 0) / Double(total))
    }

    public mutating func apply(_ event: TrainingEvent) {
        switch event {
        case .started(let info):
            if status != .paused { status = .running }
            stepsPerEpoch = info.stepsPerEpoch
            logDirectory = info.logDirectory
        case .step(let s):
            steps.append(s)
        case .epoch(let e):
            if let b = e.boundary { boundary = b }
            var stored = e
            stored.boundary = nil
            epochs.append(stored)
        case .finished: status = .finished
        case .failed(let f): status = .failed(f.reason)
        case .cancelled: status = .cancelled
        }
    }
}
