import Foundation
import ProxCore
import ProxTrain

/// `proxlab train`: headless training of one experiment, every (pair, seed)
/// one run, each logged under the runs folder exactly as the workbench logs.
enum TrainCommand {
    static let usage = """
    usage: proxlab train <experiment-file | experiment-name> [overrides] [--json]
           proxlab train --pair NAME[,NAME...] --dataset SPEC [overrides] [--json]

    overrides (also applied on top of an experiment file):
      --pair NAME[,NAME...]      preset names or pair files to compare
      --dataset SPEC             moons, circles, spirals, xor, blobs, fashion-mnist,
                                 idx:DIR, csv:FILE (options: moons:noise=0.2,n=500)
      --model mlp:W,W | cnn      hidden widths of the MLP, or the small CNN
      --binarize all|except-first|except-first-last|none
      --epochs N  --batch N  --lr X  --optimizer adam|sgd  --lr-schedule constant|cosine
      --seed N[,N...]            seeds; several give mean and spread
      --backward-at latent|quantized
      --threads N                BLAS threads (default 2)
      --runs-dir DIR             where run folders go (default: runs, or $PROXLAB_RUNS)
      --no-log                   keep no run folder

    Progress goes to stderr (a bar on a terminal, plain lines otherwise), a table
    per epoch to stdout, and a comparison table when there are several runs.
    --json prints only the final summary as one JSON object. Ctrl-C stops the
    run cleanly; its log stays readable.

    examples:
      proxlab train --pair bc --dataset moons:noise=0.1 --model mlp:32,32 --binarize except-first --epochs 20 --lr 0.01
      proxlab train presets/experiments/moons-all.json --epochs 5
    """

    static let options: Set<String> = ["pair", "dataset", "model", "binarize", "epochs", "batch", "lr", "optimizer",
                                       "lr-schedule", "seed", "backward-at", "threads", "runs-dir"]

    static func run(_ args: [String]) throws(CLIError) -> (output: String, status: Int32) {
        let a = try Arguments(args, command: "train", options: options, flags: ["json", "no-log"])
        var e = try experiment(a)
        try applyOverrides(a, to: &e)
        let plans: [RunPlan]
        do { plans = try RunPlan.plans(for: e) } catch { throw CLIError("proxlab train: \(error)") }
        let root = a["runs-dir"] ?? RunsFolder.defaultRoot
        if !a.has("no-log") {
            do { try RunsFolder.prepare(root) } catch { throw CLIError("proxlab train: \(error)") }
        }
        let dataset: Dataset
        do { dataset = try DatasetSpec.parse(e.dataset).load() } catch {
            throw CLIError("proxlab train: dataset \(e.dataset): \(error)")
        }
        let json = a.has("json")
        let progress = Progress(json: json)
        Interrupt.install()
        var summaries: [RunSummary] = []
        var failures: [RunFailure] = []
        for (i, plan) in plans.enumerated() {
            let trainer: Trainer
            do { trainer = try Trainer(plan: plan, dataset: dataset, logRoot: a.has("no-log") ? nil : root) } catch let problem as FileProblem {
                // The runs folder was fine a moment ago: the disk, not the input, failed.
                failures.append(RunFailure(reason: problem.description, epoch: 0, step: 0, log: nil))
                break
            } catch {
                throw CLIError("proxlab train: \(error)")
            }
            progress.begin(run: i + 1, of: plans.count, plan: plan, steps: trainer.stepsPerEpoch * e.epochs)
            let result = trainer.run(control: Interrupt.control) { event in progress.handle(event) }
            switch result {
            case .success(let s): summaries.append(s)
            case .failure(let f): failures.append(f)
            }
            if Interrupt.control.isCancelled { break }
        }
        if json {
            let runs = summaries.map { JSONValue.object($0.jsonFields + [("log", $0.log.map(JSONValue.string) ?? .null)]) } + failures.map { f in
                JSONValue.object([("failed", .string(f.reason)), ("log", f.log.map(JSONValue.string) ?? .null)])
            }
            print(JSONValue.object([("runs", .array(runs))]).compactText)
        } else if summaries.count > 1 {
            print(Comparison.lines(summaries).joined(separator: "\n"))
        }
        if Interrupt.control.isCancelled { return ("", 130) }
        if let f = failures.first {
            printError("proxlab train: \(f.reason)\(f.log.map { " (log: \($0))" } ?? "")")
            return ("", 1)
        }
        return ("", 0)
    }

    static func experiment(_ a: Arguments) throws(CLIError) -> Experiment {
        if let first = a.positionals.first {
            if a.positionals.count > 1 { throw CLIError("proxlab train: unexpected argument '\(a.positionals[1])'") }
            var path = first
            if !first.hasSuffix(".json") && !first.contains("/") {
                path = PresetLibrary.directory() + "/experiments/\(first).json"
            }
            do { return try Experiment.load(path: path) } catch { throw CLIError("proxlab train: \(error)") }
        }
        guard let pairs = a["pair"], let dataset = a["dataset"] else {
            throw CLIError("proxlab train: give an experiment file, or --pair NAME and --dataset SPEC (see proxlab train --help)")
        }
        return Experiment(name: "cli", dataset: dataset, pairs: split(pairs))
    }

    static func applyOverrides(_ a: Arguments, to e: inout Experiment) throws(CLIError) {
        if let p = a["pair"] { e.pairs = split(p) }
        if let d = a["dataset"] { e.dataset = d }
        if let m = a["model"] {
            do { e.model = try ModelSpec(parsing: m) } catch { throw CLIError("proxlab train: --model: \(error.message)") }
        }
        if let b = a["binarize"] {
            guard let p = BinarizePolicy(rawValue: b) else {
                throw CLIError("proxlab train: --binarize expects one of \(BinarizePolicy.allCases.map(\.rawValue).joined(separator: ", ")), got '\(b)'")
            }
            e.binarize = p
        }
        e.epochs = try a.integer("epochs", command: "train", minimum: 1) ?? e.epochs
        e.batch = try a.integer("batch", command: "train", minimum: 1) ?? e.batch
        e.threads = try a.integer("threads", command: "train", minimum: 1) ?? e.threads
        if let lr = try a.number("lr", command: "train") {
            guard lr > 0 else { throw CLIError("proxlab train: --lr must be positive") }
            e.learningRate = lr
        }
        if let o = a["optimizer"] {
            guard let k = OptimizerKind(rawValue: o) else { throw CLIError("proxlab train: --optimizer expects adam or sgd, got '\(o)'") }
            e.optimizer = k
        }
        if let s = a["lr-schedule"] {
            guard let k = LearningRateSchedule(rawValue: s) else { throw CLIError("proxlab train: --lr-schedule expects constant or cosine, got '\(s)'") }
            e.learningRateSchedule = k
        }
        if let s = a["seed"] {
            var seeds: [UInt64] = []
            for part in split(s) {
                guard let v = UInt64(part) else { throw CLIError("proxlab train: --seed expects whole numbers >= 0, got '\(part)'") }
                seeds.append(v)
            }
            e.seeds = seeds
        }
        if let at = a["backward-at"] {
            guard let p = EvaluationPoint(rawValue: at) else { throw CLIError("proxlab train: --backward-at expects latent or quantized, got '\(at)'") }
            e.backwardAt = p
        }
        do { _ = try DatasetSpec.parse(e.dataset) } catch { throw CLIError("proxlab train: --dataset \(e.dataset): \(error)") }
    }

    static func split(_ s: String) -> [String] {
        s.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
