/// The regularizer R whose proximal map a pair's P is, in closed form.
///
/// P = prox_R means P(x) = argmin_z { R(z) + (z - x)^2 / 2 } (docs/THEORY.md
/// section 1, with the weight mu folded into R: R = mu r). Two families are
/// known exactly (docs/THEORY.md section 3):
///
///     lq(k, r):  R(z) = k d(z) + (r/2) d(z)^2,   d(z) = dist(z, Q)
///     sign:      R = the indicator of Q: 0 at -1 and +1, +infinity elsewhere
///
/// and `id` is the proximal map of R = 0. Any other monotone P has a
/// regularizer too, derived numerically by `DerivedRegularizer`.
public enum Regularizer: Hashable, Sendable {
    /// k dist(z, Q) + (r / 2) dist(z, Q)^2: lq(k, r)'s, with its parameters at one mu.
    case linearQuadratic(k: Double, r: Double)
    /// 0 on Q = {-1, +1}, +infinity elsewhere: sign's.
    case indicator
    /// R = 0: the identity's.
    case zero

    /// The closed form of P's regularizer at mu, when P is a piece whose
    /// regularizer is known; nil otherwise (derive it with `DerivedRegularizer`).
    public static func closedForm(of p: Quantizer, mu: Double) -> Regularizer? {
        guard case .piece(let piece) = p else { return nil }
        switch piece {
        case .sign: return .indicator
        case .identity: return .zero
        case .linearQuadratic(let k, let r): return .linearQuadratic(k: k.value(mu: mu), r: r.value(mu: mu))
        default: return nil
        }
    }

    public func value(_ z: Double) -> Double {
        switch self {
        case .linearQuadratic(let k, let r):
            let d = distanceToQ(z)
            return k * d + r / 2 * d * d
        case .indicator: return distanceToQ(z) == 0 ? 0 : .infinity
        case .zero: return 0
        }
    }

    /// The formula as the view prints it.
    public var formula: String {
        switch self {
        case .linearQuadratic(let k, let r):
            func term(_ c: Double, _ power: String) -> String { c == 1 ? power : "\(formatCompact(c)) \(power)" }
            var terms: [String] = []
            if k != 0 { terms.append(term(k, "d")) }
            if r != 0 { terms.append(term(r / 2, "d^2")) }
            return "R(z) = " + (terms.isEmpty ? "0" : terms.joined(separator: " + ")) + ",  d = dist(z, Q)"
        case .indicator: return "R = indicator of Q: 0 at z = -1 and +1, infinite elsewhere"
        case .zero: return "R = 0"
        }
    }
}
