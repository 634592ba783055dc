/// The element-wise quantizer pair a quantized layer calls, once per layer per step.
///
/// docs/THEORY.md section 2: the network computes with w = F_mu(theta) and back-
/// propagates g_theta = B'_mu(x) * g_w, where x is theta (`latent`) or
/// P_mu(theta) (`quantized`). The implementation owns mu, the evaluation
/// point and the extras (latent clipping, the post-step reset); a layer only
/// hands it whole buffers, so the per-element work runs in the
/// implementation's vectorized loops and the layer makes one existential
/// call per pass, never one per element.
///
/// The buffers never alias: `weights`, `gradLatent` are distinct from the
/// inputs, so an implementation may write its output before it has read all
/// of its input (e.g. a piece at a time).
///
/// The same shape serves activation quantizers (`QuantizedActivation`):
/// there `latent` is the pre-activation and `weights` the quantized activation.
public protocol WeightQuantizer: AnyObject {
    /// w = F_mu(theta), element-wise (docs/THEORY.md section 2).
    func forward(latent: UnsafeBufferPointer<Float>, weights: UnsafeMutableBufferPointer<Float>)
    /// g_theta = B'_mu(x) * g_w, with x = theta or P_mu(theta); overwrites gradLatent.
    func backward(latent: UnsafeBufferPointer<Float>, gradWeights: UnsafeBufferPointer<Float>,
                  gradLatent: UnsafeMutableBufferPointer<Float>)
    /// After the optimizer step: latent clipping and the optional post-step reset.
    func afterStep(latent: UnsafeMutableBufferPointer<Float>)
    /// True when B' = 1 everywhere (B = id: BinaryConnect, ProxConnect,
    /// ProxQuant). The layer then accumulates g_w straight into g_theta and
    /// never calls `backward`, which saves a pass over the weights per step.
    var hasIdentityBackward: Bool { get }
    /// F's only input besides theta (mu for a pair, 0 when F has none): a
    /// train step that leaves w = F(theta) computed for this key lets the
    /// next step skip its refresh while the key stays the same.
    var refreshKey: Double { get }
    /// True while theta is frozen (ProxQuant's final phase, docs/THEORY.md
    /// section 2): the optimizer skips these latents and `afterStep` keeps
    /// them at sign(theta), as PyTorch skips a parameter without gradient.
    var holdsLatent: Bool { get }
}

extension WeightQuantizer {
    public var hasIdentityBackward: Bool { false }
    public var refreshKey: Double { 0 }
    public var holdsLatent: Bool { false }
}
