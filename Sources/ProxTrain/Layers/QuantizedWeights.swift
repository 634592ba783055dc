/// The latent weights theta of a quantized layer and the weights w it computes with.
///
/// THEORY section 2 in buffers: the optimizer sees only `latent` (theta and
/// g_theta); the layer's products read `effective` (w = F_mu(theta), or
/// sign(theta) in `.deploy` mode) and write `gradEffective` (g_w). `refresh`
/// runs at the start of every forward pass, so w always matches the current
/// theta and mu; `backward` turns the accumulated g_w into g_theta.
///
/// In a run of train steps whose key (`WeightQuantizer.refreshKey`, mu)
/// stays the same, each step computes the next step's w in the same pass
/// as the optimizer update and the clip, while theta is in cache, and the
/// next forward pass skips its refresh (`Sequential.trainStep` keeps the
/// books). So theta is written only by train steps: code that writes it
/// between steps calls `Sequential.forward` or a layer's `forward`
/// before the next step, which recompute w.
///
/// The trainer reads `latent.value` and `effective` for its metrics (flip
/// ratio, saturation, quantization gap, histograms).
public final class QuantizedWeights {
    /// theta and g_theta: what the optimizer updates.
    public let latent: Parameter
    /// w, the weights the layer's products use. Same shape as theta.
    public let effective: Tensor
    private let gradEffectiveStorage: Tensor
    private var pendingZero = false
    /// The pair that maps theta to w and g_w to g_theta.
    public var quantizer: any WeightQuantizer { didSet { forgetRefresh() } }
    /// Forward weights F(theta) or deployed weights sign(theta).
    public var mode: WeightMode = .forward { didSet { forgetRefresh() } }

    /// The refresh key w was computed for at the end of the last train
    /// step, if that step computed it; set and read only between steps.
    var preparedKey: Double?
    /// The key of the last train step.
    var lastStepKey: Double?
    /// During a team step: the forward pass may skip its refresh.
    var skipsRefresh = false
    /// During a team step: the update computes the next step's w.
    var prepares = false

    /// After anything that may leave w other than F(theta) for the last key.
    func forgetRefresh() {
        preparedKey = nil
        lastStepKey = nil
    }

    /// Before a train step (on the caller's thread): whether this step's
    /// forward pass may skip its refresh, and whether its update should
    /// compute the next step's w (when the key did not change since the
    /// step before, so it likely will not change now).
    func beginStep() {
        let key = quantizer.refreshKey
        skipsRefresh = mode == .forward && preparedKey == key
        prepares = mode == .forward && lastStepKey == key
        preparedKey = nil
    }

    /// After a train step (on the caller's thread).
    func endStep() {
        let key = quantizer.refreshKey
        preparedKey = prepares ? key : nil
        lastStepKey = mode == .forward ? key : nil
        skipsRefresh = false
        prepares = false
    }

    public init(latent: Parameter, quantizer: any WeightQuantizer) {
        self.latent = latent
        self.quantizer = quantizer
        effective = Tensor(shape: latent.value.shape)
        gradEffectiveStorage = Tensor(shape: latent.value.shape)
    }

    /// g_w = dLoss/dw, accumulated by the layer's backward pass since the
    /// last `zeroGrad()` (zeroed lazily, as `Parameter.grad` is). When the
    /// quantizer's B' is 1 this is `latent.grad`, which then equals g_w.
    public var gradEffective: Tensor {
        if quantizer.hasIdentityBackward { return latent.grad }
        if pendingZero {
            gradEffectiveStorage.fill(0)
            pendingZero = false
        }
        return gradEffectiveStorage
    }

    /// Marks g_w and g_theta as zero.
    public func zeroGrad() {
        pendingZero = true
        latent.zeroGrad()
    }

    /// For the layer's backward pass: the buffer to accumulate g_w into and
    /// whether to add to it. With B' = 1 that buffer is g_theta itself
    /// (`latent.grad`), and `backward()` has nothing left to do.
    public func gradEffectiveForUpdate() -> (tensor: Tensor, accumulate: Bool) {
        if quantizer.hasIdentityBackward { return latent.gradForUpdate() }
        let accumulate = !pendingZero
        pendingZero = false
        return (gradEffectiveStorage, accumulate)
    }

    /// For a team step: the g_w buffer and whether to add to it, read
    /// without clearing the zero mark (`markWritten` does, afterwards).
    func gradEffectiveTarget() -> (tensor: Tensor, accumulate: Bool) {
        if quantizer.hasIdentityBackward { return (latent.gradBuffer, !latent.countsAsZero) }
        return (gradEffectiveStorage, !pendingZero)
    }

    /// Clears the zero marks once a team step has written g_w and g_theta.
    func markWritten() {
        pendingZero = false
        latent.markWritten()
    }

    /// w = F(theta) (or sign(theta) when deploying): once per forward pass.
    public func refresh() { refresh(elements: 0..<latent.count) }

    /// A forward pass's refresh of a slice: none when the step before left w current.
    func refreshForForward(elements r: Range<Int>) {
        if !skipsRefresh { refresh(elements: r) }
    }

    /// `refresh` on a slice (a team member's rows).
    public func refresh(elements r: Range<Int>) {
        let theta = latent.value.data + r.lowerBound, w = effective.data + r.lowerBound
        switch mode {
        case .forward:
            quantizer.forward(latent: UnsafeBufferPointer(start: theta, count: r.count),
                              weights: UnsafeMutableBufferPointer(start: w, count: r.count))
        case .deploy:
            VectorOps.sign(theta, to: w, count: r.count)
        }
    }

    /// g_theta = B'(x) * g_w, overwriting `latent.grad`.
    ///
    /// Overwriting is still accumulation in effect: g_w accumulates across
    /// backward passes and B' does not depend on the batch, so
    /// B' * (g_w1 + g_w2) is the sum of the two g_theta.
    public func backward() {
        if quantizer.hasIdentityBackward { return }
        let gw = gradEffective
        _ = latent.gradForUpdate()
        backward(elements: 0..<latent.count, gradWeights: gw)
    }

    /// `backward` on a slice (a team member's rows), from g_w already written there.
    func backward(elements r: Range<Int>) {
        if quantizer.hasIdentityBackward { return }
        backward(elements: r, gradWeights: gradEffectiveStorage)
    }

    private func backward(elements r: Range<Int>, gradWeights: Tensor) {
        let lo = r.lowerBound
        quantizer.backward(latent: UnsafeBufferPointer(start: latent.value.data + lo, count: r.count),
                           gradWeights: UnsafeBufferPointer(start: gradWeights.data + lo, count: r.count),
                           gradLatent: UnsafeMutableBufferPointer(start: latent.gradBuffer.data + lo, count: r.count))
    }

    /// Latent clipping and the optional reset, after the optimizer step.
    public func afterStep() { afterStep(elements: 0..<latent.count) }

    /// `afterStep` on a slice (a team member's rows).
    public func afterStep(elements r: Range<Int>) {
        quantizer.afterStep(latent: UnsafeMutableBufferPointer(start: latent.value.data + r.lowerBound, count: r.count))
    }

    /// In a train step, once theta is updated on a slice: the clip (and the
    /// reset), then the next step's w when this step prepares it.
    func afterUpdate(elements r: Range<Int>) {
        afterStep(elements: r)
        if prepares { refresh(elements: r) }
    }
}
