import ProxCore
import ProxTrain
import Testing
import TestHelpers

@Suite struct TensorTests {
    @Test func storageAndIndexing() {
        let t = Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6])
        #expect(t.count == 6)
        #expect(t[1, 2] == 6)
        #expect(t[4] == 5)
        t[0, 1] = 9
        #expect(t.toArray() == [1, 9, 3, 4, 5, 6])
        #expect(Int(bitPattern: t.data) % 64 == 0)
        t.fill(0.5)
        #expect(t.toArray() == Array(repeating: 0.5, count: 6))
        let u = Tensor(shape: [6])
        u.copy(from: t)
        #expect(u.toArray() == t.toArray())
        #expect(Tensor(shape: [0, 4]).count == 0)
    }

    @Test func vectorOps() {
        let x = Tensor(shape: [37], values: (0..<37).map { Float($0) - 18 })
        let y = Tensor(shape: [37], values: Array(repeating: 1, count: 37))
        VectorOps.axpy(2, x.data, y.data, count: 37)
        #expect(y[0] == -35 && y[36] == 37)
        VectorOps.clip(y.data, to: 3, count: 37)
        #expect(y[0] == -3 && y[36] == 3 && y[18] == 1)
        VectorOps.sign(x.data, to: y.data, count: 37)
        #expect(y[17] == -1 && y[18] == 1 && y[19] == 1) // sign(0) = +1
        // SIMD reductions against plain Double sums, including the scalar tail (37 = 2 * 16 + 5).
        let plain = x.toArray().reduce(0.0) { $0 + Double($1) }
        #expect(Double(VectorOps.sum(x.data, count: 37)) == plain)
        let squares = x.toArray().reduce(0.0) { $0 + Double(($1 - 1) * ($1 - 1)) }
        #expect(Double(VectorOps.sumOfSquares(x.data, about: 1, count: 37)) == squares)
        let dot = x.toArray().reduce(0.0) { $0 + Double($1 * $1) }
        #expect(Double(VectorOps.dot(x.data, x.data, count: 37)) == dot)
    }

    typealias GemmCase = (Transpose, Transpose)
    static let transposes: [GemmCase] = [(.none, .none), (.none, .transpose), (.transpose, .none),
                                         (.transpose, .transpose)]

    /// The BLAS wrapper against the plain-loop oracle: every transpose pair,
    /// non-square shapes, padded leading dimensions, alpha and beta.
    /// Tolerance: relative 1e-5 or absolute 1e-5 (k = 13 Float products).
    @Test(arguments: transposes)
    func sgemmMatchesReference(transA: Transpose, transB: Transpose) {
        var rng = SplitMix64(seed: 21)
        let m = 7, n = 5, k = 13
        let (aRows, aCols) = transA == .none ? (m, k) : (k, m)
        let (bRows, bCols) = transB == .none ? (k, n) : (n, k)
        let lda = aCols + 3, ldb = bCols + 2, ldc = n + 1
        let a = randomTensor([aRows, lda], rng: &rng)
        let b = randomTensor([bRows, ldb], rng: &rng)
        let c0 = randomTensor([m, ldc], rng: &rng)
        let c1 = Tensor(shape: [m, ldc]), c2 = Tensor(shape: [m, ldc])
        for (alpha, beta) in [(Float(1), Float(0)), (0.5, 1), (-2, 0.25)] {
            c1.copy(from: c0)
            c2.copy(from: c0)
            GEMM.sgemm(transA, transB, m: m, n: n, k: k, alpha: alpha, a: a.data, lda: lda, b: b.data, ldb: ldb,
                       beta: beta, c: c1.data, ldc: ldc)
            GEMM.sgemmReference(transA, transB, m: m, n: n, k: k, alpha: alpha, a: a.data, lda: lda,
                                b: b.data, ldb: ldb, beta: beta, c: c2.data, ldc: ldc)
            for i in 0..<m {
                for j in 0..<ldc {
                    let (x, y) = (Double(c1[i, j]), Double(c2[i, j]))
                    // Columns beyond n are padding: neither implementation may touch them.
                    if j >= n { #expect(x == Double(c0[i, j]) && y == x) } else {
                        #expect(isClose(x, y, rtol: 1e-5, atol: 1e-5), "alpha \(alpha) beta \(beta) at (\(i), \(j))")
                    }
                }
            }
        }
    }

    @Test func sgemmReferenceKnownProduct() {
        // [[1, 2], [3, 4]] * [[5, 6], [7, 8]] = [[19, 22], [43, 50]].
        let a = Tensor(shape: [2, 2], values: [1, 2, 3, 4]), b = Tensor(shape: [2, 2], values: [5, 6, 7, 8])
        let c = Tensor(shape: [2, 2])
        GEMM.sgemmReference(.none, .none, m: 2, n: 2, k: 2, a: a.data, lda: 2, b: b.data, ldb: 2, c: c.data, ldc: 2)
        #expect(c.toArray() == [19, 22, 43, 50])
        GEMM.sgemm(.transpose, .none, m: 2, n: 2, k: 2, a: a.data, lda: 2, b: b.data, ldb: 2, c: c.data, ldc: 2)
        #expect(c.toArray() == [26, 30, 38, 44])
    }

    /// im2col of a tile of examples of a channel-major batch, followed by a
    /// product, equals the convolution written as seven nested loops (zero
    /// padding 1, stride 1) for each of those examples, up to Float rounding
    /// (tolerance 1e-5 absolute on values of order 1). Odd sizes, and a plane
    /// narrower and shorter than the kernel, so every border case is there.
    @Test(arguments: [(4, 6), (5, 3), (1, 2), (2, 1)] as [(Int, Int)])
    func im2colMatchesDirectConvolution(h: Int, w: Int) {
        var rng = SplitMix64(seed: 22)
        let cin = 3, cout = 2, batch = 4, plane = h * w, tile = 1..<3
        let image = randomTensor([cin, batch, h, w], rng: &rng)   // channel-major
        let weights = randomTensor([cout, cin, 3, 3], rng: &rng)
        let cols = tile.count * plane
        let col = Tensor(shape: [cin * 9, cols])
        col.fill(.nan) // every entry must be written
        Im2Col.im2col(image.data, channels: cin, batch: batch, height: h, width: w, examples: tile, col: col.data)
        let out = Tensor(shape: [cout, cols])
        GEMM.sgemmReference(.none, .none, m: cout, n: cols, k: cin * 9, a: weights.data, lda: cin * 9,
                            b: col.data, ldb: cols, c: out.data, ldc: cols)
        var bad = 0
        for (t, e) in tile.enumerated() {
            for o in 0..<cout {
                for y in 0..<h {
                    for x in 0..<w {
                        var s: Double = 0
                        for c in 0..<cin {
                            for ky in 0..<3 {
                                for kx in 0..<3 {
                                    let iy = y + ky - 1, ix = x + kx - 1
                                    guard iy >= 0, iy < h, ix >= 0, ix < w else { continue }
                                    s += Double(weights[o, c, ky, kx]) * Double(image[c, e, iy, ix])
                                }
                            }
                        }
                        if !isClose(Double(out[o, t * plane + y * w + x]), s, rtol: 1e-5, atol: 1e-5) { bad += 1 }
                    }
                }
            }
        }
        #expect(bad == 0, "\(bad) outputs differ from the direct convolution")
    }

    /// FastMath.squareRoot is the IEEE square root: bit for bit the
    /// standard library's, across subnormals, the normal range and infinity,
    /// and NaN below zero.
    @Test func fastSquareRoot() {
        var x = Float.leastNonzeroMagnitude
        var checked = 0
        while x < .infinity {
            #expect(FastMath.squareRoot(x).bitPattern == x.squareRoot().bitPattern, "sqrt(\(x))")
            x = x * 1.01 + .leastNonzeroMagnitude
            checked += 1
        }
        #expect(checked > 10_000)
        #expect(FastMath.squareRoot(0) == 0)
        #expect(FastMath.squareRoot(.infinity) == .infinity)
        #expect(FastMath.squareRoot(-1).isNaN)
    }

    @Test func blasThreads() {
        let before = BLAS.threads
        BLAS.setThreads(1)
        #expect(BLAS.threads == 1)
        BLAS.setThreads(before)
    }
}
