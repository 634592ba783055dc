/// The latent weights theta of a quantized layer and the weights w it computes with.
///
/// THEORY section 2 in buffers: the optimizer sees only `latent` (theta and
/// g_theta); the layer's products read `effective` (w = F_mu(theta), or
/// sign(theta) in `.deploy` mode) and write `gradEffective` (g_w). `refresh`
/// runs at the start of every forward pass, so w always matches the current
/// theta and mu; `backward` turns the accumulated g_w into g_theta.
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
    public var quantizer: any WeightQuantizer
    /// Forward weights F(theta) or deployed weights sign(theta).
    public var mode: WeightMode = .forward

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

    /// w = F(theta) (or sign(theta) when deploying): once per forward pass.
    public func refresh() {
        let theta = latent.value
        switch mode {
        case .forward:
            quantizer.forward(latent: UnsafeBufferPointer(theta.buffer), weights: effective.buffer)
        case .deploy:
            VectorOps.sign(theta.data, to: effective.data, count: theta.count)
        }
    }

    /// g_theta = B'(x) * g_w, overwriting `latent.grad`.
    ///
    /// Overwriting is still accumulation in effect: g_w accumulates across
    /// backward passes and B' does not depend on the batch, so
    /// B' * (g_w1 + g_w2) is the sum of the two g_theta.
    public func backward() {
        if quantizer.hasIdentityBackward { return }
        quantizer.backward(latent: UnsafeBufferPointer(latent.value.buffer),
                           gradWeights: UnsafeBufferPointer(gradEffective.buffer),
                           gradLatent: latent.gradForUpdate().tensor.buffer)
    }

    /// Latent clipping and the optional reset, after the optimizer step.
    public func afterStep() {
        quantizer.afterStep(latent: latent.value.buffer)
    }
}
