import Foundation
import ProxCore

extension Toy2D {
    /// Two interleaving half circles, as scikit-learn's `make_moons`
    /// (sklearn/datasets/_samples_generator.py).
    ///
    /// Class 0 lies on the upper unit half circle, `(cos t, sin t)`; class 1
    /// on the lower one shifted right and down, `(1 - cos t, 0.5 - sin t)`,
    /// with `t` evenly spaced over `[0, pi]`. Neither class is linearly
    /// separable from the other, yet one hidden layer suffices: the smallest
    /// problem on which a binarized network must bend a boundary.
    /// Points fill `[-1, 2] x [-0.5, 1]` before noise.
    public static func moons(n: Int, noise: Double, seed: UInt64) -> DataSplit {
        check(n: n, noise: noise)
        let sizes = classSizes(n, 2)
        var points = linspace(0, .pi, sizes[0]).map { (cos($0), sin($0)) }
        points += linspace(0, .pi, sizes[1]).map { (1 - cos($0), 1 - sin($0) - 0.5) }
        var rng = SplitMix64(seed: seed)
        return assemble(points, labels: labels(sizes), noise: noise, rng: &rng)
    }
}
