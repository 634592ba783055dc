/// The bookkeeping around a model's passes, all of it in this file: lazily
/// zeroed gradients (`LazyGradient`), weights a train step precomputes for
/// the next one (`RefreshPlan`), and the calls that keep both correct before
/// and after a pass (`StepBookkeeping`), made by `Sequential`'s train step
/// and forward pass and by a layer's serial passes.

/// A gradient buffer whose zeroing is lazy.
///
/// `zero()` only marks the buffer as zero; a backward pass that computes
/// the gradient by a product then writes it with beta = 0 instead of
/// clearing 2.7 MB and adding to it (a tenth of the non-product time of a
/// step on the reference MLP). Passes read the mark through `target`
/// without clearing it (several team members read it at once) and
/// `markWritten()` clears it once the pass is over. Anyone else who reads
/// `materialized` while the mark is set gets real zeros, so the semantics
/// are those of an eager zero-then-accumulate.
public final class LazyGradient {
    let storage: Tensor
    private(set) var countsAsZero = false

    init(shape: [Int]) { storage = Tensor(shape: shape) }

    /// The gradient with real zeros where the mark says zero.
    public var materialized: Tensor {
        if countsAsZero {
            storage.fill(0)
            countsAsZero = false
        }
        return storage
    }

    /// Marks the buffer as zero.
    func zero() { countsAsZero = true }

    /// For a backward pass: the buffer, and whether to add to it (false:
    /// its contents count as zero and are to be overwritten).
    var target: (tensor: Tensor, accumulate: Bool) { (storage, !countsAsZero) }

    /// Clears the mark once a pass has written the whole buffer.
    func markWritten() { countsAsZero = false }
}

/// When a quantized layer's w = F(theta) may be computed ahead, by the
/// previous train step.
///
/// In a run of train steps whose key (`WeightQuantizer.refreshKey`, mu)
/// stays the same, each step computes the next step's w in the same pass
/// as the optimizer update and the clip, while theta is in cache, and the
/// next forward pass skips its refresh. Any other pass (evaluation, a
/// layer's serial pass, a change of quantizer or mode) forgets the plan, so
/// code that writes theta between steps gets w recomputed.
struct RefreshPlan {
    /// The key w was computed for at the end of the last train step, if
    /// that step computed it.
    private var preparedKey: Double?
    /// The key of the last train step.
    private var lastStepKey: Double?
    /// During a train step: the forward pass may skip its refresh.
    private(set) var skipsRefresh = false
    /// During a train step: the update computes the next step's w.
    private(set) var prepares = false

    /// After anything that may leave w other than F(theta) for the last key.
    mutating func forget() {
        preparedKey = nil
        lastStepKey = nil
    }

    /// Before a train step: skip this step's refresh when the last step
    /// left w current for this key; prepare the next one when the key did
    /// not change since the step before (so it likely will not change now).
    mutating func beginStep(key: Double, mode: WeightMode) {
        skipsRefresh = mode == .forward && preparedKey == key
        prepares = mode == .forward && lastStepKey == key
        preparedKey = nil
    }

    /// After a train step.
    mutating func endStep(key: Double, mode: WeightMode) {
        preparedKey = prepares ? key : nil
        lastStepKey = mode == .forward ? key : nil
        skipsRefresh = false
        prepares = false
    }
}

/// The calls around a pass that keep lazy zeros and precomputed weights
/// honest, over a fixed list of parameters and quantized weights (kept, so
/// a step walks them without building arrays).
struct StepBookkeeping {
    let parameters: [Parameter]
    let quantized: [QuantizedWeights]

    /// Over every leaf of `layers`.
    init(layers: [any Layer]) {
        let leaves = layers.flatMap(\.leaves)
        parameters = leaves.flatMap(\.parameters)
        quantized = leaves.compactMap(\.quantizedWeights)
    }

    /// Marks every gradient a backward pass accumulates into as zero.
    func zeroGradients() {
        for p in parameters { p.gradient.zero() }
        for q in quantized { q.zeroGrad() }
    }

    /// Before a forward pass outside a train step: w is recomputed.
    func beginForward() {
        for q in quantized { q.plan.forget() }
    }

    /// Before a train step (on the caller's thread): gradients marked zero,
    /// and whether the step may skip its refresh and precompute the next.
    func beginTrainStep() {
        zeroGradients()
        for q in quantized { q.plan.beginStep(key: q.quantizer.refreshKey, mode: q.mode) }
    }

    /// After a backward pass, once every member is done: the gradients it
    /// wrote no longer count as zero.
    func gradientsWritten() {
        for p in parameters { p.gradient.markWritten() }
        for q in quantized { q.gradientWritten() }
    }

    /// After a train step (on the caller's thread).
    func endTrainStep() {
        gradientsWritten()
        for q in quantized { q.plan.endStep(key: q.quantizer.refreshKey, mode: q.mode) }
    }
}
