/// The latent weights theta of a quantized layer and the weights w it computes with.
///
/// docs/THEORY.md section 2 in buffers: the optimizer sees only `latent` (theta and
/// g_theta); the layer's products read `effective` (w = F_mu(theta), or
/// sign(theta) in `.deploy` mode) and write g_w (`gradientTarget`). The
/// layer refreshes w at the start of every forward pass, so w always
/// matches the current theta and mu, unless the train step before computed
/// it already (`RefreshPlan`); `backward(elements:)` turns the accumulated
/// g_w into g_theta.
///
/// The trainer reads `latent.value` and `effective` for its metrics (flip
/// ratio, saturation, quantization gap, histograms).
public final class QuantizedWeights {
    /// theta and g_theta: what the optimizer updates.
    public let latent: Parameter
    /// w, the weights the layer's products use. Same shape as theta.
    public let effective: Tensor
    /// g_w, unless B' is 1 (then g_w is g_theta itself, `latent.gradient`).
    private let gradEffectiveStorage: LazyGradient
    /// The pair that maps theta to w and g_w to g_theta.
    public var quantizer: any WeightQuantizer { didSet { plan.forget() } }
    /// Forward weights F(theta) or deployed weights sign(theta).
    public var mode: WeightMode = .forward { didSet { plan.forget() } }
    /// Whether this step's forward pass skips its refresh and its update
    /// computes the next step's w (kept by `StepBookkeeping`).
    var plan = RefreshPlan()

    public init(latent: Parameter, quantizer: any WeightQuantizer) {
        self.latent = latent
        self.quantizer = quantizer
        effective = Tensor(shape: latent.value.shape)
        gradEffectiveStorage = LazyGradient(shape: latent.value.shape)
    }

    /// The buffer g_w accumulates in.
    private var gradEffectiveBuffer: LazyGradient {
        quantizer.hasIdentityBackward ? latent.gradient : gradEffectiveStorage
    }

    /// g_w = dLoss/dw, accumulated by the layer's backward pass since the
    /// last `zeroGrad()`. When the quantizer's B' is 1 this is `latent.grad`,
    /// which then equals g_w.
    public var gradEffective: Tensor { gradEffectiveBuffer.materialized }

    /// Marks g_w and g_theta as zero.
    public func zeroGrad() {
        gradEffectiveStorage.zero()
        latent.zeroGrad()
    }

    /// For the layer's backward pass: the g_w buffer and whether to add to
    /// it, the zero mark left as it is (`StepBookkeeping` clears it).
    func gradientTarget() -> (tensor: Tensor, accumulate: Bool) { gradEffectiveBuffer.target }

    /// Clears the zero marks once a pass has written g_w and g_theta.
    func gradientWritten() {
        gradEffectiveStorage.markWritten()
        latent.gradient.markWritten()
    }

    /// w = F(theta) (or sign(theta) when deploying) on every element.
    public func refresh() { refresh(elements: 0..<latent.count) }

    /// A forward pass's refresh of a slice: none when the step before left w current.
    func refreshForForward(elements r: Range<Int>) {
        if !plan.skipsRefresh { refresh(elements: r) }
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

    /// g_theta = B'(x) * g_w on a slice (a team member's rows), overwriting
    /// `latent.grad` there, from g_w already written.
    ///
    /// Overwriting is still accumulation in effect: g_w accumulates across
    /// backward passes and B' does not depend on the batch, so
    /// B' * (g_w1 + g_w2) is the sum of the two g_theta.
    func backward(elements r: Range<Int>) {
        if quantizer.hasIdentityBackward { return }
        let lo = r.lowerBound
        quantizer.backward(latent: UnsafeBufferPointer(start: latent.value.data + lo, count: r.count),
                           gradWeights: UnsafeBufferPointer(start: gradEffectiveStorage.storage.data + lo, count: r.count),
                           gradLatent: UnsafeMutableBufferPointer(start: latent.gradient.storage.data + lo, count: r.count))
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
        if plan.prepares { refresh(elements: r) }
    }
}
