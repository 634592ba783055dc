import Foundation
import ProxCore
import ProxTrain

/// `proxlab summary`: the memory table of THEORY.md section 7, as Larq's
/// model summary prints it: per layer and in total, fp32 size, binary size
/// (binarized weights at 1 bit, everything else at 32) and the ratio.
enum SummaryCommand {
    static let usage = """
    usage: proxlab summary <experiment-file | experiment-name> [--model SPEC] [--binarize POLICY]
           proxlab summary --dataset SPEC [--model SPEC] [--binarize POLICY]

    examples:
      proxlab summary fashion-mlp
      proxlab summary --dataset moons --model mlp:32,32 --binarize except-first
    """

    static func run(_ args: [String]) throws(CLIError) -> (output: String, status: Int32) {
        let a = try Arguments(args, command: "summary", options: ["model", "binarize", "dataset", "pair"], flags: [])
        var e: Experiment
        if a.positionals.isEmpty {
            guard let d = a["dataset"] else { throw CLIError("proxlab summary: give an experiment or --dataset SPEC") }
            e = Experiment(name: "summary", dataset: d, pairs: ["bc"])
        } else {
            e = try TrainCommand.experiment(a)
        }
        try TrainCommand.applyOverrides(a, to: &e)
        let plan: RunPlan
        do {
            guard let first = try RunPlan.plans(for: e).first else { throw CLIError("proxlab summary: the experiment has no runs") }
            plan = first
        } catch let error as CLIError { throw error } catch {
            throw CLIError("proxlab summary: \(error)")
        }
        let dataset: Dataset
        do { dataset = try DatasetSpec.parse(e.dataset).load() } catch { throw CLIError("proxlab summary: dataset \(e.dataset): \(error)") }
        let trainer: Trainer
        do { trainer = try Trainer(plan: plan, dataset: dataset, logRoot: nil) } catch { throw CLIError("proxlab summary: \(error)") }
        var rows = [["layer", "parameters", "binarized", "fp32", "binary", "ratio"]]
        for m in trainer.model.memoryTable + [trainer.model.memoryTotal] {
            rows.append([m.name, String(m.parameters), String(m.binarized), bytes(m.fp32Bits), bytes(m.deployedBits),
                         String(format: "%.1fx", m.compression)])
        }
        var out = Output()
        out.line("\(e.model) on \(e.dataset), binarize: \(e.binarize.rawValue)")
        out.line("binarized weights count 1 bit; biases, batch norm and full-precision layers 32 bits")
        out.line()
        for line in table(rows, gap: 3) { out.line(line) }
        return (out.text, 0)
    }

    static func bytes(_ bits: Int) -> String {
        let b = Double(bits) / 8
        if b >= 1_048_576 { return String(format: "%.2f MiB", b / 1_048_576) }
        if b >= 1024 { return String(format: "%.1f KiB", b / 1024) }
        return String(format: "%.0f B", b)
    }
}
