import Foundation
import ProxCore
import ProxTrain

/// The measured cost of a deployed network, step by step, against the same
/// network in float: bytes, operations, and time on this machine.
///
/// "The same network in float" is the trained network's own layers (the
/// `replaces` of every step) at the same shapes, with sign weights and
/// binary activations held as floats: what `Sequential` computes for deploy
/// accuracy, products through cblas_sgemm. The numbers inside do not change
/// the time of either form, so the ledger of a model file or of a run's
/// model spec measures what the trained network would cost.
///
/// Times are the fastest of `repeats` runs of each step on its predecessor's
/// real output (the host is shared: minima, compared within one run).
public struct CostLedger: Sendable {
    public struct Row: Sendable {
        public var name: String
        public var fp32Bytes: Int
        public var packedBytes: Int
        /// Per batch.
        public var binaryOperations: Int
        public var floatSeconds: Double
        public var packedSeconds: Double
    }

    public var batch: Int
    public var threads: Int
    public var repeats: Int
    public var form: PopcountForm
    public var rows: [Row]
    /// The whole forward pass in one go, each form (not the sum of the rows).
    public var floatSeconds: Double
    public var packedSeconds: Double

    /// Measures every step of `model` at `batch` examples on a team of
    /// `threads`, for both forms: the float network is split as proxlab
    /// trains it (fixed tiles, one OpenBLAS thread per product), so the
    /// ledger never touches OpenBLAS's global thread count, which a run
    /// training beside it (the workbench) depends on (`BLAS`).
    public static func measure(_ model: DeployedModel, batch: Int, repeats: Int, threads: Int = 1,
                               form: PopcountForm = .best) -> CostLedger {
        var rng = SplitMix64(seed: 0)
        let input = Tensor(shape: [batch] + model.inputShape)
        for i in 0..<input.count { input[i] = 2 * rng.nextUnitFloat() - 1 }

        let net = DeployedNetwork(model, form: form)
        net.team = Team(size: threads)
        net.prepare(batch: batch)
        _ = net.forward(input, batch: batch)
        let packedTotal = seconds(repeats) { _ = net.forward(input, batch: batch) }
        let floatNet = FloatTwin(model, batch: batch, team: net.team)
        let floatTotal = seconds(repeats) { floatNet.forward(input, batch: batch) }
        floatNet.keepInputs(input, batch: batch)
        var rows: [Row] = []
        for (i, step) in model.steps.enumerated() {
            let stage = net.stages[i], before = i == 0 ? .floats(input) : net.outputs[i - 1]!
            let packed = seconds(repeats) { _ = stage.run(before, batch: batch, team: net.team) }
            let float = floatNet.stepModels[i] == nil ? 0 : seconds(repeats) { floatNet.forward(step: i, batch: batch) }
            rows.append(Row(name: step.layer.name, fp32Bytes: step.fp32Bytes, packedBytes: step.packedBytes,
                            binaryOperations: step.binaryOperations * batch, floatSeconds: float, packedSeconds: packed))
        }
        return CostLedger(batch: batch, threads: threads, repeats: repeats, form: form, rows: rows,
                          floatSeconds: floatTotal, packedSeconds: packedTotal)
    }

    static func seconds(_ repeats: Int, _ body: () -> Void) -> Double {
        var best = Double.infinity
        for _ in 0..<max(repeats, 1) {
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return best
    }

    /// The table every front end prints (proxbench deploy, proxlab summary, the workbench).
    public var table: [[String]] {
        let floatSum = rows.reduce(0) { $0 + $1.floatSeconds }, packedSum = rows.reduce(0) { $0 + $1.packedSeconds }
        var out = [["layer", "fp32", "packed", "binary ops", "float time", "packed time", "float share", "packed share"]]
        for r in rows {
            out.append([r.name, formatBytes(Double(r.fp32Bytes)), formatBytes(Double(r.packedBytes)),
                        r.binaryOperations == 0 ? "-" : formatCompact(Double(r.binaryOperations)),
                        formatMicroseconds(r.floatSeconds), formatMicroseconds(r.packedSeconds),
                        share(r.floatSeconds, floatSum), share(r.packedSeconds, packedSum)])
        }
        out.append(["total (one pass)", formatBytes(Double(rows.reduce(0) { $0 + $1.fp32Bytes })),
                    formatBytes(Double(rows.reduce(0) { $0 + $1.packedBytes })),
                    formatCompact(Double(rows.reduce(0) { $0 + $1.binaryOperations })),
                    formatMicroseconds(floatSeconds), formatMicroseconds(packedSeconds), "", ""])
        return out
    }

    /// Float time over packed time of the whole pass.
    public var speedup: Double { floatSeconds / packedSeconds }

    /// What the table's times are, in one line.
    public var caption: String {
        "batch \(batch), \(threads) thread\(threads == 1 ? "" : "s"), \(form) popcounts; fastest of \(repeats) passes; "
            + "float = the trained layers through cblas_sgemm"
    }

    /// The whole pass in both forms, in one line.
    public var verdict: String {
        "whole pass: float \(formatMicroseconds(floatSeconds)), packed \(formatMicroseconds(packedSeconds)): "
            + String(format: "%.2fx faster packed", speedup)
    }

    private func share(_ part: Double, _ total: Double) -> String {
        total > 0 ? formatCompact(100 * part / total) + "%" : "-"
    }
}

/// Microseconds with the unit, four significant digits.
public func formatMicroseconds(_ seconds: Double) -> String {
    seconds == 0 ? "-" : formatCompact(seconds * 1e6) + " us"
}

/// The trained layers of every step, chained in order: the float network
/// the ledger compares with (built from kinds alone, numbers irrelevant to
/// time), in evaluation mode as deploy accuracy is measured, on a team.
final class FloatTwin {
    /// The whole chain, and each step's layers alone (nil for a step that
    /// replaces none), sharing the layer objects.
    let whole: Sequential
    let stepModels: [Sequential?]
    /// Each step's input, kept from a first pass so a step can be timed alone.
    var inputs: [Tensor?]

    init(_ model: DeployedModel, batch: Int, team: Team) {
        var layers: [any Layer] = [], stepModels: [Sequential?] = []
        for step in model.steps {
            let mine = step.replaces.map { FloatLayer(kind: $0).makeLayer() }
            layers += mine
            stepModels.append(mine.isEmpty ? nil : Sequential(mine))
        }
        whole = Sequential(layers)
        self.stepModels = stepModels
        inputs = Array(repeating: nil, count: stepModels.count)
        for m in [whole] + stepModels.compactMap({ $0 }) {
            m.team = team
            m.prepare(batch: batch)
            m.setTraining(false)
        }
    }

    /// The whole chain.
    func forward(_ input: Tensor, batch: Int) { _ = whole.forward(input, batch: batch) }

    /// Runs the steps one by one, keeping each one's input.
    func keepInputs(_ input: Tensor, batch: Int) {
        var x = input
        for (i, m) in stepModels.enumerated() {
            inputs[i] = x
            if let m { x = m.forward(x, batch: batch) }
        }
    }

    /// Step `i` alone, on its input from the last `forward`.
    func forward(step i: Int, batch: Int) {
        guard let m = stepModels[i], let x = inputs[i] else { return }
        _ = m.forward(x, batch: batch)
    }
}
