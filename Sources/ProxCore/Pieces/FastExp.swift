/// exp for Float in a form the compiler vectorizes.
///
/// Foundation's `exp` is a library call per element, which keeps the smooth
/// pieces (signswish, tanh) near 250 million elements per second; this
/// version is branch-free arithmetic: range reduction x = k ln 2 + r with
/// |r| <= ln2 / 2, Cephes' degree-6 polynomial for e^r (relative error about
/// 2e-7 on the reduced range, Moshier, "Methods and Programs for
/// Mathematical Functions", 1989, expf.c), and 2^k built in the exponent bits.
/// Inputs above 88.3 are clamped (the result stays finite); below -87.3 the
/// result is 0, where e^x is below the smallest normal Float.
/// A NaN input gives NaN (selects, not branches, so the loop still vectorizes).
@inline(__always)
func fastExp(_ x: Float) -> Float {
    let finite = x.isNaN ? 0 : x
    let clamped = Swift.min(Swift.max(finite, -87.3), 88.3)
    // Round to nearest by the 1.5 * 2^23 trick: `rounded()` is a library
    // call on Linux and would keep the loop scalar.
    let k = (clamped * 1.442_695_04 + 12_582_912) - 12_582_912
    let r = clamped - k * 0.693_359_375 + k * 2.121_944_4e-4
    var p: Float = 1.987_569_150_0e-4
    p = p * r + 1.398_199_950_7e-3
    p = p * r + 8.333_451_907_3e-3
    p = p * r + 4.166_579_589_4e-2
    p = p * r + 1.666_666_545_9e-1
    p = p * r + 5.000_000_120_1e-1
    let er = p * r * r + r + 1
    let scale = Float(bitPattern: UInt32(Int32(k) + 127) << 23)
    return x.isNaN ? x : (x < -87.3 ? 0 : er * scale)
}
