/// A binarization method: forward quantizer F, backward quantizer B, and
/// what else PC++ needs to train with them (docs/THEORY.md section 2).
public struct QuantizerPair: Hashable, Sendable {
    public var name: String
    /// w = F_mu(theta) in the forward pass.
    public var forward: Quantizer
    /// g_theta = B'_mu(x) * g_w in the backward pass.
    public var backward: Quantizer
    /// The proximal quantizer, when the method has one; the checks try sign otherwise.
    public var prox: Quantizer?
    /// x = theta (`latent`) or x = P_mu(theta) (`quantized`).
    public var backwardAt: EvaluationPoint
    public var schedule: Schedule
    /// theta <- clip(theta, -c, c) after every step (BC and BNN use c = 1).
    public var latentClip: Double?
    /// theta <- P_mu(theta) after every step: ProxQuant's prox-gradient form.
    public var resetAfterStep: Bool
    /// The share of the run's steps after which the binarized latents are
    /// frozen: theta <- sign(theta) once, then the optimizer leaves them
    /// alone while the rest of the network (batch norm, biases, full-precision
    /// layers) trains on. ProxQuant's final phase (docs/THEORY.md section 2).
    public var freeze: Double?

    public var title: String
    public var summary: String
    public var source: String

    public init(name: String, forward: Quantizer, backward: Quantizer, prox: Quantizer? = nil,
                backwardAt: EvaluationPoint = .latent, schedule: Schedule = .constant(1),
                latentClip: Double? = nil, resetAfterStep: Bool = false, freeze: Double? = nil,
                title: String = "", summary: String = "", source: String = "") {
        self.name = name
        self.forward = forward
        self.backward = backward
        self.prox = prox
        self.backwardAt = backwardAt
        self.schedule = schedule
        self.latentClip = latentClip
        self.resetAfterStep = resetAfterStep
        self.freeze = freeze
        self.title = title
        self.summary = summary
        self.source = source
    }

    /// The P used by the checks, `quantized` evaluation and the reset: the
    /// declared one, else sign (docs/THEORY.md section 4, "Finding P").
    public var effectiveProx: Quantizer { prox ?? .sign }

    /// The first reason the pair cannot be evaluated along its schedule: a
    /// piece's parameter outside its domain at one of the schedule's mu values.
    public var problem: String? {
        if let p = schedule.problem { return "schedule: \(p)" }
        if let c = latentClip, !(c > 0 && c.isFinite) { return "clip must be a positive number" }
        if let f = freeze, !(f >= 0 && f <= 1) { return "freeze must be a share of the run from 0 to 1" }
        for mu in schedule.checkPoints {
            if let e = forward.domainError(mu: mu) { return "forward: \(e)" }
            if let e = backward.domainError(mu: mu) { return "backward: \(e)" }
            if let e = prox?.domainError(mu: mu) { return "prox: \(e)" }
        }
        return nil
    }

    /// Whether any of F, B, P reads the learning rate `lr`.
    public var dependsOnLearningRate: Bool {
        forward.dependsOnLearningRate || backward.dependsOnLearningRate || prox?.dependsOnLearningRate == true
    }

    /// F, B and P with `lr` bound to the run's current rate: the pair one step evaluates.
    public func binding(learningRate lr: Double) -> QuantizerPair {
        guard dependsOnLearningRate else { return self }
        var pair = self
        pair.forward = forward.binding(learningRate: lr)
        pair.backward = backward.binding(learningRate: lr)
        pair.prox = prox?.binding(learningRate: lr)
        return pair
    }

    /// Whether step `step` (0-based) of a run of `totalSteps` falls in the
    /// freeze: from step round(freeze * totalSteps) on, so that 2/3 written
    /// as 0.667 or 0.6667 freezes the last third of 3 epochs alike.
    public func isFrozen(step: Int, of totalSteps: Int) -> Bool {
        guard let f = freeze else { return false }
        return Double(step) >= (f * Double(totalSteps)).rounded()
    }

    /// The backward multiplier B'_mu(x) with x = theta (`latent`) or
    /// x = P_mu(theta) (`quantized`), docs/THEORY.md section 2, written into
    /// `multiplier`. `scratch` receives P(theta) in the quantized case and
    /// may be `multiplier` itself; both hold at least `theta.count` values.
    public func backwardMultiplier(_ theta: UnsafeBufferPointer<Float>, mu: Double,
                                   scratch: UnsafeMutableBufferPointer<Float>,
                                   into multiplier: UnsafeMutableBufferPointer<Float>) {
        switch backwardAt {
        case .latent:
            backward.evaluate(theta, mu: mu, value: nil, derivative: multiplier)
        case .quantized:
            effectiveProx.evaluate(theta, mu: mu, value: scratch, derivative: nil)
            backward.evaluate(UnsafeBufferPointer(scratch), mu: mu, value: nil, derivative: multiplier)
        }
    }

    /// "Make it principled": keep B and P, set F = B o P, which passes the
    /// decomposition check by construction (docs/THEORY.md section 4, synthesis).
    /// This is how BNN++ comes from BNN+.
    public func principled() -> QuantizerPair {
        var pair = self
        pair.forward = QuantizerPair.synthesizedForward(backward: backward, prox: effectiveProx)
        if pair.prox == nil { pair.prox = .sign }
        return pair
    }

    /// F = B . P, flattening compositions so the text reads as one chain.
    public static func synthesizedForward(backward: Quantizer, prox: Quantizer) -> Quantizer {
        func factors(_ q: Quantizer) -> [Quantizer] {
            if case .compose(let fs) = q { return fs }
            return [q]
        }
        return .compose(factors(backward) + factors(prox))
    }
}

/// Where the backward multiplier B' is evaluated (docs/THEORY.md section 2).
public enum EvaluationPoint: String, Hashable, Sendable, CaseIterable {
    case latent, quantized
}
