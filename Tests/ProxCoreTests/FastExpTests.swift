import Foundation
import ProxCore
import Testing

/// FastExp.swift's stated accuracy and limits, against Double's exp
/// (`proxbench exp` measures all 2^32 inputs; this is the part that fits
/// in a test run).
@Suite struct FastExpTests {
    /// Every 257th of the 2^32 bit patterns: 16.7 million inputs of both
    /// signs, every binade and NaNs. Errors within the documented bound,
    /// subnormal results within one unit of 2^-149, every limit exact.
    @Test func denseSweepOfAllFloats() {
        let a = FastExpAccuracy.sweep(stride: 257)
        #expect(a.checked == 16_711_936)
        expectWithinBounds(a, "every 257th pattern")
        // A sweep that compared nothing would pass the bounds above.
        #expect(a.maxNormalULP > 0 && a.maxSubnormalULP > 0)
    }

    /// Every input, one by one, where the result changes regime: overflow
    /// (x = 88.72), the subnormal results and the underflow to 0 (x from
    /// -87.34 to -103.97), and k = round(x / ln2) stepping from 0 to +-1 at
    /// x = +-ln2 / 2.
    @Test(arguments: [(88.0, 89.5), (-88.0, -86.5), (-104.5, -103.0), (0.34, 0.35), (-0.35, -0.34)] as [(Float, Float)])
    func everyInputNearTheRegimeChanges(lo: Float, hi: Float) {
        // Bit patterns grow with the magnitude on either side of 0.
        let (a, b) = lo > 0 ? (lo, hi) : (hi, lo)
        let from = UInt64(a.bitPattern), to = UInt64(b.bitPattern) + 1
        let result = FastExpAccuracy.sweep(from: from, to: to)
        #expect(result.checked == Int(to - from))
        expectWithinBounds(result, "[\(lo), \(hi)]")
    }

    /// The documented limits, one input at a time.
    @Test func limits() {
        let quietNaN = Float.nan, negativeNaN = -Float.nan, signalingNaN = Float(bitPattern: 0x7F80_0001)
        let xs: [Float] = [quietNaN, negativeNaN, signalingNaN, .infinity, -.infinity, 0, -0,
                           .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .leastNonzeroMagnitude,
                           -.leastNonzeroMagnitude, 88.722_83, 88.722_84, -103.972, -103.973, 1]
        var ys = [Float](repeating: 0, count: xs.count)
        FastExp.evaluate(xs, count: xs.count, into: &ys)
        #expect(ys[0].isNaN && ys[1].isNaN && ys[2].isNaN, "exp(NaN) = \(ys[0...2])")
        #expect(ys[3] == .infinity, "exp(+inf) = \(ys[3])")
        #expect(ys[4] == 0 && ys[4].sign == .plus, "exp(-inf) = \(ys[4])")
        #expect(ys[5] == 1 && ys[6] == 1, "exp(+-0) = \(ys[5]), \(ys[6])")
        #expect(ys[7] == .infinity && ys[8] == 0 && ys[8].sign == .plus, "exp(+-max) = \(ys[7]), \(ys[8])")
        #expect(ys[9] == 1 && ys[10] == 1, "exp(+-least) = \(ys[9]), \(ys[10])")
        // log(Float.greatestFiniteMagnitude) = 88.722839...: the last finite result, then +inf.
        #expect(ys[11].isFinite && ys[11] > 3.4e38, "exp(88.72283) = \(ys[11])")
        #expect(ys[12] == .infinity, "exp(88.72284) = \(ys[12])")
        // e^x falls below half of 2^-149 at x = -103.9721.
        #expect(ys[13] == .leastNonzeroMagnitude && ys[14] == 0, "exp(-103.972), exp(-103.973) = \(ys[13]), \(ys[14])")
        #expect(abs(Double(ys[15]) - M_E) <= Double(Float(M_E).ulp), "exp(1) = \(ys[15])")
    }

    func expectWithinBounds(_ a: FastExpAccuracy, _ what: String) {
        #expect(a.limitMismatches == 0, "\(what): \(a.limitMismatches) limits wrong, the first at x = \(a.firstLimitMismatch ?? .nan)")
        #expect(a.maxNormalULP <= FastExpAccuracy.documentedMaxULP, "\(what): \(a.maxNormalULP) ulp at x = \(a.worstNormalInput)")
        #expect(a.maxSubnormalULP <= 1, "\(what): \(a.maxSubnormalULP) units of 2^-149 at x = \(a.worstSubnormalInput)")
    }
}
