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
      --model mlp:W,W[/ACT] | cnn[/ACT] | resnet:W,W,...
                                 hidden widths of the MLP, the small CNN, or the
                                 residual binary CNN (channels per stage);
                                 ACT relu (default), hardtanh or identity
      --binarize all|except-first|except-first-last|none
      --epochs N  --batch N  --lr X  --optimizer adam|sgd  --lr-schedule constant|cosine
      --seed N[,N...]            seeds; several give mean and spread
      --backward-at latent|quantized
      --activation-pair NAME     a pair for the inputs of every layer but the first (sign
                                 activations, Larq's input quantizer); none by default
      --pretrain N               epochs of full-precision training before binarizing
      --init-from RUN            start from another run's weights (a run folder, its
                                 model.safetensors, or a run ID in the runs folder)
      --threads N                BLAS threads (default 2)
      --runs-dir DIR             where run folders go (default: runs, or $PROXLAB_RUNS)
      --no-log                   keep no run folder
      --lockstep                 train the 2 to 4 pairs as a duel, per seed: same initial
                                 weights, same batches; each epoch their Hamming distance
                                 (binary weights) and test disagreement (deployed networks)

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
      proxlab train --pair bc,bnnplus --dataset spirals --model mlp:32,32 --binarize except-first --lockstep
    """

    static let options: Set<String> = ["pair", "dataset", "model", "binarize", "epochs", "batch", "lr", "optimizer",
                                       "lr-schedule", "seed", "backward-at", "activation-pair", "threads", "runs-dir", "pretrain",
                                       "init-from", "resume"]

    static func run(_ args: [String]) throws(CLIError) -> (output: String, status: Int32) {
        let a = try Arguments(args, command: "train", options: options, flags: ["json", "no-log", "lockstep"])
        let root = a["runs-dir"] ?? RunsFolder.defaultRoot
        if let id = a["resume"] { return try resume(id, a, root: root) }
        var (e, file) = try experiment(a, command: "train")
        try applyOverrides(a, to: &e, command: "train", root: root)
        do { try e.validate() } catch { throw CLIError(message(error, a, file: file, command: "train")) }
        let plans: [RunPlan]
        do { plans = try RunPlan.plans(for: e) } catch { throw CLIError(message(error, a, file: file, command: "train")) }
        if !a.has("no-log") {
            do { try RunsFolder.prepare(root) } catch { throw CLIError("proxlab train: \(error)") }
        }
        return try train(plans, a, file: file, root: a.has("no-log") ? nil : root) { plan, dataset throws in
            try Trainer(plan: plan, dataset: dataset, logRoot: a.has("no-log") ? nil : root)
        }
    }

    /// `--resume RUN`: the run's own setup, continued in its folder.
    static func resume(_ id: String, _ a: Arguments, root: String) throws(CLIError) -> (output: String, status: Int32) {
        let extra = a.positionals + a.values.keys.filter { $0 != "resume" && $0 != "runs-dir" }.sorted().map { "--" + $0 }
            + ["no-log", "lockstep"].filter(a.has).map { "--" + $0 }
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
        return try train([run.plan], a, file: run.directory + "/" + RunLog.experimentFile, root: nil) { _, dataset throws in
            let trainer = try Trainer(plan: run.plan, dataset: dataset, logRoot: nil)
            try trainer.resume(run)
            return trainer
        }
    }

    /// Trains `plans` one after the other on their data set, as `make` builds each trainer.
    static func train(_ plans: [RunPlan], _ a: Arguments, file: String?, root: String?,
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
        var failures: [(plan: RunPlan, failure: RunFailure)] = []
        var duels: JSONValue?
        if a.has("lockstep") {
            guard Lockstep.pairLimit.contains(e.pairs.count) else {
                throw CLIError("proxlab train: --lockstep trains 2 to 4 pairs as a duel, got \(e.pairs.count)")
            }
            let outcome = try LockstepTraining.run(plans, dataset: dataset, logRoot: root, json: json)
            (summaries, failures) = (outcome.summaries, outcome.failures)
            duels = LockstepTraining.json(outcome.duels)
        }
        for (i, plan) in plans.enumerated() where duels == nil {
            let trainer: Trainer
            do { trainer = try make(plan, dataset) } catch let problem as FileProblem {
                // The runs folder was fine a moment ago: the disk, not the input, failed.
                failures.append((plan, RunFailure(reason: problem.description, epoch: 0, step: 0, log: nil)))
                break
            } catch let problem as ExperimentProblem {
                throw CLIError(message(problem, a, file: file, command: "train"))
            } catch {
                throw CLIError("proxlab train: \(error)")
            }
            progress.begin(run: i + 1, of: plans.count, plan: plan, steps: trainer.stepsPerEpoch * (e.pretrain + e.epochs))
            let result = trainer.run(control: Interrupt.control) { event in progress.handle(event) }
            switch result {
            case .success(let s): summaries.append(s)
            case .failure(let f): failures.append((plan, f))
            }
            if Interrupt.control.isCancelled { break }
        }
        if json {
            let runs = summaries.map { JSONValue.object($0.jsonFields + [("log", $0.log.map(JSONValue.string) ?? .null)]) } + failures.map { p, f in
                JSONValue.object([("pair", .string(p.pair.name)), ("dataset", .string(p.experiment.dataset)),
                                  ("seed", .number(Double(p.seed))), ("failed", .string(f.reason)),
                                  ("epoch", .number(Double(f.epoch))), ("step", .number(Double(f.step))),
                                  ("log", f.log.map(JSONValue.string) ?? .null)])
            }
            print(JSONValue.object([("runs", .array(runs))] + (duels.map { [("lockstep", $0)] } ?? [])).compactText)
        } else if summaries.count > 1 {
            print(Comparison.lines(summaries).joined(separator: "\n"))
        }
        if Interrupt.control.isCancelled { return ("", 130) }
        if let f = failures.first?.failure {
            printError("proxlab train: \(f.reason)\(f.log.map { " (log: \($0))" } ?? "")")
            return ("", 1)
        }
        return ("", 0)
    }

    /// The experiment file named by the first positional (its path too, for
    /// messages), or the one that --pair and --dataset describe.
    static func experiment(_ a: Arguments, command: String) throws(CLIError) -> (Experiment, file: String?) {
        if let first = a.positionals.first {
            if a.positionals.count > 1 { throw CLIError("proxlab \(command): unexpected argument '\(a.positionals[1])'") }
            var path = first
            if !first.hasSuffix(".json") && !first.contains("/") {
                path = PresetLibrary.directory() + "/experiments/\(first).json"
                guard FileManager.default.fileExists(atPath: path) else {
                    throw CLIError("proxlab \(command): no experiment named '\(first)' in \(PresetLibrary.directory())/experiments\(suggestion(first))")
                }
            }
            do { return (try Experiment.load(path: path), path) } catch { throw CLIError("proxlab \(command): \(error)") }
        }
        guard let pairs = a["pair"], let dataset = a["dataset"] else {
            throw CLIError("proxlab \(command): give an experiment file, or --pair NAME and --dataset SPEC (see proxlab \(command) --help)")
        }
        return (Experiment(name: "cli", dataset: dataset, pairs: split(pairs)), nil)
    }

    /// " (did you mean 'fashion-mlp'?)" for a near miss among the shipped experiments.
    static func suggestion(_ name: String) -> String {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: PresetLibrary.directory() + "/experiments")) ?? [])
            .filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }
        return Suggestion.closest(to: name, among: names).map { " (did you mean '\($0)'?)" } ?? ""
    }

    /// A setting that cannot run, named as the user gave it: the flag when
    /// one set it, else the experiment file's field.
    static func message(_ p: ExperimentProblem, _ a: Arguments, file: String?, command: String) -> String {
        let flags = ["epochs": "epochs", "batch": "batch", "lr": "lr", "model": "model", "threads": "threads",
                     "seeds": "seed", "pairs": "pair", "activation_pair": "activation-pair", "momentum": "momentum", "weight_decay": "weight-decay", "pretrain": "pretrain"]
        let flag = flags[p.field] ?? p.field
        if let file, a[flag] == nil { return "proxlab \(command): \(file): field '\(p.field)': \(p.reason)" }
        return "proxlab \(command): --\(flag) \(p.reason)"
    }

    static func applyOverrides(_ a: Arguments, to e: inout Experiment, command: String, root: String = RunsFolder.defaultRoot) throws(CLIError) {
        if let p = a["pair"] { e.pairs = split(p) }
        if let d = a["dataset"] { e.dataset = d }
        if let m = a["model"] {
            do { e.model = try ModelSpec(parsing: m) } catch { throw CLIError("proxlab \(command): --model: \(error.message)") }
        }
        if let b = a["binarize"] {
            guard let p = BinarizePolicy(rawValue: b) else {
                throw CLIError("proxlab \(command): --binarize expects one of \(BinarizePolicy.allCases.map(\.rawValue).joined(separator: ", ")), got '\(b)'")
            }
            e.binarize = p
        }
        e.epochs = try a.integer("epochs", command: command, minimum: 1) ?? e.epochs
        e.batch = try a.integer("batch", command: command, minimum: 1) ?? e.batch
        e.threads = try a.integer("threads", command: command, minimum: 1) ?? e.threads
        if let lr = try a.number("lr", command: command) {
            guard lr > 0 else { throw CLIError("proxlab \(command): --lr must be positive") }
            e.learningRate = lr
        }
        if let o = a["optimizer"] {
            guard let k = OptimizerKind(rawValue: o) else { throw CLIError("proxlab \(command): --optimizer expects adam or sgd, got '\(o)'") }
            e.optimizer = k
        }
        if let s = a["lr-schedule"] {
            guard let k = LearningRateSchedule(rawValue: s) else { throw CLIError("proxlab \(command): --lr-schedule expects constant or cosine, got '\(s)'") }
            e.learningRateSchedule = k
        }
        if let s = a["seed"] {
            var seeds: [UInt64] = []
            for part in split(s) {
                guard let v = UInt64(part) else { throw CLIError("proxlab \(command): --seed expects whole numbers >= 0, got '\(part)'") }
                seeds.append(v)
            }
            e.seeds = seeds
        }
        e.pretrain = try a.integer("pretrain", command: command, minimum: 0) ?? e.pretrain
        if let id = a["init-from"] { e.initFrom = try runFolder(id, root: root, option: "init-from") }
        if let pair = a["activation-pair"] { e.activationPair = pair == "none" ? nil : pair }
        if let at = a["backward-at"] {
            guard let p = EvaluationPoint(rawValue: at) else { throw CLIError("proxlab \(command): --backward-at expects latent or quantized, got '\(at)'") }
            e.backwardAt = p
        }
        // A file's dataset is checked with its other fields (`Experiment.validate`), where the file is named.
        if let d = a["dataset"] {
            do { _ = try DatasetSpec.parse(d) } catch { throw CLIError("proxlab \(command): --dataset \(d): \(error)") }
        }
    }

    /// A run given as a folder or file path, or as (a unique part of) a run ID in `root`.
    /// `command` and `option` name where the run was given in the error line
    /// ("proxlab train: --resume: ...", "proxlab deploy: ...").
    static func runFolder(_ id: String, root: String, option: String?, command: String = "train") throws(CLIError) -> String {
        if FileManager.default.fileExists(atPath: id) { return id }
        let matches = RunRecord.matching(id, in: root)
        let prefix = "proxlab \(command): " + (option.map { "--\($0): " } ?? "")
        guard let run = matches.first else {
            throw CLIError(prefix + "no run folder or run ID matching '\(id)' in \(root)")
        }
        if matches.count > 1 {
            throw CLIError(prefix + "'\(id)' matches \(matches.count) runs: \(matches.prefix(4).map(\.id).joined(separator: ", "))")
        }
        return root + "/" + run.id
    }

    static func split(_ s: String) -> [String] {
        s.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
