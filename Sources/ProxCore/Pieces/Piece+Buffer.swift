/// Element loops over Float buffers, one per piece, written so the compiler
/// vectorizes them: no calls and no branches it cannot turn into selects
/// (`PieceKernels.swift`). Formulas: docs/THEORY.md section 3, as in `Piece+Scalar.swift`.
extension Piece {
    /// Writes f(x) into `value` and f'(x) into `derivative` (either may be nil)
    /// for `count` elements. `value` may alias `x`: each element is read once
    /// before it is written.
    public func apply(_ x: UnsafePointer<Float>, count n: Int, mu: Double,
                      value: UnsafeMutablePointer<Float>?, derivative: UnsafeMutablePointer<Float>?) {
        switch self {
        case .identity:
            elementwise(IdentityKernel(), x, n, value, derivative)
        case .sign:
            elementwise(SignKernel(), x, n, value, derivative)
        case .clip(let a):
            elementwise(ClipKernel(a: Float(a.value(mu: mu))), x, n, value, derivative)
        case .scale(let c):
            elementwise(ScaleKernel(c: Float(c.value(mu: mu))), x, n, value, derivative)
        case .tanh(let b):
            elementwise(TanhKernel(b: Float(b.value(mu: mu))), x, n, value, derivative)
        case .approxSign:
            elementwise(ApproxSignKernel(), x, n, value, derivative)
        case .signSwish(let b):
            elementwise(SignSwishKernel(b: Float(b.value(mu: mu))), x, n, value, derivative)
        case .linearQuadratic(let k, let r):
            let kernel = LinearQuadraticKernel(k: Float(k.value(mu: mu)), slope: Float(1 / (1 + r.value(mu: mu))))
            elementwise(kernel, x, n, value, derivative)
        case .piecewiseLinear(let points):
            PiecewiseLinearLoop(points).apply(x, n, value, derivative)
        }
    }
}

/// One pass that computes whichever of value and derivative is asked for,
/// specialised for the kernel and vectorized.
///
/// An output that is x itself goes through a copy of x a chunk at a time:
/// the vectorized loop runs only where its runtime overlap check passes, and
/// an in-place call otherwise took the scalar loop (70 million elements per
/// second instead of thousands).
@inline(__always)
func elementwise<K: ElementKernel>(_ kernel: K, _ x: UnsafePointer<Float>, _ n: Int,
                                   _ value: UnsafeMutablePointer<Float>?, _ derivative: UnsafeMutablePointer<Float>?) {
    let input = UnsafeRawPointer(x)
    if UnsafeRawPointer(value) != input && UnsafeRawPointer(derivative) != input {
        elementLoop(kernel, x, n, value, derivative)
        return
    }
    withUnsafeTemporaryAllocation(of: Float.self, capacity: stagingChunk) { scratch in
        let copy = scratch.baseAddress!
        var start = 0
        while start < n {
            let m = Swift.min(stagingChunk, n - start)
            copy.update(from: x + start, count: m)
            elementLoop(kernel, copy, m, value.map { $0 + start }, derivative.map { $0 + start })
            start += m
        }
    }
}

@inline(__always)
func elementLoop<K: ElementKernel>(_ kernel: K, _ x: UnsafePointer<Float>, _ n: Int,
                                   _ value: UnsafeMutablePointer<Float>?, _ derivative: UnsafeMutablePointer<Float>?) {
    switch (value, derivative) {
    case let (v?, d?):
        for i in 0..<n {
            let r = kernel(x[i])
            d[i] = r.derivative
            v[i] = r.value
        }
    case let (v?, nil):
        for i in 0..<n { v[i] = kernel(x[i]).value }
    case let (nil, d?):
        for i in 0..<n { d[i] = kernel(x[i]).derivative }
    case (nil, nil):
        break
    }
}

/// Elements per copy when a piece's output is its input.
let stagingChunk = 1024

/// pwl over a buffer without a search per element: one vectorized pass per
/// breakpoint over a chunk in L1, each taking over the elements at or right
/// of its point, so the last one to claim an element is the segment
/// [x_i, x_{i+1}) that holds it. `!(x < x_i)` lets NaN reach the last point,
/// as the Double path's search does (value y_last, slope 0).
struct PiecewiseLinearLoop {
    let xs: [Float], ys: [Float], slopes: [Float]

    init(_ points: [PWLPoint]) {
        xs = points.map { Float($0.x) }
        ys = points.map { Float($0.y) }
        // In Double, so that breakpoints equal in Float still give a finite slope.
        slopes = points.indices.map { i in
            i + 1 < points.count ? Float((points[i + 1].y - points[i].y) / (points[i + 1].x - points[i].x)) : 0
        }
    }

    static let chunk = 1024

    func apply(_ x: UnsafePointer<Float>, _ n: Int,
               _ value: UnsafeMutablePointer<Float>?, _ derivative: UnsafeMutablePointer<Float>?) {
        guard let last = xs.indices.last else {
            value?.update(repeating: 0, count: n)
            derivative?.update(repeating: 0, count: n)
            return
        }
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 3 * Self.chunk) { scratch in
            let input = scratch.baseAddress!, v = input + Self.chunk, d = v + Self.chunk
            var start = 0
            while start < n {
                let m = Swift.min(Self.chunk, n - start)
                // A copy, because `value` may alias `x` and each pass reads x again.
                input.update(from: x + start, count: m)
                let y0 = ys[0]
                for j in 0..<m { v[j] = y0; d[j] = 0 }
                for i in 0..<last {
                    let xi = xs[i], yi = ys[i], si = slopes[i]
                    for j in 0..<m {
                        let t = input[j]
                        let claims = !(t < xi)
                        v[j] = claims ? yi + si * (t - xi) : v[j]
                        d[j] = claims ? si : d[j]
                    }
                }
                let xl = xs[last], yl = ys[last]
                for j in 0..<m {
                    let claims = !(input[j] < xl)
                    v[j] = claims ? yl : v[j]
                    d[j] = claims ? 0 : d[j]
                }
                value.map { ($0 + start).update(from: v, count: m) }
                derivative.map { ($0 + start).update(from: d, count: m) }
                start += m
            }
        }
    }
}
