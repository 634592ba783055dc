import Foundation
import ProxCore

extension Toy2D {
    /// Two interleaved Archimedean spirals (Lang and Witbrock's "two
    /// spirals" benchmark, 1988; TensorFlow Playground's spiral).
    ///
    /// Point `i` of `m` in class `c` has radius `r = (i + 1) / m` and angle
    /// `2 pi turns r + c pi`: both arms start near the origin and reach the
    /// unit circle, half a turn apart, so neighbouring arms are
    /// `1 / (2 turns)` apart radially. The hardest of the toy sets: it needs
    /// many kinks in the boundary.
    public static func spirals(n: Int, noise: Double, turns: Double, seed: UInt64) -> DataSplit {
        check(n: n, noise: noise)
        precondition(turns > 0 && turns.isFinite, "turns must be positive")
        let sizes = classSizes(n, 2)
        var points = [(Double, Double)]()
        for (c, m) in sizes.enumerated() {
            for i in 0 ..< m {
                let r = Double(i + 1) / Double(m)
                let a = 2 * .pi * turns * r + Double(c) * .pi
                points.append((r * cos(a), r * sin(a)))
            }
        }
        var rng = SplitMix64(seed: seed)
        return assemble(points, labels: labels(sizes), noise: noise, rng: &rng)
    }
}
