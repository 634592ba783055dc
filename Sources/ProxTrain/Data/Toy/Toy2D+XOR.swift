import ProxCore

extension Toy2D {
    /// Four quadrants, opposite ones sharing a class: the exclusive-or of
    /// the coordinates' signs (Minsky and Papert's example of a problem no
    /// single-layer perceptron solves).
    ///
    /// Class 0 holds the quadrants where `x y > 0`, class 1 those where
    /// `x y < 0`; points alternate between a class's two quadrants, so each
    /// quadrant gets half of its class. Within a quadrant both magnitudes
    /// are uniform in `[margin, 1)`, with `margin = 0.1`, so that without
    /// noise the classes never touch the axes.
    public static func xor(n: Int, noise: Double, seed: UInt64) -> DataSplit {
        check(n: n, noise: noise)
        let margin = 0.1
        let sizes = classSizes(n, 2)
        var rng = SplitMix64(seed: seed)
        var features = [Float]()
        features.reserveCapacity(2 * n)
        for (c, m) in sizes.enumerated() {
            for i in 0 ..< m {
                // Class 0: (+,+) then (-,-); class 1: (+,-) then (-,+).
                let sx: Double = i % 2 == 0 ? 1 : -1
                let sy: Double = c == 0 ? sx : -sx
                let ax = margin + (1 - margin) * rng.nextUnitDouble()
                let ay = margin + (1 - margin) * rng.nextUnitDouble()
                let dx = noise * rng.nextGaussian()
                let dy = noise * rng.nextGaussian()
                features.append(Float(sx * ax + dx))
                features.append(Float(sy * ay + dy))
            }
        }
        return DataSplit(featureCount: 2, features: features, labels: labels(sizes))
    }
}
