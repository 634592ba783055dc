import Foundation
import ProxCore
import ProxTrain

/// `proxlab runs`: what is in the runs folder, read back from the logs.
enum RunsCommand {
    static let usage = """
    usage: proxlab runs [--runs-dir DIR] [--csv]
           proxlab runs show ID [--runs-dir DIR] [--csv]
           proxlab runs compare [PART] [--runs-dir DIR]

    Lists the runs logged by proxlab train and the workbench (one folder each,
    with experiment.json and events.jsonl), or prints one run's epochs as a
    table. ID may be any unique part of the folder name. --csv exports.
    compare prints train's comparison table (per pair, mean and spread over
    seeds of the final loss, test and deploy accuracy and flip ratio) for the
    finished runs in the folder (whose name contains PART, if given), so runs
    trained by several commands, one seed each, make one table.

    examples:
      proxlab runs
      proxlab runs show bnn-moons-s0 --csv
      proxlab runs compare --runs-dir runs/fashion-all
    """

    /// The CSV export of `runs show`: the log's epoch fields, in its names
    /// (`phase` last, as text).
    static var epochColumns: [(name: String, value: (EpochMetrics) -> Double)] {
        [("epoch", { Double($0.epoch) })] + EpochMetrics.logNumbers.map { n in (n.name, { $0[keyPath: n.field] }) }
    }

    static func run(_ args: [String]) throws(CLIError) -> (output: String, status: Int32) {
        let a = try Arguments(args, command: "runs", options: ["runs-dir"], flags: ["csv"])
        let root = a["runs-dir"] ?? RunsFolder.defaultRoot
        let logs: [RunRecord]
        do { logs = try RunRecord.all(in: root) } catch { throw CLIError("proxlab runs: \(error)") }
        switch a.positionals.first {
        case nil:
            if logs.isEmpty { return ("no runs in \(Text.printable(root)) (proxlab train writes them there)\n", 0) }
            var rows = [["id", "pair", "dataset", "seed", "epochs", "status", "test", "deploy"]]
            for r in logs {
                let planned = r.info.map { String($0.epochs) } ?? "?"
                rows.append([r.id, r.info?.pair ?? "?", r.info?.dataset ?? "?", r.info.map { String($0.seed) } ?? "?",
                             "\(r.epochs.count)/\(planned)", r.status.rawValue,
                             r.epochs.last.map { formatPercent($0.testAccuracy) } ?? "-",
                             r.epochs.last.map { formatPercent($0.deployAccuracy) } ?? "-"].map(Text.printable))
            }
            for note in logs.compactMap(\.skippedNote) { printError("proxlab runs: \(Text.printable(note))") }
            if a.has("csv") { return (rows.map { $0.map(csvField).joined(separator: ",") }.joined(separator: "\n") + "\n", 0) }
            return (table(rows).joined(separator: "\n") + "\n", 0)
        case "show":
            guard let id = a.positionals.dropFirst().first else { throw CLIError("proxlab runs show: give a run ID (see proxlab runs)") }
            let matches = RunRecord.matching(id, in: logs)
            guard let r = matches.first else {
                throw CLIError("proxlab runs show: no run matching '\(Text.printable(id))' in \(Text.printable(root))")
            }
            if matches.count > 1 {
                throw CLIError("proxlab runs show: '\(Text.printable(id))' matches \(matches.count) runs: \(matches.prefix(4).map(\.id).joined(separator: ", "))")
            }
            if let note = r.skippedNote { printError("proxlab runs show: \(Text.printable(note))") }
            if a.has("csv") {
                var lines = [(epochColumns.map(\.name) + ["phase"]).joined(separator: ",")]
                for e in r.epochs {
                    lines.append((epochColumns.map { c in let v = c.value(e); return v.isFinite ? JSONValue.number(v).compactText : "" }
                                  + [e.phase.rawValue]).joined(separator: ","))
                }
                return (lines.joined(separator: "\n") + "\n", 0)
            }
            var out = Output()
            let what = r.info.map { "\($0.pair) on \($0.dataset), seed \($0.seed)" } ?? "setup unreadable"
            out.line(Text.printable("\(r.id): \(what), \(r.status.rawValue)"))
            if let reason = r.failure { out.line(Text.printable("failed: \(reason)")) }
            let phases = r.epochs.contains { $0.phase == .pretrain }
            var rows = [Progress.columns + (phases ? ["phase"] : [])]
            for e in r.epochs {
                rows.append([String(e.epoch), formatFixed(e.trainLoss, decimals: 4, width: 10), formatPercent(e.trainAccuracy),
                             formatPercent(e.testAccuracy), formatPercent(e.deployAccuracy), formatPercent(e.flipRatio),
                             formatPercent(e.saturation), formatFixed(e.quantizationGap, decimals: 4, width: 10),
                             formatCompact(e.mu), formatCompact(e.learningRate), formatWhole(e.examplesPerSecond),
                             formatFixed(e.seconds, decimals: 2, width: 10)] + (phases ? [e.phase.rawValue] : []))
            }
            for line in table(rows) { out.line(line) }
            return (out.text, 0)
        case "compare":
            return try compare(logs, part: a.positionals.dropFirst().first, root: root)
        case let other?:
            throw CLIError("proxlab runs: unknown argument '\(Text.printable(other))' (did you mean: proxlab runs show \(Text.printable(other))?)")
        }
    }

    /// The comparison table of the finished runs among `logs` (those whose ID
    /// contains `part`); the runs left out are counted on stderr. Pairs of
    /// several data sets are told apart by it.
    static func compare(_ logs: [RunRecord], part: String?, root: String) throws(CLIError) -> (output: String, status: Int32) {
        let chosen = part.map { p in logs.filter { $0.id.contains(p) } } ?? logs
        var runs = chosen.compactMap(\.summary)
        guard !runs.isEmpty else {
            throw CLIError("proxlab runs compare: no finished runs\(part.map { " matching '\(Text.printable($0))'" } ?? "") in \(Text.printable(root))")
        }
        if Set(runs.map(\.dataset)).count > 1 {
            for i in runs.indices { runs[i].pair += " on " + runs[i].dataset }
        }
        if runs.count < chosen.count {
            let left = Dictionary(grouping: chosen.filter { $0.summary == nil }, by: \.status.rawValue)
                .sorted { $0.key < $1.key }.map { "\($0.value.count) \($0.key)" }.joined(separator: ", ")
            printError("proxlab runs compare: left out \(chosen.count - runs.count) run\(chosen.count - runs.count == 1 ? "" : "s") that did not finish (\(left))")
        }
        return (Comparison.lines(runs).dropFirst().joined(separator: "\n") + "\n", 0)
    }

    static func csvField(_ s: String) -> String {
        s.contains(",") || s.contains("\"") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}
