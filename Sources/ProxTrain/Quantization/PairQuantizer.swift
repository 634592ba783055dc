import ProxCore

/// A `WeightQuantizer` driven by a ProxCore pair: the PC++ step of THEORY.md
/// section 2 on whole buffers.
///
///     w       = F_mu(theta)                     forward
///     g_theta = B'_mu(x) * g_w                  x = theta or P_mu(theta)
///     theta   = clip(theta, -c, c); P_mu(theta)  after the optimizer step
///
/// The trainer sets `mu` from the schedule before each step. Scratch for
/// P(theta) is sized once, for the largest layer it serves (`reserve`), so a
/// step allocates nothing. One instance may serve several layers of one model:
/// they run one after another on the trainer's thread.
public final class PairQuantizer: WeightQuantizer {
    public let pair: QuantizerPair
    /// The current strength; set by the trainer from the pair's schedule.
    public var mu: Double
    private var scratch: UnsafeMutableBufferPointer<Float>

    public init(pair: QuantizerPair, capacity: Int = 0) {
        self.pair = pair
        self.mu = pair.schedule.mu(at: TrainingProgress(fraction: 0))
        scratch = .allocate(capacity: max(capacity, 1))
    }

    deinit { scratch.deallocate() }

    /// Grows the scratch buffer; call once per layer size before training.
    public func reserve(_ count: Int) {
        guard count > scratch.count else { return }
        scratch.deallocate()
        scratch = .allocate(capacity: count)
    }

    /// B = id: B' = 1 wherever it is read, so the layer passes g_w through
    /// as g_theta and skips a pass over the weights.
    public var hasIdentityBackward: Bool { pair.backward == .identity }

    public func forward(latent: UnsafeBufferPointer<Float>, weights: UnsafeMutableBufferPointer<Float>) {
        pair.forward.evaluate(latent, mu: mu, value: weights, derivative: nil)
    }

    public func backward(latent: UnsafeBufferPointer<Float>, gradWeights: UnsafeBufferPointer<Float>,
                         gradLatent: UnsafeMutableBufferPointer<Float>) {
        let n = latent.count
        reserve(n)
        pair.backwardMultiplier(latent, mu: mu, scratch: UnsafeMutableBufferPointer(rebasing: scratch[0..<n]), into: gradLatent)
        let g = gradLatent.baseAddress!, gw = gradWeights.baseAddress!
        for i in 0..<n { g[i] *= gw[i] }
    }

    public func afterStep(latent: UnsafeMutableBufferPointer<Float>) {
        let n = latent.count
        if let c = pair.latentClip {
            let c = Float(c), t = latent.baseAddress!
            for i in 0..<n { t[i] = Swift.max(-c, Swift.min(c, t[i])) }
        }
        if pair.resetAfterStep {
            // Evaluate into scratch then copy back: outputs never alias inputs.
            reserve(n)
            let x = UnsafeMutableBufferPointer(rebasing: scratch[0..<n])
            pair.effectiveProx.evaluate(UnsafeBufferPointer(latent), mu: mu, value: x, derivative: nil)
            latent.baseAddress!.update(from: x.baseAddress!, count: n)
        }
    }
}
