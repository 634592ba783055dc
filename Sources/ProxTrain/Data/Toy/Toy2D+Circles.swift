import Foundation
import ProxCore

extension Toy2D {
    /// A small circle inside a large one, as scikit-learn's `make_circles`.
    ///
    /// Class 0 lies on the unit circle, class 1 on the circle of radius
    /// `factor`, each at evenly spaced angles over `[0, 2 pi)` (no repeated
    /// endpoint). The boundary must close on itself, which a network whose
    /// first layer is binarized draws only as a polygon.
    public static func circles(n: Int, noise: Double, factor: Double, seed: UInt64) -> DataSplit {
        check(n: n, noise: noise)
        precondition(factor > 0 && factor < 1, "factor must lie in (0, 1)")
        let sizes = classSizes(n, 2)
        var points = linspace(0, 2 * .pi, sizes[0], endpoint: false).map { (cos($0), sin($0)) }
        points += linspace(0, 2 * .pi, sizes[1], endpoint: false).map { (factor * cos($0), factor * sin($0)) }
        var rng = SplitMix64(seed: seed)
        return assemble(points, labels: labels(sizes), noise: noise, rng: &rng)
    }
}
