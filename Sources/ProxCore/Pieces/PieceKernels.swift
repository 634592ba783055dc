/// One piece's value and derivative at one Float element, for the buffer
/// loops of `Piece+Buffer.swift`. Formulas: docs/THEORY.md section 3, as in
/// `Piece+Scalar.swift`.
///
/// A kernel is a struct with an always-inlined method rather than a pair of
/// closures: closures big enough to hold an exp were left out of line and
/// called per element, which kept the loop scalar. A loop that wants only
/// the value drops the derivative's arithmetic as dead code, and a loop that
/// wants both computes the shared exp once.
protocol ElementKernel {
    func callAsFunction(_ x: Float) -> (value: Float, derivative: Float)
}

struct IdentityKernel: ElementKernel {
    @inline(__always) func callAsFunction(_ x: Float) -> (value: Float, derivative: Float) { (x, 1) }
}

struct SignKernel: ElementKernel {
    @inline(__always) func callAsFunction(_ x: Float) -> (value: Float, derivative: Float) { (x >= 0 ? 1 : -1, 0) }
}

struct ClipKernel: ElementKernel {
    let a: Float
    @inline(__always) func callAsFunction(_ x: Float) -> (value: Float, derivative: Float) {
        (Swift.max(-a, Swift.min(a, x)), abs(x) <= a ? 1 : 0)
    }
}

struct ScaleKernel: ElementKernel {
    let c: Float
    @inline(__always) func callAsFunction(_ x: Float) -> (value: Float, derivative: Float) { (c * x, c) }
}

/// With e = exp(-2|bx|) in [0, 1]: tanh(bx) = sgn(bx) (1 - e) / (1 + e) and
/// 1 - tanh^2 = 4 e / (1 + e)^2. The exp never overflows, both tails come out
/// exactly, and both keep their relative precision: the value near 0, where
/// 1 - e comes from the exp's polynomial (`fastExpOfNegative`), and the
/// derivative where it is tiny, which 1 - t^2 would lose (down to e near
/// 2^-126, |bx| = 43.8; 0 beyond).
struct TanhKernel: ElementKernel {
    let b: Float
    @inline(__always) func callAsFunction(_ x: Float) -> (value: Float, derivative: Float) {
        let y = b * x
        let (e, complement) = fastExpOfNegative(2 * abs(y))
        let inv = 1 / (1 + e)
        let t = complement * inv
        return (Float(signOf: y, magnitudeOf: t), 4 * b * e * inv * inv)
    }
}

struct ApproxSignKernel: ElementKernel {
    @inline(__always) func callAsFunction(_ x: Float) -> (value: Float, derivative: Float) {
        let ax = Swift.min(abs(x), 1)
        let magnitude = 2 * ax - ax * ax
        let value = x.isNaN ? x : (x < 0 ? -magnitude : magnitude)
        return (value, abs(x) <= 1 ? 2 - 2 * abs(x) : 0)
    }
}

/// SS_b(x) = 2 s (1 + bx (1 - s)) - 1 with s = logistic(bx) (docs/THEORY.md
/// section 3), written with a = |bx| and e = exp(-a) as
///     SS_b = sgn(bx) ((1 - e) / (1 + e) + 2 a e / (1 + e)^2)
///     SS_b' = 2 b e / (1 + e)^2 (2 - a (1 - e) / (1 + e))
/// (2s - 1 = tanh(bx/2) and s (1 - s) = e / (1 + e)^2): the two terms of the
/// value have the same sign, and 1 - e comes from the exp's polynomial near 0
/// (`fastExpOfNegative`), so the value keeps its relative precision at both
/// ends. a is clamped to 200, beyond which SS_b is +-1 to Float precision
/// and inf x 0 never forms; e is 0 from a = 87.68 on (SS_b' below 1e-35 b).
struct SignSwishKernel: ElementKernel {
    let b: Float
    @inline(__always) func callAsFunction(_ x: Float) -> (value: Float, derivative: Float) {
        let bx = b * x
        let a = Swift.min(abs(bx), 200)   // NaN stays
        let (e, complement) = fastExpOfNegative(a)
        let inv = 1 / (1 + e)
        let t = complement * inv, ss = e * inv * inv
        return (Float(signOf: bx, magnitudeOf: t + 2 * a * ss), 2 * b * ss * (2 - a * t))
    }
}

/// lq(k, r): the slope is 1 / (1 + r), precomputed.
struct LinearQuadraticKernel: ElementKernel {
    let k: Float, slope: Float
    @inline(__always) func callAsFunction(_ x: Float) -> (value: Float, derivative: Float) {
        let q: Float = x >= 0 ? 1 : -1
        let d = x - q
        let shrunk = Swift.max(abs(d) - k, 0) * slope
        // Against the kinks themselves (q - k, q + k), so the right-hand
        // derivative holds exactly at the points `kinks(mu:)` reports.
        return (d >= 0 ? q + shrunk : q - shrunk, (x >= q + k || x < q - k) ? slope : 0)
    }
}
