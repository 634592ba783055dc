import CBLAS

/// Whether a matrix operand of `sgemm` is read as stored or transposed.
public enum Transpose: Sendable {
    case none
    case transpose
}

/// Matrix products: every matrix-shaped computation of a training step goes through here.
///
/// Row-major C = alpha * op(A) * op(B) + beta * C, with op(A) m x k, op(B) k x n,
/// C m x n, and leading dimensions counted in elements (the row stride of the
/// matrix as stored, before any transpose). The names and the meaning of
/// every argument are those of BLAS `sgemm` (and of `cblas_sgemm` with
/// `CblasRowMajor`), so a reader who knows BLAS knows this function.
///
/// A dense layer's three products (docs/THEORY.md section 2, "ordinary back-propagation"):
///
///     y  = x  W^T   sgemm(.none, .transpose, m: N, n: out, k: in, ...)
///     dW = dy^T x   sgemm(.transpose, .none, m: out, n: in, k: N, ...)
///     dx = dy W     sgemm(.none, .none, m: N, n: in, k: out, ...)
public enum GEMM {
    /// The OpenBLAS product, on one OpenBLAS thread (`BLAS.pinnedToOneThread`).
    @inlinable
    public static func sgemm(_ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int,
                             alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
                             b: UnsafePointer<Float>, ldb: Int,
                             beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int) {
        if m == 0 || n == 0 { return }
        _ = BLAS.pinnedToOneThread
        cblas_sgemm(CblasRowMajor,
                    transA == .none ? CblasNoTrans : CblasTrans,
                    transB == .none ? CblasNoTrans : CblasTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// The same product as three plain loops, accumulated in Double: the
    /// oracle the BLAS wrapper is tested against, not for hot paths.
    public static func sgemmReference(_ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int,
                                      alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
                                      b: UnsafePointer<Float>, ldb: Int,
                                      beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int) {
        for i in 0..<m {
            for j in 0..<n {
                var s: Double = 0
                for p in 0..<k {
                    let aip = transA == .none ? a[i * lda + p] : a[p * lda + i]
                    let bpj = transB == .none ? b[p * ldb + j] : b[j * ldb + p]
                    s += Double(aip) * Double(bpj)
                }
                // BLAS semantics: beta == 0 ignores C's old contents (even NaN).
                let old = beta == 0 ? 0 : Double(beta) * Double(c[i * ldc + j])
                c[i * ldc + j] = Float(Double(alpha) * s + old)
            }
        }
    }
}
