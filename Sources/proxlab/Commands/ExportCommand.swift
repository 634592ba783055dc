import Foundation
import ProxCore
import ProxDeploy
import ProxExport
import ProxTrain

/// `proxlab export torch`: a pair or an experiment as a self-contained
/// PyTorch package (ProxExport).
enum ExportCommand {
    static let usage = """
    usage: proxlab export torch <pair | experiment | run> --out DIR [options]
           proxlab export torch --forward EXPR --backward EXPR [--prox EXPR] [--schedule SPEC]
                                [--backward-at latent|quantized] [--clip C] --out DIR

    Writes a Python package into DIR (a new folder) that needs PyTorch, not proxlab:
      proxtorch/<pair>.py  F, B, B' and P compiled into torch operations, the mu
                           schedule, the pair as a torch.autograd.Function (setup_context
                           form, so torch.func works) and the clip/reset after a step
      proxtorch/layers.py  Binarizer, BinaryLinear, BinaryConv2d, and binarize(model, ...)
                           that swaps the nn.Linear/nn.Conv2d layers of any model
      README.md            how to use them
    and for an experiment (a preset name or file, or --pair and --dataset as for train):
      train.py             python train.py, or torchrun --nproc_per_node N train.py (DDP);
                           each run is logged as proxlab logs runs (proxlab runs lists it)
      proxtorch/...        proxlab's data (toy sets drawn as proxlab draws them), models,
                           initial weights, batch order and trainer
      experiment.json      the experiment, with the overrides given
    and for a run (a run folder, or a run ID in --runs-dir), its experiment's package and
      model.safetensors    the run's weights, copied from its folder
      evaluate.py          python evaluate.py: the run's test and deploy accuracy in PyTorch
    A pair preset's options (--schedule, --backward-at, --clip, --prox) change that field;
    an experiment takes the overrides of proxlab train (--pair, --epochs, --seed, ...).

    examples:
      proxlab export torch bnnplus --out bnnplus-torch
      proxlab export torch fashion-mlp --pair bnnplus --out fashion-torch
      proxlab export torch 20261201-101500-bnnplus-fashion-mnist-s0 --out run-torch
      proxlab export torch --forward 'signswish(mu) . sign' --backward 'signswish(mu)' --schedule 'linear(5, 50)' --out bnnpp
    """

    /// Options only an experiment takes.
    static let experimentOnly = TrainCommand.options.subtracting(PairInput.options)
    /// Options only a pair takes.
    static let pairOnly = PairInput.options.subtracting(TrainCommand.options)

    static func run(_ args: [String]) throws(CLIError) -> (output: String, status: Int32) {
        guard let target = args.first, !target.hasPrefix("-") else {
            throw CLIError("proxlab export: give the target format: proxlab export torch <pair | experiment> --out DIR (see proxlab export --help)")
        }
        guard target == "torch" else {
            throw CLIError("proxlab export: unknown target '\(target)'; targets: torch")
        }
        let rest = Array(args.dropFirst())
        let a = try Arguments(rest, command: "export", options: PairInput.options.union(TrainCommand.options).union(["out"]),
                              flags: [])
        if a["resume"] != nil { throw CLIError("proxlab export: --resume does not apply to an export (export the run itself)") }
        guard let out = a["out"], !out.isEmpty else {
            throw CLIError("proxlab export: give the folder to write with --out DIR")
        }
        let command = (["proxlab", "export"] + args).map(shellQuoted).joined(separator: " ")
        let files: PackageFiles
        if let run = try runFolder(a) {
            try refuse(PairInput.options.union(TrainCommand.options).subtracting(["runs-dir"]), in: a, for: "a run")
            files = try runPackage(run, command: command)
        } else if try isExperiment(a) {
            try refuse(pairOnly, in: a, for: "an experiment")
            var (e, file) = try TrainCommand.experiment(a, command: "export")
            try TrainCommand.applyOverrides(a, to: &e, command: "export")
            do { try e.validate() } catch { throw CLIError(TrainCommand.message(error, a, file: file, command: "export")) }
            let plans: [RunPlan]
            do { plans = try RunPlan.plans(for: e) } catch { throw CLIError(TrainCommand.message(error, a, file: file, command: "export")) }
            let spec: DatasetSpec
            do { spec = try DatasetSpec.parse(e.dataset) } catch { throw CLIError("proxlab export: dataset \(e.dataset): \(error)") }
            let origin = GeneratedBy(command: command, source: experimentSource(a.positionals.first, e))
            files = ExperimentPackage.files(experiment: e, plans: plans, dataset: spec, origin: origin)
        } else {
            try refuse(experimentOnly, in: a, for: "a pair")
            let pair = try PairInput.pair(a, command: "export")
            let origin = GeneratedBy(command: command, source: pairSource(a.positionals.first, pair: pair))
            files = PairPackage.files(pairs: [pair], origin: origin)
        }
        Interrupt.installCancel()
        do { try files.write(to: out, cancelled: { Interrupt.control.isCancelled }) } catch {
            throw CLIError("proxlab export: \(error)", status: error.interrupted ? 130 : 2)
        }
        let listing = (files.files.map(\.path) + files.copies.map(\.path)).map { "  " + $0 }.joined(separator: "\n")
        return ("wrote \(out):\n\(listing)\n", 0)
    }

    /// The run folder a positional names: a folder with a model.safetensors,
    /// or, when no pair or experiment preset has that name, a run ID in the runs folder.
    static func runFolder(_ a: Arguments) throws(CLIError) -> String? {
        guard let name = a.positionals.first else { return nil }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: name, isDirectory: &isFolder), isFolder.boolValue {
            guard FileManager.default.fileExists(atPath: name + "/" + TrainingCheckpoint.fileName) else {
                throw CLIError("proxlab export: \(name): a folder without \(TrainingCheckpoint.fileName) (not a run folder, or the run ended before its first epoch)")
            }
            return name
        }
        if name.hasSuffix(".json") || name.contains("/") || (try? PresetLibrary.resolvePair(name)) != nil
            || FileManager.default.fileExists(atPath: experimentPreset(name)) { return nil }
        let root = a["runs-dir"] ?? RunsFolder.defaultRoot
        let matches = RunRecord.matching(name, in: root)
        guard let run = matches.first else { return nil }
        if matches.count > 1 {
            throw CLIError("proxlab export: '\(name)' matches \(matches.count) runs in \(root): \(matches.prefix(4).map(\.id).joined(separator: ", "))")
        }
        return root + "/" + run.id
    }

    /// A run's package: its plan and weights from model.safetensors, the
    /// epoch they were saved after from its log. The weights are loaded into
    /// the run's model first, as `proxlab deploy` opens a run, so a file
    /// whose tensors do not fit the model is refused before anything is written.
    static func runPackage(_ folder: String, command: String) throws(CLIError) -> PackageFiles {
        let run: ResumableRun
        do { run = try RunDeployment.open(folder).run } catch { throw CLIError("proxlab export: \(error)") }
        let id = URL(fileURLWithPath: folder).standardizedFileURL.lastPathComponent
        let logged = try savedEpoch(folder, run.state.epoch)
        let spec: DatasetSpec
        do { spec = try DatasetSpec.parse(run.plan.experiment.dataset) } catch {
            throw CLIError("proxlab export: \(folder): dataset \(run.plan.experiment.dataset): \(error)")
        }
        let epoch = RunPackage.Epoch(epoch: logged.epoch, testAccuracy: logged.testAccuracy, deployAccuracy: logged.deployAccuracy,
                                     mu: logged.mu, learningRate: logged.learningRate, fullPrecision: logged.phase == .pretrain)
        let origin = GeneratedBy(command: command, source: "the run \(id) (\(folder)), its weights after epoch \(logged.epoch)")
        return RunPackage.files(run: id, weights: folder + "/" + TrainingCheckpoint.fileName, plan: run.plan, epoch: epoch,
                                dataset: spec, origin: origin)
    }

    /// The log's line for the epoch model.safetensors was saved after; a log
    /// that is missing, a folder, unreadable or without that epoch is named as such.
    static func savedEpoch(_ folder: String, _ epoch: Int) throws(CLIError) -> EpochMetrics {
        let path = folder + "/" + RunLog.eventsFile
        guard let record = RunRecord.read(directory: folder) else {
            var isFolder: ObjCBool = false
            let why = !FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) ? "no such file (the run's log)"
                : isFolder.boolValue ? "a folder, not the run's log" : "cannot be read"
            throw CLIError("proxlab export: \(path): \(why)")
        }
        if let logged = record.epochs.last(where: { $0.epoch == epoch }) { return logged }
        let saved = "the epoch model.safetensors was saved after"
        guard let first = record.firstSkippedLine else {
            throw CLIError("proxlab export: \(path): no epoch \(epoch) (\(saved))")
        }
        if record.info == nil && record.steps.isEmpty && record.epochs.isEmpty {
            throw CLIError("proxlab export: \(path): not a run's log: none of its lines is an event (the first unreadable one is line \(first))")
        }
        throw CLIError("proxlab export: \(path): no epoch \(epoch) (\(saved)); \(record.skippedLines) of its lines cannot be read, the first line \(first)")
    }

    /// An experiment: `--pair` with `--dataset`, an experiment file, or an
    /// experiment preset's name that is not also a pair preset's.
    static func isExperiment(_ a: Arguments) throws(CLIError) -> Bool {
        guard let name = a.positionals.first else { return a["pair"] != nil || a["dataset"] != nil }
        if name.hasSuffix(".json") || name.contains("/") {
            guard let data = FileManager.default.contents(atPath: name) else {
                throw CLIError("proxlab export: \(name): \(FileManager.default.fileExists(atPath: name) ? "cannot be read" : "no such file")")
            }
            // The reader of pair and experiment files, for its line and column of a JSON error.
            let json: JSONValue
            do { json = try PresetReader(data: data, file: name).value } catch { throw CLIError("proxlab export: \(error)") }
            return json["dataset"] != nil && json["forward"] == nil
        }
        if (try? PresetLibrary.resolvePair(name)) != nil { return false }
        if FileManager.default.fileExists(atPath: experimentPreset(name)) { return true }
        throw CLIError("proxlab export: no preset named '\(name)' among the pairs (proxlab presets) or the experiments in \(PresetLibrary.directory())/experiments, and no run with that ID in \(a["runs-dir"] ?? RunsFolder.defaultRoot)")
    }

    static func experimentPreset(_ name: String) -> String { PresetLibrary.directory() + "/experiments/\(name).json" }

    static func refuse(_ options: Set<String>, in a: Arguments, for what: String) throws(CLIError) {
        if let given = options.sorted().first(where: { a[$0] != nil }) {
            throw CLIError("proxlab export: --\(given) does not apply to \(what)")
        }
    }

    /// What the package was generated from, for its headers.
    static func pairSource(_ positional: String?, pair: QuantizerPair) -> String {
        guard let name = positional else {
            return "the pair given on the command line (F = \(pair.forward), B = \(pair.backward))"
        }
        if name.hasSuffix(".json") || name.contains("/") { return "the pair file \(name)" }
        return "the built-in pair preset \(name) (presets/quantizers/\(name.lowercased()).json)"
    }

    static func experimentSource(_ positional: String?, _ e: Experiment) -> String {
        guard let name = positional else { return "the experiment given on the command line (\(e.pairs.joined(separator: ", ")) on \(e.dataset))" }
        if name.hasSuffix(".json") || name.contains("/") { return "the experiment file \(name)" }
        return "the built-in experiment preset \(name) (presets/experiments/\(name).json)"
    }

    static func shellQuoted(_ s: String) -> String {
        let plain = s.allSatisfy { $0.isLetter || $0.isNumber || "-_./,:=+@%".contains($0) }
        return plain && !s.isEmpty ? s : "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
