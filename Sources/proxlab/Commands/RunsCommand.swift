import Foundation
import ProxCore
import ProxTrain

/// `proxlab runs`: what is in the runs folder, read back from the logs.
enum RunsCommand {
    static let usage = """
    usage: proxlab runs [--runs-dir DIR] [--csv]
           proxlab runs show ID [--runs-dir DIR] [--csv]

    Lists the runs logged by proxlab train and the workbench (one folder each,
    with experiment.json and events.jsonl), or prints one run's epochs as a
    table. ID may be any unique part of the folder name. --csv exports.

    examples:
      proxlab runs
      proxlab runs show bnn-moons-s0 --csv
    """

    static let epochColumns = ["epoch", "train_loss", "train_accuracy", "test_accuracy", "deploy_accuracy", "flip_ratio",
                               "saturation", "at_clip", "quantization_gap", "mu", "lr", "examples_per_second", "seconds", "phase"]

    static func run(_ args: [String]) throws(CLIError) -> (output: String, status: Int32) {
        let a = try Arguments(args, command: "runs", options: ["runs-dir"], flags: ["csv"])
        let root = a["runs-dir"] ?? RunsFolder.defaultRoot
        let logs = RunRecord.all(in: root)
        switch a.positionals.first {
        case nil:
            if logs.isEmpty { return ("no runs in \(root) (proxlab train writes them there)\n", 0) }
            var rows = [["id", "pair", "dataset", "seed", "epochs", "status", "test", "deploy"]]
            for r in logs {
                rows.append([r.id, r.pair, r.dataset, r.seed, "\(r.epochs.count)/\(r.plannedEpochs)", r.status,
                             r.epochs.last.map { pct($0["test_accuracy"]?.numberValue ?? .nan) } ?? "-",
                             r.epochs.last.map { pct($0["deploy_accuracy"]?.numberValue ?? .nan) } ?? "-"])
            }
            if a.has("csv") { return (rows.map { $0.map(csvField).joined(separator: ",") }.joined(separator: "\n") + "\n", 0) }
            return (table(rows).joined(separator: "\n") + "\n", 0)
        case "show":
            guard let id = a.positionals.dropFirst().first else { throw CLIError("proxlab runs show: give a run ID (see proxlab runs)") }
            let matches = RunRecord.matching(id, in: logs)
            guard let r = matches.first else { throw CLIError("proxlab runs show: no run matching '\(id)' in \(root)") }
            if matches.count > 1 {
                throw CLIError("proxlab runs show: '\(id)' matches \(matches.count) runs: \(matches.prefix(4).map(\.id).joined(separator: ", "))")
            }
            if a.has("csv") {
                var lines = [epochColumns.joined(separator: ",")]
                for e in r.epochs {
                    lines.append(epochColumns.map { c in e[c]?.numberValue.map { JSONValue.number($0).compactText } ?? e[c]?.stringValue ?? "" }.joined(separator: ","))
                }
                return (lines.joined(separator: "\n") + "\n", 0)
            }
            var out = Output()
            out.line("\(r.id): \(r.pair) on \(r.dataset), seed \(r.seed), \(r.status)")
            if let reason = r.failure { out.line("failed: \(reason)") }
            let phases = r.epochs.contains { $0["phase"]?.stringValue == TrainingPhase.pretrain.rawValue }
            var rows = [Progress.columns + (phases ? ["phase"] : [])]
            for e in r.epochs {
                let n = { (k: String) in e[k]?.numberValue ?? .nan }
                rows.append([formatCompact(n("epoch")), f4(n("train_loss")), pct(n("train_accuracy")), pct(n("test_accuracy")),
                             pct(n("deploy_accuracy")), pct(n("flip_ratio")), pct(n("saturation")), f4(n("quantization_gap")),
                             formatCompact(n("mu")), formatCompact(n("lr")), String(Int(n("examples_per_second"))), String(format: "%.2f", n("seconds"))]
                            + (phases ? [e["phase"]?.stringValue ?? "-"] : []))
            }
            for line in table(rows) { out.line(line) }
            return (out.text, 0)
        case let other?:
            throw CLIError("proxlab runs: unknown argument '\(other)' (did you mean: proxlab runs show \(other)?)")
        }
    }

    static func csvField(_ s: String) -> String {
        s.contains(",") || s.contains("\"") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}

/// One run folder read back: its setup and its events.
struct RunRecord {
    var id: String
    var pair = "?"
    var dataset = "?"
    var seed = "?"
    var plannedEpochs = 0
    var status = "incomplete"
    var failure: String?
    var epochs: [JSONValue] = []

    /// The run whose ID is `id`, else every run whose ID contains it.
    static func matching(_ id: String, in logs: [RunRecord]) -> [RunRecord] {
        logs.contains { $0.id == id } ? logs.filter { $0.id == id } : logs.filter { $0.id.contains(id) }
    }

    static func matching(_ id: String, in root: String) -> [RunRecord] { matching(id, in: all(in: root)) }

    static func all(in root: String) -> [RunRecord] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return names.sorted().compactMap { name in
            let dir = root + "/" + name
            guard let text = try? String(contentsOfFile: dir + "/events.jsonl", encoding: .utf8) else { return nil }
            var r = RunRecord(id: name)
            if let data = FileManager.default.contents(atPath: dir + "/experiment.json"),
               let setup = try? JSONValue(parsing: String(decoding: data, as: UTF8.self)) {
                r.dataset = setup["dataset"]?.stringValue ?? "?"
                r.plannedEpochs = Int(setup["epochs"]?.numberValue ?? 0) + Int(setup["pretrain"]?.numberValue ?? 0)
                r.pair = setup["pair"]?["name"]?.stringValue ?? "?"
                r.seed = setup["seeds"]?.arrayValue?.first?.numberValue.map { String(Int($0)) } ?? "?"
            }
            // A line cut by a crash is skipped: every complete line still counts.
            for line in text.split(separator: "\n") {
                guard let event = try? JSONValue(parsing: String(line)) else { continue }
                switch event["event"]?.stringValue {
                case "started":
                    // A resumed run continues after its last saved epoch: later epochs logged before it do not count.
                    if let from = event["resumed_from"]?.numberValue {
                        r.epochs.removeAll { ($0["epoch"]?.numberValue ?? 0) > from }
                        r.status = "incomplete"
                        r.failure = nil
                    }
                case "epoch": r.epochs.append(event)
                case "finished": r.status = "finished"
                case "cancelled": r.status = "cancelled"
                case "failed":
                    r.status = "failed"
                    r.failure = event["reason"]?.stringValue
                default: break
                }
            }
            return r
        }
    }
}
