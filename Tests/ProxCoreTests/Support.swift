import Foundation
import ProxCore
import TestHelpers

/// Parses an expression the test expects to be valid (a parse error fails
/// the test with its column and message).
func q(_ text: String) throws -> Quantizer { try Quantizer(parsing: text) }

/// The parse error of `text`, or nil when it parses.
func parseError(_ text: String) -> ParseError? {
    do { _ = try Quantizer(parsing: text); return nil } catch { return error }
}

/// Central difference (f(x + h) - f(x - h)) / 2h in Double.
func centralDifference(_ f: Quantizer, _ x: Double, mu: Double, h: Double = 1e-6) -> Double {
    (f.value(x + h, mu: mu) - f.value(x - h, mu: mu)) / (2 * h)
}

/// Whether some kink of the tree lies within `margin` of the inputs it sees
/// while x moves over [lo, hi]. A composition maps the interval through each
/// inner factor (by its end points, widened by the margin), so an outer
/// factor's kink at an unknown preimage is found too.
func touchesKink(_ f: Quantizer, lo: Double, hi: Double, mu: Double, margin: Double) -> Bool {
    switch f {
    case .piece(let p):
        return p.kinks(mu: mu).contains { $0 >= lo - margin && $0 <= hi + margin }
    case .scaled(_, let g):
        return touchesKink(g, lo: lo, hi: hi, mu: mu, margin: margin)
    case .sum(let gs):
        return gs.contains { touchesKink($0, lo: lo, hi: hi, mu: mu, margin: margin) }
    case .compose(let gs):
        var a = lo, b = hi
        for g in gs.reversed() {
            if touchesKink(g, lo: a, hi: b, mu: mu, margin: margin) { return true }
            let va = g.value(a, mu: mu), vb = g.value(b, mu: mu)
            a = min(va, vb)
            b = max(va, vb)
        }
        return false
    }
}

/// `count` seeded points in [lo, hi] at least `margin` from every kink of f.
func pointsAwayFromKinks(_ f: Quantizer, mu: Double, count: Int, seed: UInt64,
                         in range: ClosedRange<Double> = -3...3, margin: Double = 1e-4) -> [Double] {
    var rng = SplitMix64(seed: seed)
    var xs: [Double] = []
    var attempts = 0
    while xs.count < count && attempts < 100 * count {
        attempts += 1
        let x = range.lowerBound + (range.upperBound - range.lowerBound) * rng.nextUnitDouble()
        if !touchesKink(f, lo: x - margin, hi: x + margin, mu: mu, margin: margin) { xs.append(x) }
    }
    return xs
}

/// The Float buffer path at one point.
func floatPath(_ f: Quantizer, _ x: Double, mu: Double) -> (value: Double, derivative: Double) {
    let (v, d) = f.evaluate([Float(x)], mu: mu)
    return (Double(v[0]), Double(d[0]))
}

/// Every node of the tree, the tree itself first.
func subtrees(_ f: Quantizer) -> [Quantizer] {
    switch f {
    case .piece: return [f]
    case .scaled(_, let g): return [f] + subtrees(g)
    case .compose(let gs), .sum(let gs): return [f] + gs.flatMap(subtrees)
    }
}

/// Whether the Float path can evaluate f on [-3, 3] without overflowing to
/// infinity or NaN inside: every parameter within 1e3 and every node's Double
/// values and derivatives within 1e6 on a grid (and at the inner values a
/// composition feeds its outer factors). Generated trees that fail this are
/// left out of Float comparisons: Float cannot represent them, and a NaN
/// reaching the smooth pieces' Float exp traps (see nanInputDoesNotTrapAndPathsAgree).
func floatSafe(_ f: Quantizer, mu: Double) -> Bool {
    guard f.parameters.allSatisfy({ abs($0.value(mu: mu)) <= 1e3 }) else { return false }
    for case .linearQuadratic(_, let r) in f.pieces where 1 + r.value(mu: mu) < 1e-3 { return false }
    let xs = stride(from: -3.0, through: 3.0, by: 0.01).map { $0 }
    for node in subtrees(f) {
        for x in xs {
            let (v, d) = node.valueAndDerivative(x, mu: mu)
            if !(abs(v) <= 1e6) || !(abs(d) <= 1e6) { return false }
        }
    }
    return true
}
