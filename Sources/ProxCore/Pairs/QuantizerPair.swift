/// A binarization method: forward quantizer F, backward quantizer B, and
/// what else PC++ needs to train with them (THEORY.md section 2).
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

    public var title: String
    public var summary: String
    public var source: String

    public init(name: String, forward: Quantizer, backward: Quantizer, prox: Quantizer? = nil,
                backwardAt: EvaluationPoint = .latent, schedule: Schedule = .constant(1),
                latentClip: Double? = nil, resetAfterStep: Bool = false,
                title: String = "", summary: String = "", source: String = "") {
        self.name = name
        self.forward = forward
        self.backward = backward
        self.prox = prox
        self.backwardAt = backwardAt
        self.schedule = schedule
        self.latentClip = latentClip
        self.resetAfterStep = resetAfterStep
        self.title = title
        self.summary = summary
        self.source = source
    }

    /// The P used by the checks, `quantized` evaluation and the reset: the
    /// declared one, else sign (THEORY.md section 4, "Finding P").
    public var effectiveProx: Quantizer { prox ?? .sign }

    /// The first reason the pair cannot be evaluated along its schedule: a
    /// piece's parameter outside its domain at one of the schedule's mu values.
    public var problem: String? {
        if let p = schedule.problem { return "schedule: \(p)" }
        if let c = latentClip, !(c > 0 && c.isFinite) { return "clip must be a positive number" }
        for mu in schedule.checkPoints {
            if let e = forward.domainError(mu: mu) { return "forward: \(e)" }
            if let e = backward.domainError(mu: mu) { return "backward: \(e)" }
            if let e = prox?.domainError(mu: mu) { return "prox: \(e)" }
        }
        return nil
    }

    /// The backward multiplier B'_mu(x) with x = theta (`latent`) or
    /// x = P_mu(theta) (`quantized`), THEORY.md section 2, written into
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
    /// decomposition check by construction (THEORY.md section 4, synthesis).
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

/// Where the backward multiplier B' is evaluated (THEORY.md section 2).
public enum EvaluationPoint: String, Hashable, Sendable, CaseIterable {
    case latent, quantized
}
