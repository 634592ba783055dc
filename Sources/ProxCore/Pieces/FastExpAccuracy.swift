import Foundation

/// `fastExp` measured against Double's exp, the reference, over Float bit
/// patterns: the figures `FastExp.swift` states, from `proxbench exp`
/// (every pattern) and `FastExpTests` (a dense sweep).
///
/// The error of a result is |fast - e^x| in units of the Float spacing at
/// e^x (2^(e - 23) for 2^e <= e^x < 2^(e+1), and 2^-149 below the smallest
/// normal), with e^x taken as Double's exp of the Float input. A correctly
/// rounded exp has errors up to 0.5.
public struct FastExpAccuracy: Sendable {
    /// The bound `FastExp.swift` documents for results in the normal range.
    public static let documentedMaxULP = 0.81

    /// Inputs looked at (NaN patterns included).
    public var checked = 0
    /// Largest error where e^x >= 2^-126, and the input that has it.
    public var maxNormalULP = 0.0
    public var worstNormalInput: Float = 0
    /// Largest error where e^x < 2^-126 (subnormal or zero results).
    public var maxSubnormalULP = 0.0
    public var worstSubnormalInput: Float = 0
    /// Inputs whose result is not the documented limit: NaN for NaN, +inf
    /// where e^x rounds past the largest Float, 0 where it rounds to 0, and
    /// no infinity or NaN anywhere else.
    public var limitMismatches = 0
    public var firstLimitMismatch: Float?

    public init() {}

    /// Every `stride`-th bit pattern from `start` (as UInt32) below `end`.
    public static func sweep(from start: UInt64 = 0, to end: UInt64 = 1 << 32, stride: UInt64 = 1) -> FastExpAccuracy {
        var result = FastExpAccuracy()
        let chunk = 4096
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 2 * chunk) { buffer in
            let x = buffer.baseAddress!, y = x + chunk
            var next = start
            while next < end {
                var n = 0
                while n < chunk && next < end {
                    x[n] = Float(bitPattern: UInt32(truncatingIfNeeded: next))
                    n += 1
                    next += stride
                }
                FastExp.evaluate(x, count: n, into: y)
                for i in 0..<n { result.record(input: x[i], fast: y[i]) }
            }
        }
        return result
    }

    /// Folds in one input and its fast result.
    public mutating func record(input x: Float, fast: Float) {
        checked += 1
        let exact = Foundation.exp(Double(x))
        let rounded = Float(exact)
        let limitHolds: Bool
        if x.isNaN {
            limitHolds = fast.isNaN
        } else if rounded.isInfinite || rounded == 0 {
            limitHolds = fast == rounded
        } else {
            limitHolds = fast.isFinite
        }
        guard limitHolds else {
            limitMismatches += 1
            if firstLimitMismatch == nil { firstLimitMismatch = x }
            return
        }
        guard !x.isNaN, rounded.isFinite, exact > 0 else { return }
        let spacing = Double(sign: .plus, exponent: max(exact.exponent, -126) - 23, significand: 1)
        let error = abs(Double(fast) - exact) / spacing
        if exact >= 0x1p-126 {
            if error > maxNormalULP { maxNormalULP = error; worstNormalInput = x }
        } else if error > maxSubnormalULP {
            maxSubnormalULP = error
            worstSubnormalInput = x
        }
    }

    /// Both sweeps' figures together.
    public func merged(with other: FastExpAccuracy) -> FastExpAccuracy {
        var m = self
        m.checked += other.checked
        if other.maxNormalULP > m.maxNormalULP { m.maxNormalULP = other.maxNormalULP; m.worstNormalInput = other.worstNormalInput }
        if other.maxSubnormalULP > m.maxSubnormalULP {
            m.maxSubnormalULP = other.maxSubnormalULP
            m.worstSubnormalInput = other.worstSubnormalInput
        }
        m.limitMismatches += other.limitMismatches
        m.firstLimitMismatch = m.firstLimitMismatch ?? other.firstLimitMismatch
        return m
    }
}
