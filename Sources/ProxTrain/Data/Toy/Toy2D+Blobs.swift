import Foundation
import ProxCore

extension Toy2D {
    /// `k` isotropic Gaussian clusters, one class each, in the manner of
    /// scikit-learn's `make_blobs`.
    ///
    /// Unlike `make_blobs`, the centres are not random: they sit evenly on
    /// the unit circle, the first at the top, `(cos a_j, sin a_j)` with
    /// `a_j = pi / 2 + 2 pi j / k`, so that `k` alone sets how crowded the
    /// problem is and `noise` (each cluster's standard deviation) how much
    /// the clusters overlap. The only toy set with more than two classes.
    public static func blobs(n: Int, k: Int, noise: Double, seed: UInt64) -> DataSplit {
        check(n: n, noise: noise)
        precondition(k >= 2, "blobs need at least two centres")
        let sizes = classSizes(n, k)
        var points = [(Double, Double)]()
        points.reserveCapacity(n)
        for (c, m) in sizes.enumerated() {
            let a = Double.pi / 2 + 2 * .pi * Double(c) / Double(k)
            points += repeatElement((cos(a), sin(a)), count: m)
        }
        var rng = SplitMix64(seed: seed)
        return assemble(points, labels: labels(sizes), noise: noise, rng: &rng)
    }
}
