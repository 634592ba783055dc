import Foundation
import ProxCore
import ProxTrain

/// `proxlab train`: headless training of one experiment, every (pair, seed)
/// one run, each logged under the runs folder exactly as the workbench logs.
enum TrainCommand {
    static let usage = """
    usage: proxlab train <experiment-file | experiment-name> [overrides] [--json]
           proxlab train --pair NAME[,NAME...] --dataset SPEC [overrides] [--json]
           proxlab train --resume RUN [--runs-dir DIR] [--json]

    overrides (also applied on top of an experiment file):
      --pair NAME[,NAME...]      preset names or pair files to compare
      --dataset SPEC             moons, circles, spirals, xor, blobs, fashion-mnist,
                                 idx:DIR, csv:FILE (options: moons:noise=0.2,n=500)
      --model mlp:W,W | cnn      hidden widths of the MLP, or the small CNN
      --binarize all|except-first|except-first-last|none
      --epochs N  --batch N  --lr X  --optimizer adam|sgd  --lr-schedule constant|cosine
      --seed N[,N...]            seeds; several give mean and spread
      --backward-at latent|quantized
      --pretrain N               epochs of full-precision training before binarizing
      --init-from RUN            start from another run's weights (a run folder, its
                                 model.safetensors, or a run ID in the runs folder)
      --threads N                BLAS threads (default 2)
      --runs-dir DIR             where run folders go (default: runs, or $PROXLAB_RUNS)
      --no-log                   keep no run folder

    Progress goes to stderr (a bar on a terminal, plain lines otherwise), a table
    per epoch to stdout, and a comparison table when there are several runs.
    --json prints only the final summary as one JSON object. Ctrl-C stops the
    run cleanly; its log stays readable. Every run saves its weights in its
    folder (model.safetensors) after each epoch; --resume RUN continues a
    cancelled or killed run from its last completed epoch, in the same folder,
    with the result an uninterrupted run gives.

    examples:
      proxlab train --pair bc --dataset moons:noise=0.1 --model mlp:32,32 --binarize except-first --epochs 20 --lr 0.01
      proxlab train presets/experiments/moons-all.json --epochs 5
      proxlab train --resume 20261125-161436-bc-moons-s0
    """

    static let options: Set<String> = ["pair", "dataset", "model", "binarize", "epochs", "batch", "lr", "optimizer",
                                       "lr-schedule", "seed", "backward-at", "threads", "runs-dir", "pretrain",
                                       "init-from", "resume"]

    static func run(_ args: [String]) throws(CLIError) -> (output: String, status: Int32) {
        let a = try Arguments(args, command: "train", options: options, flags: ["json", "no-log"])
        let root = a["runs-dir"] ?? RunsFolder.defaultRoot
        if let id = a["resume"] { return try resume(id, a, root: root) }
        var e = try experiment(a)
        try applyOverrides(a, to: &e, root: root)
        let plans: [RunPlan]
        do { plans = try RunPlan.plans(for: e) } catch { throw CLIError("proxlab train: \(error)") }
        if !a.has("no-log") {
            do { try RunsFolder.prepare(root) } catch { throw CLIError("proxlab train: \(error)") }
        }
        return try train(plans, a) { plan, dataset throws in
            try Trainer(plan: plan, dataset: dataset, logRoot: a.has("no-log") ? nil : root)
        }
    }

    /// `--resume RUN`: the run's own setup, continued in its folder.
    static func resume(_ id: String, _ a: Arguments, root: String) throws(CLIError) -> (output: String, status: Int32) {
        let extra = a.positionals + a.values.keys.filter { $0 != "resume" && $0 != "runs-dir" }.sorted().map { "--" + $0 } + (a.has("no-log") ? ["--no-log"] : [])
        if let first = extra.first {
            throw CLIError("proxlab train: --resume continues the run as it was set up (its experiment.json); drop \(first)")
        }
        let run: ResumableRun
        do { run = try ResumableRun.open(try runFolder(id, root: root, option: "resume")) } catch let e as CLIError { throw e } catch {
            throw CLIError("proxlab train: --resume: \(error)")
        }
        if run.isComplete {
            throw CLIError("proxlab train: --resume: \(run.directory) finished all \(run.totalEpochs) epochs; nothing to resume")
        }
        return try train([run.plan], a) { _, dataset throws in
            let trainer = try Trainer(plan: run.plan, dataset: dataset, logRoot: nil)
            try trainer.resume(run)
            return trainer
        }
    }

    /// Trains `plans` one after the other on their data set, as `make` builds each trainer.
    static func train(_ plans: [RunPlan], _ a: Arguments,
                      make: (RunPlan, Dataset) throws -> Trainer) throws(CLIError) -> (output: String, status: Int32) {
        guard let e = plans.first?.experiment else { throw CLIError("proxlab train: no runs to train") }
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
            do { trainer = try make(plan, dataset) } catch let problem as FileProblem {
                // The runs folder was fine a moment ago: the disk, not the input, failed.
                failures.append(RunFailure(reason: problem.description, epoch: 0, step: 0, log: nil))
                break
            } catch {
                throw CLIError("proxlab train: \(error)")
            }
            progress.begin(run: i + 1, of: plans.count, plan: plan, steps: trainer.stepsPerEpoch * (e.pretrain + e.epochs))
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

    static func applyOverrides(_ a: Arguments, to e: inout Experiment, root: String = RunsFolder.defaultRoot) throws(CLIError) {
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
        e.pretrain = try a.integer("pretrain", command: "train", minimum: 0) ?? e.pretrain
        if let id = a["init-from"] { e.initFrom = try runFolder(id, root: root, option: "init-from") }
        if let at = a["backward-at"] {
            guard let p = EvaluationPoint(rawValue: at) else { throw CLIError("proxlab train: --backward-at expects latent or quantized, got '\(at)'") }
            e.backwardAt = p
        }
        do { _ = try DatasetSpec.parse(e.dataset) } catch { throw CLIError("proxlab train: --dataset \(e.dataset): \(error)") }
    }

    /// A run given as a folder or file path, or as (a unique part of) a run ID in `root`.
    static func runFolder(_ id: String, root: String, option: String) throws(CLIError) -> String {
        if FileManager.default.fileExists(atPath: id) { return id }
        let matches = RunRecord.matching(id, in: root)
        guard let run = matches.first else {
            throw CLIError("proxlab train: --\(option): no run folder or run ID matching '\(id)' in \(root)")
        }
        if matches.count > 1 {
            throw CLIError("proxlab train: --\(option): '\(id)' matches \(matches.count) runs: \(matches.prefix(4).map(\.id).joined(separator: ", "))")
        }
        return root + "/" + run.id
    }

    static func split(_ s: String) -> [String] {
        s.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
