import ProxCore

/// Seeded shuffling that gives the same order on every machine and every
/// Swift release.
///
/// The standard library's `shuffle(using:)` and `Int.random(in:using:)` are
/// allowed to change their algorithm between releases, which would silently
/// change every "reproducible" run. These are spelled out instead:
/// Durstenfeld's Fisher-Yates (Knuth, TAOCP vol. 2, Algorithm 3.4.2P) walking
/// down from the last index, with Lemire's multiply-shift for an unbiased
/// index ("Fast Random Integer Generation in an Interval", 2019).
public enum Permutation {
    /// A uniform integer in `0..<bound` (bound > 0), unbiased.
    @inlinable
    public static func below(_ bound: Int, using rng: inout SplitMix64) -> Int {
        precondition(bound > 0, "bound must be positive")
        let n = UInt64(bound)
        var m = rng.next().multipliedFullWidth(by: n)
        if m.low < n {
            // Reject the few low products that would over-represent small
            // results; `(0 - n) % n` is 2^64 mod n.
            let threshold = (0 &- n) % n
            while m.low < threshold { m = rng.next().multipliedFullWidth(by: n) }
        }
        return Int(m.high)
    }

    /// Shuffles `buffer` in place.
    @inlinable
    public static func shuffle<T>(_ buffer: UnsafeMutableBufferPointer<T>, using rng: inout SplitMix64) {
        var i = buffer.count - 1
        while i > 0 {
            let j = below(i + 1, using: &rng)
            buffer.swapAt(i, j)
            i -= 1
        }
    }

    /// A uniformly random permutation of `0..<count`.
    public static func random(count: Int, using rng: inout SplitMix64) -> [Int] {
        var order = Array(0 ..< count)
        order.withUnsafeMutableBufferPointer { shuffle($0, using: &rng) }
        return order
    }

    /// A seed for an independent stream, derived from `seed` and a stream
    /// number (an epoch, or a purpose such as "the train/test split").
    ///
    /// Seeding SplitMix64 with `seed + stream` would be wrong: its state
    /// advances by a fixed constant, so nearby seeds give overlapping
    /// streams. Hashing both through the generator's output mix does not.
    public static func derivedSeed(_ seed: UInt64, stream: UInt64) -> UInt64 {
        var a = SplitMix64(seed: seed)
        var b = SplitMix64(seed: a.next() ^ (stream &* 0xD1B5_4A32_D192_ED03))
        return b.next()
    }
}
