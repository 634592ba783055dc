import CIntrinsics

/// Element-wise math that vectorizes, where the standard library's does not.
///
/// On Linux `Float.squareRoot()` lowers to a call of `sqrtf` behind an
/// errno branch (glibc's math-errno semantics), even on SIMD types, so a
/// loop containing it stays scalar: Adam's step ran at a tenth of its
/// vectorized speed.
public enum FastMath {
    /// sqrt(x), correctly rounded (the IEEE operation), NaN below zero.
    ///
    /// The compiler's bare square root through a header-only C shim
    /// (`CIntrinsics`): loops around it become `vsqrtps`. It replaced a
    /// bit-pattern estimate with three Newton steps, which was within 2 ulp
    /// and made Adam's update a fifth slower.
    @inlinable @inline(__always)
    public static func squareRoot(_ x: Float) -> Float {
        proxlab_sqrtf(x)
    }
}
