/// A quantizer expression: pieces joined by composition, scaling and sums.
///
/// Compositions and sums are n-ary so that `f . g . h` is one node and
/// printing never has to invent parentheses the user did not write; a
/// parenthesised `f . (g . h)` stays a nested node, so `parse(print(q)) == q`
/// holds for every tree.
public indirect enum Quantizer: Hashable, Sendable {
    case piece(Piece)
    /// `compose([f, g, h])` is f . g . h, that is f(g(h(x))): applied right to left.
    case compose([Quantizer])
    /// `c * f`.
    case scaled(Param, Quantizer)
    /// `f + g + ...`.
    case sum([Quantizer])

    public static let identity = Quantizer.piece(.identity)
    public static let sign = Quantizer.piece(.sign)

    /// f . g, flattening nothing: the result is a new two-factor node unless one
    /// side already is a composition the caller built.
    public static func composing(_ outer: Quantizer, after inner: Quantizer) -> Quantizer {
        .compose([outer, inner])
    }

    /// Every piece in the tree, left to right.
    public var pieces: [Piece] {
        switch self {
        case .piece(let p): return [p]
        case .compose(let fs), .sum(let fs): return fs.flatMap(\.pieces)
        case .scaled(_, let f): return f.pieces
        }
    }

    /// Every parameter in the tree, coefficients included.
    public var parameters: [Param] {
        switch self {
        case .piece(let p): return p.parameters
        case .compose(let fs), .sum(let fs): return fs.flatMap(\.parameters)
        case .scaled(let c, let f): return [c] + f.parameters
        }
    }

    public var dependsOnMu: Bool { parameters.contains { $0.dependsOnMu } }

    /// Nodes in the tree, used to bound work and to size scratch space.
    public var depth: Int {
        switch self {
        case .piece: return 1
        case .compose(let fs), .sum(let fs): return 1 + (fs.map(\.depth).max() ?? 0)
        case .scaled(_, let f): return 1 + f.depth
        }
    }
}

// MARK: - Scalar evaluation (Double), the reference for checks and tests

extension Quantizer {
    public func value(_ x: Double, mu: Double) -> Double {
        switch self {
        case .piece(let p): return p.value(x, mu: mu)
        case .compose(let fs):
            var v = x
            for f in fs.reversed() { v = f.value(v, mu: mu) }
            return v
        case .scaled(let c, let f): return c.value(mu: mu) * f.value(x, mu: mu)
        case .sum(let fs): return fs.reduce(0) { $0 + $1.value(x, mu: mu) }
        }
    }

    /// The exact derivative by the chain rule, never by finite differences.
    public func derivative(_ x: Double, mu: Double) -> Double {
        valueAndDerivative(x, mu: mu).derivative
    }

    public func valueAndDerivative(_ x: Double, mu: Double) -> (value: Double, derivative: Double) {
        switch self {
        case .piece(let p): return (p.value(x, mu: mu), p.derivative(x, mu: mu))
        case .compose(let fs):
            var v = x, d = 1.0
            for f in fs.reversed() {
                let (fv, fd) = f.valueAndDerivative(v, mu: mu)
                v = fv
                d *= fd
            }
            return (v, d)
        case .scaled(let c, let f):
            let c = c.value(mu: mu)
            let (v, d) = f.valueAndDerivative(x, mu: mu)
            return (c * v, c * d)
        case .sum(let fs):
            var v = 0.0, d = 0.0
            for f in fs {
                let (fv, fd) = f.valueAndDerivative(x, mu: mu)
                v += fv
                d += fd
            }
            return (v, d)
        }
    }

    /// Candidate kink locations in x: every piece's kinks taken as they are
    /// (a composition's outer kinks sit at unknown preimages). The checks only
    /// use these to add grid points, so a superset is harmless.
    public func kinks(mu: Double) -> [Double] {
        switch self {
        case .piece(let p): return p.kinks(mu: mu)
        case .compose(let fs), .sum(let fs): return Array(Set(fs.flatMap { $0.kinks(mu: mu) })).sorted()
        case .scaled(_, let f): return f.kinks(mu: mu)
        }
    }

    /// Discontinuities of the value, for excluding them where a check compares
    /// two maps that may disagree only on which side a jump point belongs to.
    public func jumps(mu: Double) -> [Double] {
        switch self {
        case .piece(let p): return p.jumps(mu: mu)
        case .compose(let fs):
            // A jump of the innermost factor is a jump of the whole; later
            // factors' jumps are at unknown preimages and are not needed here.
            return fs.last?.jumps(mu: mu) ?? []
        case .sum(let fs): return Array(Set(fs.flatMap { $0.jumps(mu: mu) })).sorted()
        case .scaled(_, let f): return f.jumps(mu: mu)
        }
    }

    /// The first domain error of any piece or coefficient at mu.
    public func domainError(mu: Double) -> String? {
        switch self {
        case .piece(let p): return p.domainError(mu: mu)
        case .compose(let fs), .sum(let fs):
            for f in fs { if let e = f.domainError(mu: mu) { return e } }
            return nil
        case .scaled(let c, let f):
            let v = c.value(mu: mu)
            if !v.isFinite {
                return "coefficient \(c) is \(v.isNaN ? "NaN" : "infinite") at mu = \(formatNumber(mu))"
            }
            return f.domainError(mu: mu)
        }
    }
}
