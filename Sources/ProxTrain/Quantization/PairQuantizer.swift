import ProxCore

/// A `WeightQuantizer` driven by a ProxCore pair: the PC++ step of THEORY.md
/// section 2 on whole buffers.
///
///     w       = F_mu(theta)                     forward
///     g_theta = B'_mu(x) * g_w                  x = theta or P_mu(theta)
///     theta   = clip(theta, -c, c); P_mu(theta)  after the optimizer step
///
/// The trainer sets `mu` from the schedule before each step. One instance
/// serves every binarized layer of a model, and in a team step several
/// threads call it at once on disjoint slices; so it keeps no scratch of
/// its own. Where a pass needs an intermediate (P(theta) or B'), it works
/// through the slice a chunk at a time in stack scratch: no allocation, and
/// the chunk stays in L1.
public final class PairQuantizer: WeightQuantizer {
    public let pair: QuantizerPair
    /// The current strength; set by the trainer from the pair's schedule, never during a step.
    public var mu: Double

    /// Elements per chunk of stack scratch (16 KiB of Float).
    static let chunk = 4096

    public init(pair: QuantizerPair) {
        self.pair = pair
        self.mu = pair.schedule.mu(at: TrainingProgress(fraction: 0))
    }

    /// B = id: B' = 1 wherever it is read, so the layer passes g_w through
    /// as g_theta and skips a pass over the weights.
    public var hasIdentityBackward: Bool { pair.backward == .identity }

    public var refreshKey: Double { mu }

    public func forward(latent: UnsafeBufferPointer<Float>, weights: UnsafeMutableBufferPointer<Float>) {
        pair.forward.evaluate(latent, mu: mu, value: weights, derivative: nil)
    }

    public func backward(latent: UnsafeBufferPointer<Float>, gradWeights: UnsafeBufferPointer<Float>,
                         gradLatent: UnsafeMutableBufferPointer<Float>) {
        let n = latent.count, mu = mu
        guard n > 0 else { return }
        withUnsafeTemporaryAllocation(of: Float.self, capacity: Self.chunk) { scratch in
            var lo = 0
            while lo < n {
                let hi = min(n, lo + Self.chunk)
                let out = UnsafeMutableBufferPointer(rebasing: gradLatent[lo..<hi])
                pair.backwardMultiplier(UnsafeBufferPointer(rebasing: latent[lo..<hi]), mu: mu,
                                        scratch: UnsafeMutableBufferPointer(rebasing: scratch[0..<(hi - lo)]), into: out)
                let g = out.baseAddress!, gw = gradWeights.baseAddress! + lo
                for i in 0..<(hi - lo) { g[i] *= gw[i] }
                lo = hi
            }
        }
    }

    public func afterStep(latent: UnsafeMutableBufferPointer<Float>) {
        let n = latent.count
        guard n > 0 else { return }
        if let c = pair.latentClip {
            VectorOps.clip(latent.baseAddress!, to: Float(c), count: n)
        }
        guard pair.resetAfterStep else { return }
        // Evaluate into scratch then copy back: outputs never alias inputs.
        let mu = mu
        withUnsafeTemporaryAllocation(of: Float.self, capacity: Self.chunk) { scratch in
            var lo = 0
            while lo < n {
                let hi = min(n, lo + Self.chunk)
                let x = UnsafeMutableBufferPointer(rebasing: scratch[0..<(hi - lo)])
                pair.effectiveProx.evaluate(UnsafeBufferPointer(rebasing: latent[lo..<hi]), mu: mu, value: x, derivative: nil)
                (latent.baseAddress! + lo).update(from: x.baseAddress!, count: hi - lo)
                lo = hi
            }
        }
    }
}
