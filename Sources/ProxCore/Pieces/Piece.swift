/// A primitive quantizer of docs/THEORY.md section 3.
///
/// Every piece has a value and an exact almost-everywhere derivative (the
/// right-hand value at a kink; `sign` has derivative 0). Parameters are
/// `Param`s so they may follow mu.
public enum Piece: Hashable, Sendable {
    case identity
    case sign
    case clip(Param)
    case scale(Param)
    case tanh(Param)
    case approxSign
    case signSwish(Param)
    case linearQuadratic(k: Param, r: Param)
    case piecewiseLinear([PWLPoint])

    /// The name used in expressions.
    public var name: String {
        switch self {
        case .identity: return "id"
        case .sign: return "sign"
        case .clip: return "clip"
        case .scale: return "scale"
        case .tanh: return "tanh"
        case .approxSign: return "approxsign"
        case .signSwish: return "signswish"
        case .linearQuadratic: return "lq"
        case .piecewiseLinear: return "pwl"
        }
    }

    /// The parameters in declaration order (empty for `pwl`, whose points are data).
    public var parameters: [Param] {
        switch self {
        case .identity, .sign, .approxSign, .piecewiseLinear: return []
        case .clip(let a), .scale(let a), .tanh(let a), .signSwish(let a): return [a]
        case .linearQuadratic(let k, let r): return [k, r]
        }
    }
}

/// A breakpoint of a user-drawn piecewise-linear piece.
public struct PWLPoint: Hashable, Sendable {
    public var x: Double
    public var y: Double
    public init(x: Double, y: Double) { self.x = x; self.y = y }
}
