import Foundation
import ProxCore
import ProxPlot
import ProxTrain
import ProxTUI

/// `proxlab sweep`: an experiment (or train's flags) run at every value of
/// one or more numbers, then a table and a plot of final test and deploy
/// accuracy (mean and spread over seeds) against the value.
enum SweepCommand {
    static let usage = """
    usage: proxlab sweep <experiment-file | experiment-name | train flags> --vary NAME=START:END:COUNT[:log]
                         [--vary ...] [train overrides] [--json] [--size WxH]

    Runs every pair and seed of the experiment at COUNT evenly spaced values of
    NAME from START to END (equal ratios with :log); several --vary make a grid.
    NAME is one of:
      lr                     the learning rate
      mu                     a constant schedule's value, or cumulativeLR's c
      mu.start, mu.end       a linear or exponential schedule's ends
      F.N, B.N, P.N          the N-th number (from 1) in the pair's forward,
                             backward or proximal expression (B.1 is the 5 of
                             signswish(5)): what the workbench's composer selects
      F.piece.param          a piece's parameter by name, e.g. B.signswish.b,
                             P.lq.k (FIELD.piece#2.param for the second one)
    Each point is an ordinary run, logged like train's. Then a table of final
    test and deploy accuracy (mean +- standard deviation over seeds) per point
    and pair, and for one --vary a braille plot of both against the value.
    --json prints only {"sweep": [{"values", "pair", "test", "deploy"}]} with
    every seed's accuracy.

    examples:
      proxlab sweep --pair bnnplus --dataset spirals --model mlp:32,32 --binarize except-first --epochs 30 --lr 0.01 --batch 50 --vary B.signswish.b=1:9:5
      proxlab sweep moons-all --pair bc --vary lr=0.001:0.1:5:log --epochs 10
    """

    static func run(_ args: [String]) throws(CLIError) -> (output: String, status: Int32) {
        let (varies, rest) = try splitVaries(args)
        let a = try Arguments(rest, command: "sweep", options: TrainCommand.options.union(["size"]), flags: ["json", "no-log"])
        guard !varies.isEmpty else { throw CLIError("proxlab sweep: give at least one --vary NAME=START:END:COUNT (see proxlab sweep --help)") }
        var axes: [SweepAxis] = []
        for v in varies {
            do { axes.append(try SweepAxis(parsing: v)) } catch { throw CLIError("proxlab sweep: --vary \(error)") }
        }
        let sweep = Sweep(axes: axes)
        if a["resume"] != nil { throw CLIError("proxlab sweep: --resume continues one run; use proxlab train --resume") }
        var (e, file) = try TrainCommand.experiment(a, command: "sweep")
        try TrainCommand.applyOverrides(a, to: &e, command: "sweep", root: a["runs-dir"] ?? RunsFolder.defaultRoot)
        do { try e.validate() } catch { throw CLIError(TrainCommand.message(error, a, file: file, command: "sweep")) }
        let (width, height) = try PlotCommand.size(a["size"] ?? "72x16")
        let plans: [RunPlan]
        do { plans = try RunPlan.plans(for: e) } catch { throw CLIError(TrainCommand.message(error, a, file: file, command: "sweep")) }
        let points: [Sweep.Point]
        do { points = try sweep.expand(plans) } catch { throw CLIError("proxlab sweep: --vary \(error)") }
        let dataset: Dataset
        do { dataset = try DatasetSpec.parse(e.dataset).load() } catch { throw CLIError("proxlab sweep: dataset \(e.dataset): \(error)") }
        let root = a.has("no-log") ? nil : (a["runs-dir"] ?? RunsFolder.defaultRoot)
        if let root {
            do { try RunsFolder.prepare(root) } catch { throw CLIError("proxlab sweep: \(error)") }
        }
        let json = a.has("json")
        Interrupt.install()
        var outcomes: [SweepOutcome] = []
        var failures: [String] = []
        let total = points.reduce(0) { $0 + $1.plans.count }
        var done = 0
        for point in points {
            for plan in point.plans {
                done += 1
                let label = "[\(done)/\(total)] \(plan.pair.name) \(sweep.label(point.values)) seed \(plan.seed)"
                let result: Result<RunSummary, RunFailure>
                do { result = try Trainer(plan: plan, dataset: dataset, logRoot: root).run(control: Interrupt.control) } catch let problem as FileProblem {
                    throw CLIError("proxlab sweep: \(problem)", status: 1)
                } catch {
                    throw CLIError("proxlab sweep: \(error)")
                }
                var i = outcomes.firstIndex { $0.values == point.values && $0.pair == plan.pair.name }
                if i == nil {
                    outcomes.append(SweepOutcome(values: point.values, pair: plan.pair.name))
                    i = outcomes.count - 1
                }
                switch result {
                case .success(let s) where s.epochs == e.epochs:
                    outcomes[i!].test.append(s.testAccuracy)
                    outcomes[i!].deploy.append(s.deployAccuracy)
                    if !json { printError("\(label): test \(formatPercent(s.testAccuracy)), deploy \(formatPercent(s.deployAccuracy))") }
                case .success: break
                case .failure(let f):
                    failures.append("\(label): \(f.reason)")
                    printError("\(label): failed: \(f.reason)")
                }
                if Interrupt.control.isCancelled { return ("", 130) }
            }
        }
        if json {
            let items = outcomes.map { o in
                JSONValue.object([("values", .array(o.values.map(JSONValue.number))), ("pair", .string(o.pair)),
                                  ("test", .array(o.test.map(JSONValue.number))), ("deploy", .array(o.deploy.map(JSONValue.number)))])
            }
            return (JSONValue.object([("sweep", .array(items))]).compactText + "\n", failures.isEmpty ? 0 : 1)
        }
        var out = Output()
        out.line("sweep of \(axes.map(\.name).joined(separator: " x ")): \(e.pairs.joined(separator: ", ")), \(e.model) on \(e.dataset), \(e.epochs) epochs, seeds \(e.seeds.map(String.init).joined(separator: ", "))")
        out.line()
        var rows = [axes.map(\.name) + ["pair", "test acc", "deploy acc"]]
        for o in outcomes {
            rows.append(o.values.map(formatCompact) + [o.pair, o.test.isEmpty ? "failed" : Comparison.spread(o.test, percent: true),
                                                       o.deploy.isEmpty ? "failed" : Comparison.spread(o.deploy, percent: true)])
        }
        for line in table(rows, gap: 3) { out.line(line) }
        if axes.count == 1, axes[0].values.count > 1 {
            let mode: ColorMode = Output.colorAllowed ? ColorMode.detect(environment: ProcessInfo.processInfo.environment) : .none
            let grid = SweepPlot.plot(outcomes).render(width: width, height: height, mode: mode)
            out.line()
            out.line("final accuracy (%) against \(axes[0].name)")
            out.line(mode == .none ? grid.lines.map { PlotCommand.trimRight($0) }.joined(separator: "\n") : grid.ansiText(mode: mode))
        }
        return (out.text, failures.isEmpty ? 0 : 1)
    }

    /// `--vary` may repeat, which `Arguments` does not allow; take them out first.
    static func splitVaries(_ args: [String]) throws(CLIError) -> (varies: [String], rest: [String]) {
        var varies: [String] = [], rest: [String] = []
        var i = 0
        while i < args.count {
            if args[i] == "--vary" {
                guard i + 1 < args.count else { throw CLIError("proxlab sweep: --vary needs a value NAME=START:END:COUNT") }
                varies.append(args[i + 1])
                i += 2
            } else if args[i].hasPrefix("--vary=") {
                varies.append(String(args[i].dropFirst(7)))
                i += 1
            } else {
                rest.append(args[i])
                i += 1
            }
        }
        return (varies, rest)
    }
}
