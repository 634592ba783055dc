/// Element-wise loops over raw Float buffers, written so that LLVM vectorizes them.
///
/// Each is a plain counted loop over pointers: no closures, no bounds checks,
/// no class property reads inside the loop. The compiler adds a runtime
/// overlap check and then runs 16 lanes at a time (AVX-512) with the
/// project's `-target-cpu native`.
public enum VectorOps {
    /// x[i] = value.
    @inlinable
    public static func fill(_ x: UnsafeMutablePointer<Float>, count: Int, value: Float) {
        if value == 0 {
            UnsafeMutableRawPointer(x).initializeMemory(as: UInt8.self, repeating: 0,
                                                        count: count * MemoryLayout<Float>.stride)
            return
        }
        for i in 0..<count { x[i] = value }
    }

    /// y[i] = x[i].
    @inlinable
    public static func copy(_ x: UnsafePointer<Float>, to y: UnsafeMutablePointer<Float>, count: Int) {
        y.update(from: x, count: count)
    }

    /// y[i] += a * x[i] (BLAS saxpy).
    @inlinable
    public static func axpy(_ a: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { y[i] += a * x[i] }
    }

    /// y[i] = a * x[i] + b * y[i].
    @inlinable
    public static func axpby(_ a: Float, _ x: UnsafePointer<Float>, _ b: Float, _ y: UnsafeMutablePointer<Float>,
                             count: Int) {
        for i in 0..<count { y[i] = a * x[i] + b * y[i] }
    }

    /// x[i] *= a.
    @inlinable
    public static func scale(_ x: UnsafeMutablePointer<Float>, by a: Float, count: Int) {
        for i in 0..<count { x[i] *= a }
    }

    /// x[i] = max(-c, min(c, x[i])): latent clipping (docs/THEORY.md section 2).
    @inlinable
    public static func clip(_ x: UnsafeMutablePointer<Float>, to c: Float, count: Int) {
        for i in 0..<count { x[i] = Swift.max(-c, Swift.min(c, x[i])) }
    }

    /// y[i] = sign(x[i]) with sign(0) = +1 (docs/THEORY.md section 1).
    @inlinable
    public static func sign(_ x: UnsafePointer<Float>, to y: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { y[i] = x[i] >= 0 ? 1 : -1 }
    }

    /// Sum of x[i], accumulated in Double so that long sums stay exact enough for reports.
    @inlinable
    public static func sumDouble(_ x: UnsafePointer<Float>, count: Int) -> Double {
        var s: Double = 0
        for i in 0..<count { s += Double(x[i]) }
        return s
    }

    // Reductions: LLVM does not reorder a Float sum on its own (that would
    // change the rounding), so these keep 16 partial sums in a SIMD register
    // explicitly. The order is fixed, so results are still deterministic.

    /// Sum of x[i].
    @inlinable
    public static func sum(_ x: UnsafePointer<Float>, count n: Int) -> Float {
        let raw = UnsafeRawPointer(x)
        var acc = SIMD16<Float>()
        var i = 0
        while i + 16 <= n {
            acc += raw.loadUnaligned(fromByteOffset: i &* 4, as: SIMD16<Float>.self)
            i &+= 16
        }
        var s = acc.sum()
        while i < n { s += x[i]; i &+= 1 }
        return s
    }

    /// Sum of x[i] * y[i].
    @inlinable
    public static func dot(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, count n: Int) -> Float {
        let rx = UnsafeRawPointer(x), ry = UnsafeRawPointer(y)
        var acc = SIMD16<Float>()
        var i = 0
        while i + 16 <= n {
            acc += rx.loadUnaligned(fromByteOffset: i &* 4, as: SIMD16<Float>.self)
                * ry.loadUnaligned(fromByteOffset: i &* 4, as: SIMD16<Float>.self)
            i &+= 16
        }
        var s = acc.sum()
        while i < n { s += x[i] * y[i]; i &+= 1 }
        return s
    }

    /// Sum of (x[i] - center)^2.
    @inlinable
    public static func sumOfSquares(_ x: UnsafePointer<Float>, about center: Float, count n: Int) -> Float {
        let raw = UnsafeRawPointer(x)
        let c = SIMD16<Float>(repeating: center)
        var acc = SIMD16<Float>()
        var i = 0
        while i + 16 <= n {
            let d = raw.loadUnaligned(fromByteOffset: i &* 4, as: SIMD16<Float>.self) - c
            acc += d * d
            i &+= 16
        }
        var s = acc.sum()
        while i < n { let d = x[i] - center; s += d * d; i &+= 1 }
        return s
    }

    /// Sums of d[i] and d[i] * h[i] where d[i] = mask[i] > 0 ? x[i] : 0: a
    /// rectified layer's gradient sums (`BatchNormReLU`), 16 lanes at a time.
    @inlinable
    public static func maskedSums(_ x: UnsafePointer<Float>, _ h: UnsafePointer<Float>, mask: UnsafePointer<Float>,
                                  count n: Int) -> (sum: Float, dot: Float) {
        let rx = UnsafeRawPointer(x), rh = UnsafeRawPointer(h), rm = UnsafeRawPointer(mask)
        var a = SIMD16<Float>(), b = SIMD16<Float>()
        let zero = SIMD16<Float>()
        var i = 0
        while i + 16 <= n {
            let m = rm.loadUnaligned(fromByteOffset: i &* 4, as: SIMD16<Float>.self)
            let d = zero.replacing(with: rx.loadUnaligned(fromByteOffset: i &* 4, as: SIMD16<Float>.self), where: m .> zero)
            a += d
            b += d * rh.loadUnaligned(fromByteOffset: i &* 4, as: SIMD16<Float>.self)
            i &+= 16
        }
        var s = a.sum(), t = b.sum()
        while i < n {
            let d = mask[i] > 0 ? x[i] : 0
            s += d
            t += d * h[i]
            i &+= 1
        }
        return (s, t)
    }
}
