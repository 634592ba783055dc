import Foundation
import ProxCore
import ProxTrain

/// `proxlab summary`: the memory table of docs/THEORY.md section 7, as Larq's
/// model summary prints it: per layer and in total, fp32 size, binary size
/// (binarized weights at 1 bit, everything else at 32) and the ratio.
enum SummaryCommand {
    static let usage = """
    usage: proxlab summary <experiment-file | experiment-name> [--model SPEC] [--binarize POLICY]
           proxlab summary --dataset SPEC [--model SPEC] [--binarize POLICY]
           proxlab summary MODEL.safetensors [--batch N] [--threads N] [--repeats N]

    Given a deployed model (from proxlab deploy), the table gains the measured
    columns: binary operations and the time of each layer packed and in float
    on this machine (fastest of --repeats passes, default 20, batch 100).

    examples:
      proxlab summary fashion-mlp
      proxlab summary --dataset moons --model mlp:32,32 --binarize except-first
      proxlab summary runs/20261201-120000-bnn-fashion-mnist-s0/deployed.safetensors
    """

    static func run(_ args: [String]) throws(CLIError) -> (output: String, status: Int32) {
        let a = try Arguments(args, command: "summary", options: ["model", "binarize", "dataset", "pair", "batch", "threads", "repeats"],
                              flags: [])
        // Each form takes its own options; one given to the other form would be silently ignored.
        let measuring = ["batch", "threads", "repeats"], describing = ["model", "binarize", "dataset", "pair"]
        if a.positionals.count == 1, let path = a.positionals.first, path.hasSuffix(".safetensors") {
            if let wrong = describing.first(where: { a[$0] != nil }) {
                throw CLIError("proxlab summary: --\(wrong) describes a model to build; \(path) is a deployed model, which takes --batch, --threads and --repeats")
            }
            return try deployed(path, a)
        }
        if let wrong = measuring.first(where: { a[$0] != nil }) {
            throw CLIError("proxlab summary: --\(wrong) is for a deployed model (proxlab summary MODEL.safetensors --\(wrong) N)")
        }
        var e: Experiment
        if a.positionals.isEmpty {
            guard let d = a["dataset"] else { throw CLIError("proxlab summary: give an experiment or --dataset SPEC") }
            e = Experiment(name: "summary", dataset: d, pairs: ["bc"])
        } else {
            e = try TrainCommand.experiment(a, command: "summary").0
        }
        try TrainCommand.applyOverrides(a, to: &e, command: "summary")
        // The data give the input and class counts; the model is never built.
        let dataset: Dataset
        do { dataset = try DatasetSpec.parse(e.dataset).load() } catch { throw CLIError("proxlab summary: dataset \(e.dataset): \(error)") }
        guard let layers = e.model.memoryTable(features: dataset.featureCount, classes: dataset.classCount,
                                               image: dataset.imageShape, binarize: e.binarize) else {
            throw CLIError("proxlab summary: --model \(e.model) needs image data; \(dataset.name) has \(dataset.featureCount) plain features (use mlp:...)")
        }
        let total = LayerMemory(name: "total", parameters: layers.reduce(0) { $0 + $1.parameters },
                                binarized: layers.reduce(0) { $0 + $1.binarized })
        var rows = [["layer", "parameters", "binarized", "fp32", "binary", "ratio"]]
        for m in layers + [total] {
            rows.append([m.name, String(m.parameters), String(m.binarized), formatBytes(Double(m.fp32Bits) / 8), formatBytes(Double(m.deployedBits) / 8),
                         String(format: "%.1fx", m.compression)])
        }
        var out = Output()
        out.line("\(e.model) on \(e.dataset), binarize: \(e.binarize.rawValue)")
        out.line("binarized weights count 1 bit; biases, batch norm and full-precision layers 32 bits")
        out.line()
        for line in table(rows, gap: 3) { out.line(line) }
        return (out.text, 0)
    }
}
