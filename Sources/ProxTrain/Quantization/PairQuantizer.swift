import ProxCore

/// A `WeightQuantizer` driven by a ProxCore pair: the PC++ step of
/// docs/THEORY.md section 2 on whole buffers.
///
///     w       = F_mu(theta)                     forward
///     g_theta = B'_mu(x) * g_w                  x = theta or P_mu(theta)
///     theta   = clip(theta, -c, c); P_mu(theta)  after the optimizer step
///
/// The trainer sets `mu`, the learning rate and the freeze before each step
/// (`follow`), never during one. One instance serves every binarized layer
/// of a model, and in a team step several threads call it at once on
/// disjoint slices; so it keeps no scratch of its own. Where a pass needs an
/// intermediate (P(theta) or B'), it works through the slice a chunk at a
/// time in stack scratch: no allocation, and the chunk stays in L1.
public final class PairQuantizer: WeightQuantizer {
    public let pair: QuantizerPair
    /// The pair as a step evaluates it: `pair` with `lr` bound to `learningRate`.
    public private(set) var current: QuantizerPair
    /// The current strength; set by the trainer from the pair's schedule, never during a step.
    public var mu: Double { didSet { if mu != oldValue { inputsChanged += 1 } } }
    /// The optimizer's current step size, which `lr` in the pair's
    /// expressions reads (ProxQuant's threshold eta_t lambda_t).
    public var learningRate: Double {
        didSet {
            guard learningRate != oldValue, pair.dependsOnLearningRate else { return }
            current = pair.binding(learningRate: learningRate)
            if pair.forward.dependsOnLearningRate { inputsChanged += 1 }
        }
    }
    /// In the pair's freeze (`QuantizerPair.freeze`): theta is held at
    /// sign(theta) and the optimizer skips it.
    public var isFrozen = false
    /// Counts the changes of F's inputs other than theta, for `refreshKey`.
    private var inputsChanged = 0

    /// Elements per chunk of stack scratch (16 KiB of Float).
    static let chunk = 4096

    public init(pair: QuantizerPair, learningRate: Double = Param.nominalLearningRate) {
        self.pair = pair
        self.learningRate = learningRate
        current = pair.binding(learningRate: learningRate)
        self.mu = pair.schedule.mu(at: TrainingProgress(fraction: 0))
    }

    /// Sets everything a step reads besides theta: mu from the schedule, the
    /// learning rate, and whether step `step` of `totalSteps` is in the freeze.
    public func follow(_ progress: TrainingProgress, learningRate: Double, step: Int, of totalSteps: Int) {
        mu = pair.schedule.mu(at: progress)
        self.learningRate = learningRate
        isFrozen = pair.isFrozen(step: step, of: totalSteps)
    }

    /// B = id: B' = 1 wherever it is read, so the layer passes g_w through
    /// as g_theta and skips a pass over the weights.
    public var hasIdentityBackward: Bool { pair.backward == .identity }

    public var holdsLatent: Bool { isFrozen }

    /// Changes whenever mu, or a learning rate F reads, does.
    public var refreshKey: Double { Double(inputsChanged) }

    public func forward(latent: UnsafeBufferPointer<Float>, weights: UnsafeMutableBufferPointer<Float>) {
        current.forward.evaluate(latent, mu: mu, value: weights, derivative: nil)
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
                current.backwardMultiplier(UnsafeBufferPointer(rebasing: latent[lo..<hi]), mu: mu,
                                        scratch: UnsafeMutableBufferPointer(rebasing: scratch[0..<(hi - lo)]), into: out)
                let g = out.baseAddress!, gw = gradWeights.baseAddress! + lo
                for i in 0..<(hi - lo) { g[i] *= gw[i] }
                lo = hi
            }
        }
    }

    /// The latent clip and the reset; in the freeze, theta <- sign(theta)
    /// instead (idempotent: the optimizer no longer moves theta).
    public func afterStep(latent: UnsafeMutableBufferPointer<Float>) {
        let n = latent.count
        guard n > 0 else { return }
        if isFrozen {
            VectorOps.sign(latent.baseAddress!, to: latent.baseAddress!, count: n)
            return
        }
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
                current.effectiveProx.evaluate(UnsafeBufferPointer(rebasing: latent[lo..<hi]), mu: mu, value: x, derivative: nil)
                (latent.baseAddress! + lo).update(from: x.baseAddress!, count: hi - lo)
                lo = hi
            }
        }
    }
}
