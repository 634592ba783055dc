import Foundation
import ProxCore

/// Seeded 2-D classification problems: the small, visual tasks on which a
/// quantizer's behaviour can be watched (TensorFlow Playground's idea).
///
/// Each generator returns every point in class order (all of class 0, then
/// class 1, ...), so that its shape is easy to check; `DataSplit.stratified`
/// shuffles and splits them. Geometry is computed in Double and stored as
/// Float; Gaussian noise comes from `SplitMix64.nextGaussian`, so the same
/// `(n, noise, seed)` gives the same bits on every run.
///
/// ```swift
/// let points = Toy2D.moons(n: 200, noise: 0.1, seed: 7)   // 200 rows, labels 0 and 1
/// ```
public enum Toy2D {}

// MARK: - Shared pieces

extension Toy2D {
    /// `count` evenly spaced values from `start` to `stop`, as numpy's
    /// `linspace`: `start + i * step`, with the last value exactly `stop`
    /// when `endpoint` is true.
    static func linspace(_ start: Double, _ stop: Double, _ count: Int, endpoint: Bool = true) -> [Double] {
        if count <= 0 { return [] }
        if count == 1 { return [start] }
        let step = (stop - start) / Double(endpoint ? count - 1 : count)
        var values = (0 ..< count).map { start + Double($0) * step }
        if endpoint { values[count - 1] = stop }
        return values
    }

    /// How many of `n` points each of `k` classes gets: as even as possible,
    /// with the remainder going to the last classes, as scikit-learn's
    /// `make_moons` gives `n // 2` outer and `n - n // 2` inner points.
    static func classSizes(_ n: Int, _ k: Int) -> [Int] {
        (0 ..< k).map { c in n / k + (c >= k - n % k ? 1 : 0) }
    }

    /// Assembles clean points and labels, adding isotropic Gaussian noise
    /// of standard deviation `noise` to each coordinate, in storage order.
    static func assemble(_ points: [(Double, Double)], labels: [Int32], noise: Double,
                         rng: inout SplitMix64) -> DataSplit {
        var features = [Float]()
        features.reserveCapacity(points.count * 2)
        for (x, y) in points {
            let dx = noise * rng.nextGaussian()
            let dy = noise * rng.nextGaussian()
            features.append(Float(x + dx))
            features.append(Float(y + dy))
        }
        return DataSplit(featureCount: 2, features: features, labels: labels)
    }

    static func labels(_ sizes: [Int]) -> [Int32] {
        sizes.enumerated().flatMap { c, m in [Int32](repeating: Int32(c), count: m) }
    }

    static func check(n: Int, noise: Double) {
        precondition(n >= 0, "n must not be negative")
        precondition(noise >= 0 && noise.isFinite, "noise must be a finite non-negative number")
    }
}
