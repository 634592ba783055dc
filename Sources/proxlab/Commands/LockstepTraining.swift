import Foundation
import ProxCore
import ProxTrain

/// `proxlab train --lockstep`: for each seed, the experiment's pairs trained
/// as one duel (`Lockstep`), with a row per epoch of each pair's test
/// accuracy and every other pair's Hamming distance and disagreement
/// against the first, then the final pairwise table.
enum LockstepTraining {
    struct Outcome {
        var summaries: [RunSummary] = []
        var failures: [(plan: RunPlan, failure: RunFailure)] = []
        /// Per seed: the pairs' names and the comparisons.
        var duels: [(seed: UInt64, pairs: [String], epochs: [DuelEpoch])] = []
    }

    static func run(_ plans: [RunPlan], dataset: Dataset, logRoot: String?, json: Bool) throws(CLIError) -> Outcome {
        var out = Outcome()
        let seeds = plans.map(\.seed).reduce(into: [UInt64]()) { if !$0.contains($1) { $0.append($1) } }
        let terminal = isatty(STDERR_FILENO) == 1
        for seed in seeds {
            let group = plans.filter { $0.seed == seed }
            let duel: Lockstep
            do { duel = try Lockstep(plans: group, dataset: dataset, logRoot: logRoot) } catch let problem as FileProblem {
                throw CLIError("proxlab train: \(problem)", status: 1)
            } catch {
                throw CLIError("proxlab train: --lockstep: \(error)")
            }
            let names = group.map(\.pair.name), e = group[0].experiment
            if !json {
                print("\nlockstep seed \(seed): \(names.joined(separator: ", ")), \(e.model) on \(e.dataset), \(e.epochs) epochs, same initial weights and batches")
                for t in duel.trainers { if let dir = t.logDirectory { print("log: \(dir)") } }
            }
            var rows = [["epoch"] + names.map { "test \($0)" } + names.dropFirst().flatMap { ["ham \($0)", "dis \($0)"] }]
            var tests = [Double](repeating: .nan, count: names.count)
            var epochs: [DuelEpoch] = []
            let results = duel.run(control: Interrupt.control, onEvent: { i, event in
                switch event {
                case .started: tests[i] = duel.trainers[i].evaluate(dataset.test, weights: .forward)
                case .epoch(let m):
                    tests[i] = m.testAccuracy
                    if terminal { FileHandle.standardError.write(Data("\r\u{1B}[Klockstep seed \(seed): epoch \(m.epoch)/\(e.epochs)".utf8)) }
                case .failed(let f): printError("lockstep \(names[i]) seed \(seed): failed: \(f.reason)")
                case .cancelled: printError("lockstep \(names[i]) seed \(seed): cancelled; the log keeps every finished epoch")
                default: break
                }
            }, onComparison: { c in
                epochs.append(c)
                let vsFirst = names.indices.dropFirst().flatMap { j -> [String] in
                    guard let p = c.pairing(0, j) else { return ["-", "-"] }
                    return [formatPercent(p.hamming), formatPercent(p.disagreement)]
                }
                rows.append([String(c.epoch)] + tests.map { formatPercent($0) } + vsFirst)
            })
            if terminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            if !json {
                print(table(rows, gap: 3).joined(separator: "\n"))
                if let last = epochs.last {
                    var pairwise = [["after epoch \(last.epoch)", "hamming", "disagreement"]]
                    for p in last.pairings { pairwise.append(["\(names[p.first]) ~ \(names[p.second])", formatPercent(p.hamming), formatPercent(p.disagreement)]) }
                    print("")
                    print(table(pairwise, gap: 3).joined(separator: "\n"))
                }
            }
            for (plan, r) in zip(group, results) {
                switch r {
                case .success(let s): out.summaries.append(s)
                case .failure(let f): out.failures.append((plan, f))
                }
            }
            out.duels.append((seed, names, epochs))
            if Interrupt.control.isCancelled { break }
        }
        return out
    }

    /// The `lockstep` member of `--json`'s summary.
    static func json(_ duels: [(seed: UInt64, pairs: [String], epochs: [DuelEpoch])]) -> JSONValue {
        .array(duels.map { d in
            .object([
                ("seed", .number(Double(d.seed))), ("pairs", .array(d.pairs.map(JSONValue.string))),
                ("epochs", .array(d.epochs.map { c in
                    .object([("epoch", .number(Double(c.epoch))), ("pairings", .array(c.pairings.map { p in
                        .object([("first", .string(d.pairs[p.first])), ("second", .string(d.pairs[p.second])),
                                 ("hamming", .number(p.hamming)), ("disagreement", .number(p.disagreement))])
                    }))])
                })),
            ])
        })
    }
}
