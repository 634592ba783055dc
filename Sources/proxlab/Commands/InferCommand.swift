import Foundation
import ProxCore
import ProxDeploy
import ProxTrain

/// `proxlab infer`: a deployed model's predictions on a data set.
enum InferCommand {
    static let usage = """
    usage: proxlab infer <model> --dataset SPEC [--threads N]

    Runs a deployed model (from proxlab deploy) on the test split of a data set, with
    XNOR-popcount products for its binary layers, and prints its accuracy. On the data
    set of its run it equals the run's deploy accuracy, example by example.

    examples:
      proxlab infer runs/20261201-120000-bnn-fashion-mnist-s0/deployed.safetensors --dataset fashion-mnist
    """

    static func run(_ args: [String]) throws(CLIError) -> (output: String, status: Int32) {
        let a = try Arguments(args, command: "infer", options: ["dataset", "threads"], flags: [])
        guard a.positionals.count == 1, let path = a.positionals.first else {
            throw CLIError("proxlab infer: give one model file; see proxlab infer --help")
        }
        guard let spec = a["dataset"] else { throw CLIError("proxlab infer: --dataset SPEC is required (e.g. --dataset fashion-mnist)") }
        let threads = min(try a.integer("threads", command: "infer", minimum: 1) ?? 1, ProcessInfo.processInfo.activeProcessorCount)
        guard FileManager.default.fileExists(atPath: path) else { throw CLIError("proxlab infer: \(path): no such file") }
        let model: DeployedModel
        do { model = try DeployedModelFile.read(path: path) } catch { throw CLIError("proxlab infer: \(error)") }
        let dataset: Dataset
        do { dataset = try DatasetSpec.parse(spec).load() } catch { throw CLIError("proxlab infer: dataset \(spec): \(error)") }
        if let problem = model.mismatch(with: dataset) { throw CLIError("proxlab infer: \(path) \(problem)") }
        let net = DeployedNetwork(model)
        net.team = Team(size: threads)
        let start = DispatchTime.now().uptimeNanoseconds
        let predicted = net.predictions(on: dataset.test)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let correct = zip(predicted, dataset.test.labels).filter { $0 == $1 }.count
        let accuracy = Double(correct) / Double(max(dataset.test.count, 1))
        var o = Output()
        o.line("\(path) on \(spec) (test split, \(dataset.test.count) examples): accuracy \(formatPercent(accuracy)) (\(correct) correct)")
        o.line(String(format: "  %.0f examples/s on %d thread%@ (%@ popcounts)", Double(dataset.test.count) / seconds,
                      threads, threads == 1 ? "" : "s", net.form.description))
        if let source = model.info["source"], let text = model.info["deploy_accuracy"], let recorded = Double(text),
           model.info["dataset"] == spec {
            o.line("  the run's deploy accuracy (\(source)): \(formatPercent(recorded))\(recorded == accuracy ? ", the same" : ", which differs")")
        }
        return (o.text, 0)
    }
}
