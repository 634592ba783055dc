import Foundation
import ProxCore
import ProxDeploy
import ProxTrain

/// `proxlab deploy`: a trained run as a packed inference model file.
enum DeployCommand {
    static let usage = """
    usage: proxlab deploy <run> [--out FILE] [--runs-dir DIR]

    Converts a trained run (its model.safetensors) into a packed inference model:
    binary weights and binary inputs packed 64 to a word, batch norm and sign folded
    into one integer threshold per channel, full-precision layers kept in float;
    written as safetensors (default: deployed.safetensors in the run's folder).
    Run it with proxlab infer; proxlab summary FILE measures its cost per layer.

    examples:
      proxlab deploy 20261201-120000-bnn-fashion-mnist-s0
      proxlab deploy runs/20261201-120000-bnn-fashion-mnist-s0 --out bnn-mlp.safetensors
    """

    static func run(_ args: [String]) throws(CLIError) -> (output: String, status: Int32) {
        let a = try Arguments(args, command: "deploy", options: ["out", "runs-dir"], flags: [])
        guard a.positionals.count == 1, let id = a.positionals.first else {
            throw CLIError("proxlab deploy: give one run (a run folder or ID); see proxlab deploy --help")
        }
        let folder = try TrainCommand.runFolder(id, root: a["runs-dir"] ?? RunsFolder.defaultRoot, option: nil, command: "deploy")
        let model: DeployedModel, accuracy: Double, d: RunDeployment
        do {
            d = try RunDeployment.open(folder)
            accuracy = d.deployAccuracy()
            model = try d.model(extra: ["deploy_accuracy": String(accuracy)])
        } catch { throw CLIError("proxlab deploy: \(error)") }
        let out = a["out"] ?? folder + "/deployed.safetensors"
        if let own = Self.runFile(out, of: folder) {
            throw CLIError("proxlab deploy: --out \(out) is the run's own \(own); give another file (the default is \(folder)/deployed.safetensors)")
        }
        do { try DeployedModelFile.write(model, to: out) } catch { throw CLIError("proxlab deploy: \(error)") }
        let e = d.run.plan.experiment
        let fp32 = model.steps.reduce(0) { $0 + $1.fp32Bytes }, packed = model.steps.reduce(0) { $0 + $1.packedBytes }
        var o = Output()
        o.line("deployed \(folder) (\(d.run.plan.pair.name) on \(e.dataset), \(e.model), epoch \(d.run.state.epoch))")
        o.line("  -> \(out): \(formatBytes(Double(packed))) of numbers (the float network's: \(formatBytes(Double(fp32))))")
        o.line("  \(model.steps.count) steps: " + model.steps.map(\.layer.name).joined(separator: ", "))
        let binary = model.steps.contains { step in
            switch step.layer {
            case .binaryDense, .binaryConv: return true
            case .float(let f): return f.signWeights != nil
            default: return false
            }
        }
        o.line("  deploy accuracy (\(binary ? "sign weights, binary inputs" : "a full-precision network, as trained")) on the test split: \(formatPercent(accuracy))")
        return (o.text, 0)
    }

    /// Which of the run's own files `path` names (links and relative paths
    /// resolved), if any: deploying over the checkpoint or the log loses the run.
    static func runFile(_ path: String, of folder: String) -> String? {
        func resolved(_ p: String) -> String { URL(fileURLWithPath: p).standardizedFileURL.resolvingSymlinksInPath().path }
        let target = resolved(path)
        for name in [TrainingCheckpoint.fileName, RunLog.experimentFile, RunLog.eventsFile] where resolved(folder + "/" + name) == target {
            return name
        }
        return nil
    }
}
