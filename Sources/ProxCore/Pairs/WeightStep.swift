/// One weight's PC++ step under a pair, with its arithmetic (docs/THEORY.md
/// section 2, plain SGD):
///
///     w = F(theta)                  the weight the network computes with
///     x = theta or P(theta)         where B' is read (latent or quantized)
///     g_theta = B'(x) g_w           the backward multiplier times dLoss/dw
///     theta' = theta - eta g_theta  then the latent clip, then the reset
///
/// F is non-decreasing, so moving theta against g_w moves w downhill. With
/// B'(x) > 0 the step does that; with B'(x) < 0 it moves theta the other way,
/// uphill; with B'(x) = 0 the weight does not move at all.
public struct WeightStep: Sendable, Equatable {
    public enum Direction: String, Sendable { case downhill, uphill, stopped }

    public let theta: Double
    public let mu: Double
    /// dLoss/dw at w.
    public let gradient: Double
    public let learningRate: Double
    public let w: Double
    public let at: EvaluationPoint
    /// The evaluation point x.
    public let x: Double
    /// B'(x).
    public let multiplier: Double
    /// theta after the step, the clip and the reset.
    public let next: Double
    /// theta - eta g_theta before the clip and the reset.
    public let stepped: Double

    public init(_ pair: QuantizerPair, theta: Double, gradient: Double, mu: Double, learningRate: Double = 0.1) {
        self.theta = theta
        self.mu = mu
        self.gradient = gradient
        self.learningRate = learningRate
        at = pair.backwardAt
        w = pair.forward.value(theta, mu: mu)
        x = at == .latent ? theta : pair.effectiveProx.value(theta, mu: mu)
        multiplier = pair.backward.derivative(x, mu: mu)
        stepped = theta - learningRate * multiplier * gradient
        var t = stepped
        if let c = pair.latentClip { t = max(-c, min(c, t)) }
        if pair.resetAfterStep { t = pair.effectiveProx.value(t, mu: mu) }
        next = t
    }

    public var gTheta: Double { multiplier * gradient }

    public var direction: Direction {
        if multiplier == 0 || gradient == 0 { return .stopped }
        return multiplier > 0 ? .downhill : .uphill
    }

    /// The arithmetic on two lines, as the shapes pane writes it.
    public func lines(_ pair: QuantizerPair) -> [String] {
        let n = formatCompact
        let xText = at == .latent ? "x = theta = \(n(x))" : "x = P(theta) = \(n(x))"
        var after = ""
        if next != stepped {
            var parts: [String] = []
            if let c = pair.latentClip, abs(stepped) > c { parts.append("clip(\(n(c)))") }
            if pair.resetAfterStep { parts.append("reset to P") }
            after = ", \(parts.joined(separator: ", ")) -> \(n(next))"
        }
        let why: String
        switch direction {
        case .downhill: why = "downhill (B' > 0)"
        case .uphill: why = "UPHILL (B' < 0: the step climbs the loss)"
        case .stopped: why = gradient == 0 ? "no gradient" : "stopped (B' = 0: no gradient reaches theta)"
        }
        return [
            "w = F(\(n(theta))) = \(n(w))   \(xText)   B'(x) = \(n(multiplier))   g_w = \(n(gradient))",
            "theta' = \(n(theta)) - \(n(learningRate)) * \(n(multiplier)) * \(n(gradient)) = \(n(stepped))\(after): \(why)",
        ]
    }
}
