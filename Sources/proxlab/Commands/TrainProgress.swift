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

    /// Characters per column of the epoch table: every value is formatted to
    /// fit in one less, so columns never run together whatever the numbers.
    static let cellWidth = 9

    static func row(_ cells: [String]) -> String {
        cells.map { $0 + String(repeating: " ", count: max(1, cellWidth - $0.count)) }.joined()
    }

    static let columns = ["epoch", "loss", "train", "test", "deploy", "flip", "sat", "gap", "mu", "lr", "ex/s", "sec"]

    func begin(run: Int, of count: Int, plan: RunPlan, steps: Int) {
        totalSteps = max(steps, 1)
        label = Text.printable("[\(run)/\(count)] \(plan.pair.name) seed \(plan.seed)")
        printedHeader = false
        showsPhase = plan.experiment.pretrain > 0
        if !json { print("\n\(label): " + Text.printable("\(plan.pair.title), \(plan.experiment.model) on \(plan.experiment.dataset), \(plan.experiment.epochs) epochs")) }
    }

    func handle(_ event: TrainingEvent) {
        switch event {
        case .started(let info):
            if let dir = info.logDirectory, !json { print("log: \(dir)") }
        case .step(let s):
            let line = "\(label)  step \(s.step)/\(totalSteps)  loss \(formatFixed(s.loss, decimals: 4, width: 10))  acc \(formatPercent(s.accuracy))  mu \(formatCompact(s.mu))  \(formatWhole(s.examplesPerSecond, width: 10)) ex/s"
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
                print(Progress.row(Progress.columns + (showsPhase ? ["phase"] : [])))
                printedHeader = true
            }
            let w = Progress.cellWidth - 1
            let cells = [String(m.epoch), formatFixed(m.trainLoss, decimals: 4, width: w), formatPercent(m.trainAccuracy, width: w),
                         formatPercent(m.testAccuracy, width: w), formatPercent(m.deployAccuracy, width: w),
                         formatPercent(m.flipRatio, width: w), formatPercent(m.saturation, width: w),
                         formatFixed(m.quantizationGap, decimals: 4, width: w), formatCompact(m.mu), formatCompact(m.learningRate),
                         formatWhole(m.examplesPerSecond, width: w), formatFixed(m.seconds, decimals: 2, width: w)] + (showsPhase ? [m.phase.rawValue] : [])
            print(Progress.row(cells))
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
