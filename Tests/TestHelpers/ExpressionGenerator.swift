import ProxCore

/// Seeded random quantizer expressions and parameters, for round-trip and
/// fuzz tests.
///
/// Every tree it returns is in the parser's canonical form, so that
/// `Quantizer(parsing: q.description) == q` is expected to hold exactly:
/// no one-element sums or compositions, negative literals folded into the
/// number (`Param.negated`), only finite numbers, and pieces whose parameters
/// are inside their domains at mu = 1 and at every mu in `validMus` (the
/// parser checks constant parameters at parse time; see `Piece.domainError`).
///
///     var g = ExpressionGenerator(seed: 42)
///     let q = g.quantizer()          // e.g. 2 * (tanh(mu / 3) . clip(0.5)) + id
public struct ExpressionGenerator {
    public var rng: SplitMix64
    /// Largest depth of the quantizer tree (a piece is depth 1).
    public var maximumDepth: Int
    /// Values of mu at which every generated piece must be well defined.
    public var validMus: [Double]

    public init(seed: UInt64, maximumDepth: Int = 4, validMus: [Double] = [1, 2, 10]) {
        rng = SplitMix64(seed: seed)
        self.maximumDepth = maximumDepth
        self.validMus = validMus
    }

    public mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(rng.next() % UInt64(range.count))
    }

    public mutating func chance(_ p: Double) -> Bool { rng.nextUnitDouble() < p }

    /// A number that exercises printing: small integers, short decimals,
    /// full-precision doubles, tiny and huge magnitudes.
    public mutating func number(positive: Bool = false) -> Double {
        var v: Double
        switch int(0...7) {
        case 0: v = Double(int(0...9))
        case 1: v = Double(int(1...400)) / 8
        case 2: v = rng.nextUnitDouble() * 10
        case 3: v = Double(int(1...9)) * 1e-3
        case 4: v = Double(int(1...99)) * 1e15
        case 5: v = rng.nextUnitDouble() * 1e-7
        case 6: v = Double(int(1...9)) / 10
        default: v = Double(int(1...20))
        }
        if positive {
            if v == 0 { v = 1 }
            return v
        }
        return chance(0.25) && v != 0 ? -v : v   // no -0: it prints as 0 (see negativeZeroPrintsConsistently)
    }

    /// A parameter expression over numbers and mu with + - * / ^ and unary minus.
    public mutating func param(depth: Int = 3, allowMu: Bool = true) -> Param {
        if depth <= 1 || chance(0.45) {
            if allowMu && chance(0.4) { return .mu }
            return .number(number())
        }
        switch int(0...5) {
        case 0:
            let negated = Param.negated(param(depth: depth - 1, allowMu: allowMu))
            return negated == .number(0) ? .number(0) : negated   // -0 prints as 0; see negativeZeroPrintsConsistently
        case 1: return .binary(.add, param(depth: depth - 1, allowMu: allowMu), param(depth: depth - 1, allowMu: allowMu))
        case 2: return .binary(.subtract, param(depth: depth - 1, allowMu: allowMu), param(depth: depth - 1, allowMu: allowMu))
        case 3: return .binary(.multiply, param(depth: depth - 1, allowMu: allowMu), param(depth: depth - 1, allowMu: allowMu))
        case 4: return .binary(.divide, param(depth: depth - 1, allowMu: allowMu), param(depth: depth - 1, allowMu: allowMu))
        default: return .binary(.power, param(depth: depth - 1, allowMu: allowMu), param(depth: depth - 1, allowMu: allowMu))
        }
    }

    /// A piece with parameters inside their domains at mu = 1 and every `validMus`.
    public mutating func piece() -> Piece {
        for _ in 0..<20 {
            let p = candidatePiece()
            let mus = [1.0] + validMus
            if mus.allSatisfy({ p.domainError(mu: $0) == nil }) { return p }
        }
        return .clip(.number(1))
    }

    private mutating func candidatePiece() -> Piece {
        switch int(0...8) {
        case 0: return .identity
        case 1: return .sign
        case 2: return .approxSign
        case 3: return .clip(param(depth: 3))
        case 4: return .scale(param(depth: 3))
        case 5: return .tanh(param(depth: 3))
        case 6: return .signSwish(param(depth: 3))
        case 7: return .linearQuadratic(k: param(depth: 3), r: param(depth: 3))
        default:
            let n = int(2...5)
            var x = -3.0 + rng.nextUnitDouble()
            var points: [PWLPoint] = []
            for _ in 0..<n {
                points.append(PWLPoint(x: x, y: number()))
                x += 0.01 + 2 * rng.nextUnitDouble()
            }
            return .piecewiseLinear(points)
        }
    }

    /// A quantizer tree: pieces, compositions, sums and scalings.
    public mutating func quantizer(depth: Int? = nil) -> Quantizer {
        let depth = depth ?? maximumDepth
        if depth <= 1 || chance(0.35) { return .piece(piece()) }
        switch int(0...2) {
        case 0: return .compose((0..<int(2...3)).map { _ in quantizer(depth: depth - 1) })
        case 1: return .sum((0..<int(2...3)).map { _ in quantizer(depth: depth - 1) })
        default: return .scaled(coefficient(), quantizer(depth: depth - 1))
        }
    }

    /// A finite coefficient for `c * f`.
    public mutating func coefficient() -> Param {
        for _ in 0..<20 {
            let c = param(depth: 2)
            if ([1.0] + validMus).allSatisfy({ c.value(mu: $0).isFinite }) { return c }
        }
        return .number(2)
    }
}
