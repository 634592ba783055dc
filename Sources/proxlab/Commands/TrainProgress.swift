import Foundation
import ProxCore
import ProxTrain

/// What `train` shows while it runs: a bar on stderr when stderr is a
/// terminal (plain lines otherwise), and the epoch table on stdout.
final class Progress {
    let json: Bool
    let terminal = isatty(STDERR_FILENO) == 1
    var totalSteps = 1
    var label = ""
    var printedHeader = false
    /// A run with pretraining shows each epoch's phase in a last column.
    var showsPhase = false

    init(json: Bool) { self.json = json }

    static let columns = ["epoch", "loss", "train", "test", "deploy", "flip", "sat", "gap", "mu", "lr", "ex/s", "sec"]

    func begin(run: Int, of count: Int, plan: RunPlan, steps: Int) {
        totalSteps = max(steps, 1)
        label = "[\(run)/\(count)] \(plan.pair.name) seed \(plan.seed)"
        printedHeader = false
        showsPhase = plan.experiment.pretrain > 0
        if !json { print("\n\(label): \(plan.pair.title), \(plan.experiment.model) on \(plan.experiment.dataset), \(plan.experiment.epochs) epochs") }
    }

    func handle(_ event: TrainingEvent) {
        switch event {
        case .started(let info):
            if let dir = info.logDirectory, !json { print("log: \(dir)") }
        case .step(let s):
            let line = "\(label)  step \(s.step)/\(totalSteps)  loss \(f4(s.loss))  acc \(pct(s.accuracy))  mu \(formatCompact(s.mu))  \(Int(s.examplesPerSecond)) ex/s"
            if terminal {
                let width = 24, filled = min(width, width * s.step / totalSteps)
                let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
                FileHandle.standardError.write(Data("\r\u{1B}[K[\(bar)] \(line)".utf8))
            } else {
                printError(line)
            }
        case .epoch(let m):
            if terminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            guard !json else { return }
            if !printedHeader {
                print((Progress.columns + (showsPhase ? ["phase"] : [])).map { $0.padding(toLength: 9, withPad: " ", startingAt: 0) }.joined())
                printedHeader = true
            }
            let cells = [String(m.epoch), f4(m.trainLoss), pct(m.trainAccuracy), pct(m.testAccuracy), pct(m.deployAccuracy),
                         pct(m.flipRatio), pct(m.saturation), f4(m.quantizationGap), formatCompact(m.mu), formatCompact(m.learningRate),
                         String(Int(m.examplesPerSecond)), String(format: "%.2f", m.seconds)] + (showsPhase ? [m.phase.rawValue] : [])
            print(cells.map { $0.padding(toLength: 9, withPad: " ", startingAt: 0) }.joined())
        case .failed(let f):
            if terminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            printError("\(label): failed: \(f.reason)")
        case .cancelled:
            if terminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            printError("\(label): cancelled; the log keeps every finished epoch")
        case .finished:
            if terminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        }
    }
}

func f4(_ v: Double) -> String { v.isFinite ? String(format: "%.4f", v) : "\(v)" }
func pct(_ v: Double) -> String { v.isFinite ? String(format: "%.2f%%", v * 100) : "-" }
