import Foundation

/// Element loops over Float buffers, one per piece, written so the compiler
/// vectorizes them (no calls, no branches it cannot turn into selects for the
/// piecewise pieces). Formulas: THEORY.md section 3, as in `Piece+Scalar.swift`.
extension Piece {
    /// Writes f(x) into `value` and f'(x) into `derivative` (either may be nil)
    /// for `count` elements. `value` may alias `x`: each element is read once
    /// before it is written.

    public func apply(_ x: UnsafePointer<Float>, count n: Int, mu: Double,
                      value: UnsafeMutablePointer<Float>?, derivative: UnsafeMutablePointer<Float>?) {
        switch self {
        case .identity:
            elementwise(x, n, value, derivative, { $0 }, { _ in 1 })
        case .sign:
            elementwise(x, n, value, derivative, { $0 >= 0 ? 1 : -1 }, { _ in 0 })
        case .clip(let a):
            let a = Float(a.value(mu: mu))
            elementwise(x, n, value, derivative, { Swift.max(-a, Swift.min(a, $0)) }, { abs($0) <= a ? 1 : 0 })
        case .scale(let c):
            let c = Float(c.value(mu: mu))
            elementwise(x, n, value, derivative, { c * $0 }, { _ in c })
        case .tanh(let b):
            let b = Float(b.value(mu: mu))
            // tanh(y) = 1 - 2 / (e^{2y} + 1), exact at both tails with the clamped exp.
            elementwise(x, n, value, derivative, { 1 - 2 / (fastExp(2 * b * $0) + 1) }, {
                let t = 1 - 2 / (fastExp(2 * b * $0) + 1)
                return b * (1 - t * t)
            })
        case .approxSign:
            elementwise(x, n, value, derivative, { x in
                let ax = Swift.min(abs(x), 1)
                let magnitude = 2 * ax - ax * ax
                return x.isNaN ? x : (x < 0 ? -magnitude : magnitude)
            }, { x in
                let ax = abs(x)
                return ax <= 1 ? 2 - 2 * ax : 0
            })
        case .signSwish(let b):
            // With e = exp(-|bx|): s(1 - s) = e / (1 + e)^2 and 2s - 1 = sgn(bx) (1 - e) / (1 + e),
            // which keep their precision where s is near 1 (THEORY.md section 3's SS_b);
            // bx is clamped to +-200, beyond which SS_b is +-1 to Float precision.
            let b = Float(b.value(mu: mu))
            elementwise(x, n, value, derivative, { x in
                let bx = Swift.min(Swift.max(b * x, -200), 200)
                let e = fastExp(-abs(bx))
                let s = bx >= 0 ? 1 / (1 + e) : e / (1 + e)
                return 2 * s * (1 + bx * (1 - s)) - 1
            }, { x in
                let bx = Swift.min(Swift.max(b * x, -200), 200)
                let e = fastExp(-abs(bx))
                let q = 1 + e
                return 2 * b * (e / (q * q)) * (2 - abs(bx) * (1 - e) / q)
            })
        case .linearQuadratic(let k, let r):
            let k = Float(k.value(mu: mu)), slope = Float(1 / (1 + r.value(mu: mu)))
            elementwise(x, n, value, derivative, { x in
                let q: Float = x >= 0 ? 1 : -1
                let d = x - q
                let shrunk = Swift.max(abs(d) - k, 0) * slope
                return d >= 0 ? q + shrunk : q - shrunk
            }, { x in
                // Against the kinks themselves (q - k, q + k), so the right-hand
                // value holds exactly at the points `kinks(mu:)` reports.
                let q: Float = x >= 0 ? 1 : -1
                return (x >= q + k || x < q - k) ? slope : 0
            })
        case .piecewiseLinear(let points):
            elementwise(x, n, value, derivative, { Float(PiecewiseLinear.value(points, Double($0))) },
                        { Float(PiecewiseLinear.slope(points, Double($0))) })
        }
    }
}

/// One pass that computes whichever of value and derivative is asked for.
/// Inlined with its closures so each piece's loop is specialised and vectorized.
@inline(__always)
func elementwise(_ x: UnsafePointer<Float>, _ n: Int,
                 _ value: UnsafeMutablePointer<Float>?, _ derivative: UnsafeMutablePointer<Float>?,
                 _ f: (Float) -> Float, _ df: (Float) -> Float) {
    switch (value, derivative) {
    case let (v?, d?):
        for i in 0..<n {
            let xi = x[i]
            d[i] = df(xi)
            v[i] = f(xi)
        }
    case let (v?, nil):
        for i in 0..<n { v[i] = f(x[i]) }
    case let (nil, d?):
        for i in 0..<n { d[i] = df(x[i]) }
    case (nil, nil):
        break
    }
}
