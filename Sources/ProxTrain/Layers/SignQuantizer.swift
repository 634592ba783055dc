/// F = sign with a straight-through backward: BinaryConnect and BNN, in vectorized loops.
///
/// docs/THEORY.md section 4: BC is (F = sign, B = id), BNN is (F = sign, B = clip(1)),
/// both with latent clipping to [-1, 1]. This is the reference the
/// benchmark and tests use without ProxCore's expression machinery, and the
/// model of what a fast quantizer looks like: one vectorized pass per
/// buffer, no per-element closures, and no state, so team members may call
/// it at once on their own slices. sign(0) = +1 (docs/THEORY.md section 1).
public final class SignQuantizer: WeightQuantizer {
    /// B, whose derivative multiplies g_w.
    public enum Backward: Sendable {
        /// B = id, B' = 1 (BinaryConnect).
        case identity
        /// B = clip(1) (hardtanh), B' = 1 if abs(theta) <= 1 else 0 (BNN).
        case hardtanh
    }

    public let backwardKind: Backward
    /// Latent clip c after each step (nil: none).
    public let clip: Float?

    public init(backward: Backward = .identity, clip: Float? = 1) {
        backwardKind = backward
        self.clip = clip
    }

    public func forward(latent: UnsafeBufferPointer<Float>, weights: UnsafeMutableBufferPointer<Float>) {
        guard let x = latent.baseAddress, let w = weights.baseAddress else { return }
        VectorOps.sign(x, to: w, count: latent.count)
    }

    public func backward(latent: UnsafeBufferPointer<Float>, gradWeights: UnsafeBufferPointer<Float>,
                         gradLatent: UnsafeMutableBufferPointer<Float>) {
        guard let x = latent.baseAddress, let g = gradWeights.baseAddress,
              let out = gradLatent.baseAddress else { return }
        switch backwardKind {
        case .identity: VectorOps.copy(g, to: out, count: latent.count) // unused: see hasIdentityBackward
        case .hardtanh: for i in 0..<latent.count { out[i] = abs(x[i]) <= 1 ? g[i] : 0 }
        }
    }

    public var hasIdentityBackward: Bool { backwardKind == .identity }

    public func afterStep(latent: UnsafeMutableBufferPointer<Float>) {
        guard let c = clip, let base = latent.baseAddress else { return }
        VectorOps.clip(base, to: c, count: latent.count)
    }
}
