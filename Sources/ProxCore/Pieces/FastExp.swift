/// e^x for Float, in straight-line arithmetic a loop can vectorize.
///
/// Foundation's `exp` is a library call per element, and Swift's checked
/// conversions (`Int32(k)`, `+`) put a trap branch in every iteration: either
/// keeps a loop scalar (64-77 million elements per second for the smooth
/// pieces). This one has no call, no branch and no checked operation:
///
/// - Cody-Waite range reduction x = k ln2 + r, |r| <= ln2 / 2 (Cody and Waite,
///   "Software Manual for the Elementary Functions", 1980, ch. 6): k C1 and
///   x - k C1 are exact because C1 = 0.693359375 has 9 significant bits and
///   |k| <= 150; C2 = ln2 - C1 follows in a fused multiply-add.
/// - k = round(x / ln2) by adding 1.5 x 2^23: the sum's low mantissa bits
///   hold k as an integer, so no float-to-integer conversion is needed.
/// - e^r = 1 + r + r^2 P(r), P the degree-5 minimax polynomial of Cephes'
///   expf (Moshier, "Methods and Programs for Mathematical Functions", 1989),
///   by Estrin's scheme in fused multiply-adds (`expReduced`).
/// - 2^k built in the exponent bits, as 2^(k/2) x 2^(k - k/2) so that both
///   factors are normal over the whole range (k from -150 to 128) and results
///   below the smallest normal Float come out as correctly scaled subnormals.
///
/// Accuracy against Double's exp over all 2^32 Float bit patterns
/// (`proxbench exp`; `FastExpTests` checks a dense sweep and the ends of the
/// range input by input): at most `FastExpAccuracy.documentedMaxULP` (0.81;
/// 0.808 measured, at x = -38.446095) ulp where e^x is a normal Float, and
/// at most 1 unit of 2^-149 below that (0.776 measured).
/// Limits, exactly: exp(NaN) is NaN, exp(+inf) = +inf, exp(-inf) = +0;
/// x above log(Float.greatestFiniteMagnitude) = 88.72284 overflows to +inf;
/// x below -103.97 (e^x under half the smallest subnormal) gives +0.
@inline(__always)
func fastExp(_ x: Float) -> Float {
    let (t, small, k) = expReduced(clamp(x, -104, 89))
    let k1 = k &>> 1
    return (t + small) * twoTo(k1) * twoTo(k &- k1)
}

/// e = e^-a and 1 - e for a >= 0 (a below 0 counts as 0), for the smooth
/// pieces; NaN gives NaN.
///
/// 1 - e keeps its relative precision as a goes to 0 (tanh(bx) and SS_b
/// near 0 are made of it): for a <= ln2 / 2, where 2^k = 1, it comes from
/// the polynomial's e^r - 1, not from a difference of nearly equal numbers.
///
/// e is 0 from a = 87.68 on (k = -127, whose 2^k is built as +0), where
/// e^-a is below 2^-126: the smooth pieces' exp of -|bx| underflows for
/// steep b, and a subnormal operand or result costs x86 a microcode assist,
/// which halved SignSwish's rate at b = 50; what they compute from such an
/// e is under 1e-35 b, and their limits are 0. Only a in (87.34, 87.68)
/// still gives subnormal e.
@inline(__always)
func fastExpOfNegative(_ a: Float) -> (e: Float, complement: Float) {
    let (t, small, k) = expReduced(-clamp(a, 0, 88))
    let s = twoTo(k)
    // 1 - e as (1 - t s) - small s, two roundings: for k = 0 the first is
    // exact (t is within a factor 2 of 1), and otherwise 1 - e >= 0.29.
    return ((t + small) * s, (1 as Float).addingProduct(-t, s).addingProduct(-small, s))
}

/// x clamped to [lo, hi], NaN staying NaN: written as the comparisons of
/// x86's maxps and minps, so each bound is one instruction (Swift.max's
/// `>=` is not, for signed zeros).
@inline(__always)
func clamp(_ x: Float, _ lo: Float, _ hi: Float) -> Float {
    let above = lo > x ? lo : x
    return hi < above ? hi : above
}

/// k = round(x / ln2) and e^r with r = x - k ln2, for x in [-104, 89] or
/// NaN; e^r as t + small, whose sum is the result's one last rounding, and
/// whose difference from 1 is e^r - 1 to its own precision.
///
/// Evaluated as 1 + (r + r^2 P(r)), the roundings of r + r^2 P and of the
/// last add come to 1.01 ulp; with the error of t = 1 + r added to r^2 P
/// first, and t last, 0.81 (all 2^32 inputs, `proxbench exp`). Carrying the
/// rounding error of r as well gave 0.69 but cost a tenth of the speed.
@inline(__always)
func expReduced(_ x: Float) -> (t: Float, small: Float, k: Int32) {
    let shifter: Float = 12_582_912   // 1.5 x 2^23
    let shifted = shifter.addingProduct(x, 1.442_695_04)   // log2(e)
    let kf = shifted - shifter
    let k = Int32(bitPattern: shifted.bitPattern) &- Int32(bitPattern: shifter.bitPattern)
    let c1: Float = 0.693_359_375, c2: Float = -2.121_944_40e-4   // c1 + c2 = ln2
    let r = x.addingProduct(-kf, c1).addingProduct(-kf, c2)   // the first is exact
    // Estrin's scheme: the same polynomial as Horner's rule with a shorter
    // chain of dependent operations.
    let r2 = r * r
    let p01 = (5.000_000_120_1e-1 as Float).addingProduct(1.666_666_545_9e-1, r)
    let p23 = (4.166_579_589_4e-2 as Float).addingProduct(8.333_451_907_3e-3, r)
    let p45 = (1.398_199_950_7e-3 as Float).addingProduct(1.987_569_150_0e-4, r)
    let p = p01.addingProduct(r2, p23.addingProduct(r2, p45))
    let t = 1 + r
    let tError = (1 - t) + r   // exact (Fast2Sum: |r| < 1)
    return (t, tError.addingProduct(r2, p), k)
}

/// 2^k for k in [-126, 127], built in the exponent bits; +0 for k = -127.
@inline(__always)
func twoTo(_ k: Int32) -> Float {
    Float(bitPattern: UInt32(bitPattern: (k &+ 127) &<< 23))
}

/// The buffer form of `fastExp`, for the accuracy sweep and the benchmark.
public enum FastExp {
    /// e^x for `count` elements into `out`, which must not overlap `x`.
    public static func evaluate(_ x: UnsafePointer<Float>, count: Int, into out: UnsafeMutablePointer<Float>) {
        for i in 0..<count { out[i] = fastExp(x[i]) }
    }
}
