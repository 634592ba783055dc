import Foundation

/// A small, fast, seedable random number generator.
///
/// Every random thing in proxlab (data sets, initial weights, shuffles, test
/// inputs) draws from this generator so that one seed reproduces a run bit
/// for bit on any machine. SplitMix64 (Steele, Lea, Flood 2014) passes
/// BigCrush and needs only one word of state, so it is cheap to fork.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform Float in [0, 1) from the top 24 bits, exact and portable.
    public mutating func nextUnitFloat() -> Float {
        Float(next() >> 40) * (1.0 / 16_777_216.0)
    }

    /// A uniform Double in [0, 1) from the top 53 bits.
    public mutating func nextUnitDouble() -> Double {
        Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// A standard normal sample (Box-Muller), deterministic for a given state.
    public mutating func nextGaussian() -> Double {
        var u = nextUnitDouble()
        if u < 1e-300 { u = 1e-300 }
        let v = nextUnitDouble()
        return (-2 * _log(u)).squareRoot() * _cos(2 * Double.pi * v)
    }
}

@inline(__always) private func _log(_ x: Double) -> Double { Foundation.log(x) }
@inline(__always) private func _cos(_ x: Double) -> Double { Foundation.cos(x) }
