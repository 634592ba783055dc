import Foundation
import ProxCore
import ProxDeploy
import ProxTrain

/// `proxlab summary MODEL.safetensors`: a deployed model's cost ledger,
/// measured on this machine (`CostLedger`): the memory columns of the spec's
/// table plus binary operations and the time of each layer in both forms.
extension SummaryCommand {
    static func deployed(_ path: String, _ a: Arguments) throws(CLIError) -> (output: String, status: Int32) {
        let batch = try a.integer("batch", command: "summary", minimum: 1) ?? 100
        let repeats = try a.integer("repeats", command: "summary", minimum: 1) ?? 20
        let threads = min(try a.integer("threads", command: "summary", minimum: 1) ?? 1, ProcessInfo.processInfo.activeProcessorCount)
        guard batch <= 10_000, repeats <= 10_000 else { throw CLIError("proxlab summary: --batch and --repeats go up to 10000") }
        let model: DeployedModel
        do { model = try DeployedModelFile.read(path: path) } catch { throw CLIError("proxlab summary: \(error)") }
        let ledger = CostLedger.measure(model, batch: batch, repeats: repeats, threads: threads)
        var o = Output()
        let i = model.info
        o.line("deployed model \(path)" + (i["pair"].map { ": \($0)" } ?? "") + (i["dataset"].map { " on \($0)" } ?? "")
               + (i["model"].map { ", \($0)" } ?? "") + (i["source"].map { " (from \($0))" } ?? ""))
        o.line(ledger.caption)
        o.line()
        for line in alignedColumns(ledger.table, gap: 2) { o.line(line) }
        o.line(ledger.verdict)
        return (o.text, 0)
    }
}
