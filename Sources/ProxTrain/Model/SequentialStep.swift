/// A training step or a forward pass of a `Sequential`, as the work a
/// `Team` runs: every member walks the layers in order, each on its own
/// slice of the features (see `Layer` and `TeamPart`).
///
/// Kept as one object per model with the call's arguments in stored
/// properties, so that starting a step allocates nothing.
final class SequentialStep: TeamWork {
    enum Mode { case train, forward }

    unowned let model: Sequential
    var mode = Mode.forward
    var input: Tensor?
    var fill: (any TeamInput)?
    var labels: UnsafeBufferPointer<Int32>?
    var batch = 0
    var loss: SoftmaxCrossEntropy?
    var optimizer: (any Optimizer)?
    var result: (loss: Double, correct: Int) = (0, 0)
    var logits: Tensor?
    /// Told as each member finishes a phase, when set.
    var hook: (any StepHook)?
    /// For the optimizer's parameters in order, the quantized weights whose
    /// latent each one is, and the quantized weights no parameter covers.
    private var latentOf: [QuantizedWeights?] = []
    private var unoptimized: [QuantizedWeights] = []
    private weak var pairedWith: AnyObject?

    /// Elements per chunk of the fused update: with theta, its gradient,
    /// m and v that is 256 KiB, well inside L2.
    static let updateChunk = 16_384

    init(model: Sequential) { self.model = model }

    func run(part: TeamPart) {
        let layers = model.steps, n = batch
        hook?.passed(.start, part: part)
        if let fill {
            fill.fill(part: part)
            part.barrier()
            hook?.passed(.fill, part: part)
        }
        var x = input!
        for (i, layer) in layers.enumerated() {
            x = layer.forward(x, batch: n, part: part)
            hook?.passed(.forward(i), part: part)
        }
        guard mode == .train, let loss, let optimizer, let labels else {
            if part.isLead { logits = x }
            part.barrier()
            return
        }
        part.barrier()
        if part.isLead { result = loss.forward(logits: x, labels: labels, batch: n) }
        part.barrier()
        hook?.passed(.loss, part: part)
        var g = loss.gradLogits
        for i in layers.indices.reversed() {
            let next = layers[i].backward(g, batch: n, needsInputGradient: i > 0, part: part)
            hook?.passed(.backward(i), part: part)
            guard let next else { break }
            g = next
        }
        part.barrier()
        update(optimizer, part: part)
        hook?.passed(.update, part: part)
    }

    /// The optimizer's update of this member's rows; for latent weights, a
    /// chunk at a time followed by the clip (and the reset) and, when the
    /// step prepares it, the next step's w = F(theta), while the chunk is in cache.
    private func update(_ optimizer: any Optimizer, part: TeamPart) {
        for (k, p) in optimizer.parameters.enumerated() {
            let rows = p.rows(for: part)
            guard let q = latentOf[k] else {
                optimizer.update(k, elements: rows)
                continue
            }
            if q.quantizer.holdsLatent {
                q.afterUpdate(elements: rows)
                continue
            }
            var lo = rows.lowerBound
            while lo < rows.upperBound {
                let r = lo..<min(rows.upperBound, lo + Self.updateChunk)
                optimizer.update(k, elements: r)
                q.afterUpdate(elements: r)
                lo = r.upperBound
            }
        }
        for q in unoptimized { q.afterUpdate(elements: q.latent.rows(for: part)) }
    }

    /// Matches the optimizer's parameters with the model's latent weights
    /// (on the caller's thread, again only when the optimizer changes).
    func pairUp(_ optimizer: any Optimizer) {
        guard pairedWith !== optimizer else { return }
        pairedWith = optimizer
        latentOf = optimizer.parameters.map { p in model.quantized.first { $0.latent === p } }
        unoptimized = model.quantized.filter { q in !optimizer.parameters.contains { $0 === q.latent } }
    }

    /// Lets go of the call's arguments once the team is done.
    func clear() {
        input = nil
        fill = nil
        labels = nil
        loss = nil
        optimizer = nil
    }
}

/// Where a member is in a train step: at its start, after the batch copy, after the
/// forward pass of step layer i (`Sequential`'s fused list), after the
/// loss, after the backward pass of layer i, after the update.
public enum StepPhase: Sendable, Equatable {
    case start
    case fill
    case forward(Int)
    case loss
    case backward(Int)
    case update
}

/// Watches a train step from inside: every member calls `passed` as it
/// finishes each phase (with the barriers of the step, so a member's time
/// includes its waits). For measuring (`proxbench train --phases`); must not
/// allocate or block.
public protocol StepHook: AnyObject {
    func passed(_ phase: StepPhase, part: TeamPart)
}
