import Foundation

/// Scalar evaluation in Double: the reference the guarantee checks and the
/// tests use. The Float buffer kernels in `Piece+Buffer.swift` follow the same
/// formulas (docs/THEORY.md section 3).
extension Piece {
    public func value(_ x: Double, mu: Double) -> Double {
        switch self {
        case .identity: return x
        case .sign: return x >= 0 ? 1 : -1
        case .clip(let a):
            let a = a.value(mu: mu)
            return max(-a, min(a, x))
        case .scale(let c): return c.value(mu: mu) * x
        case .tanh(let b): return Foundation.tanh(b.value(mu: mu) * x)
        case .approxSign:
            if x.isNaN { return x }
            if x < -1 { return -1 }
            if x < 0 { return 2 * x + x * x }
            if x < 1 { return 2 * x - x * x }
            return 1
        case .signSwish(let b):
            // bx clamped to +-800: beyond it SS_b is +-1 in Double, and inf * 0 never appears.
            let bx = min(max(b.value(mu: mu) * x, -800), 800)
            let s = 1 / (1 + Foundation.exp(-bx))
            return 2 * s * (1 + bx * (1 - s)) - 1
        case .linearQuadratic(let k, let r):
            let k = k.value(mu: mu), r = r.value(mu: mu)
            let q: Double = x >= 0 ? 1 : -1
            let d = x - q
            let shrunk = max(abs(d) - k, 0) / (1 + r)
            return d >= 0 ? q + shrunk : q - shrunk
        case .piecewiseLinear(let points):
            return PiecewiseLinear.value(points, x)
        }
    }

    /// The a.e. derivative, right-hand at kinks (docs/THEORY.md section 3).
    public func derivative(_ x: Double, mu: Double) -> Double {
        switch self {
        case .identity: return 1
        case .sign: return 0
        case .clip(let a): return abs(x) <= a.value(mu: mu) ? 1 : 0
        case .scale(let c): return c.value(mu: mu)
        case .tanh(let b):
            let b = b.value(mu: mu)
            let t = Foundation.tanh(b * x)
            return b * (1 - t * t)
        case .approxSign: return abs(x) <= 1 ? 2 - 2 * abs(x) : 0
        case .signSwish(let b):
            // d/dx SS_b = 2 b s (1 - s) (2 - b x tanh(b x / 2)) with tanh(bx/2) = 2s - 1;
            // equal to docs/THEORY.md section 3's b (2 - bx tanh(bx/2)) / (1 + cosh(bx)) but with one exp.
            // With e = exp(-|bx|): s (1 - s) = e / (1 + e)^2, 2s - 1 = sgn(bx) (1 - e) / (1 + e),
            // precise where s is near 1.
            let b = b.value(mu: mu)
            let bx = min(max(b * x, -800), 800)
            let e = Foundation.exp(-abs(bx)), q = 1 + e
            return 2 * b * (e / (q * q)) * (2 - abs(bx) * (1 - e) / q)
        case .linearQuadratic(let k, let r):
            let k = k.value(mu: mu), r = r.value(mu: mu)
            let q: Double = x >= 0 ? 1 : -1
            // Live (slope 1/(1+r)) outside the dead zone [q - k, q + k]; the
            // right-hand value at its edges: entering at q - k is dead, leaving
            // at q + k is live. Compared with the kink points themselves so the
            // rule holds exactly where `kinks(mu:)` says.
            return (x >= q + k || x < q - k) ? 1 / (1 + r) : 0
        case .piecewiseLinear(let points):
            return PiecewiseLinear.slope(points, x)
        }
    }

    /// Where the derivative jumps or the value has a corner or a jump, at mu.
    /// The checks add these to their grid so a kink is never stepped over.
    public func kinks(mu: Double) -> [Double] {
        switch self {
        case .identity, .scale, .tanh, .signSwish: return []
        case .sign: return [0]
        case .clip(let a):
            let a = a.value(mu: mu)
            return [-a, a]
        case .approxSign: return [-1, 0, 1]
        case .linearQuadratic(let k, _):
            let k = k.value(mu: mu)
            var points: [Double] = [0, -1 - k, 1 + k]
            if k > 0 && k < 1 { points += [-1 + k, 1 - k] }
            return points
        case .piecewiseLinear(let points): return points.map(\.x)
        }
    }

    /// Points where the value itself is discontinuous at mu.
    public func jumps(mu: Double) -> [Double] {
        switch self {
        case .sign: return [0]
        case .linearQuadratic(let k, let r):
            // Continuous at 0 only when it is the identity (k = 0, r = 0).
            return (k.value(mu: mu) == 0 && r.value(mu: mu) == 0) ? [] : [0]
        default: return []
        }
    }
}

/// Interpolation through sorted breakpoints, flat beyond the ends.
enum PiecewiseLinear {
    /// Index i of the segment [x_i, x_{i+1}) containing x, or nil beyond the ends.
    static func segment(_ points: [PWLPoint], _ x: Double) -> Int? {
        guard let first = points.first, let last = points.last, x >= first.x, x < last.x else { return nil }
        var lo = 0, hi = points.count - 1
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if points[mid].x <= x { lo = mid } else { hi = mid }
        }
        return lo
    }

    static func value(_ points: [PWLPoint], _ x: Double) -> Double {
        guard let first = points.first, let last = points.last else { return 0 }
        if x <= first.x { return first.y }
        guard let i = segment(points, x) else { return last.y }
        let a = points[i], b = points[i + 1]
        return a.y + (b.y - a.y) * (x - a.x) / (b.x - a.x)
    }

    static func slope(_ points: [PWLPoint], _ x: Double) -> Double {
        guard let i = segment(points, x) else { return 0 }
        let a = points[i], b = points[i + 1]
        return (b.y - a.y) / (b.x - a.x)
    }
}
