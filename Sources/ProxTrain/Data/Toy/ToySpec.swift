/// Which toy problem to generate and with what parameters: the part of a
/// dataset spec such as `moons:n=400,noise=0.2,seed=3` that names a toy set.
///
/// Defaults (used for any option left out):
///
/// | shape   | n    | noise | extra      |
/// |---------|------|-------|------------|
/// | moons   | 1000 | 0.1   |            |
/// | circles | 1000 | 0.05  | factor 0.5 |
/// | spirals | 1000 | 0.05  | turns 1.5  |
/// | xor     | 1000 | 0.05  |            |
/// | blobs   | 1000 | 0.2   | k 3        |
///
/// and for all: seed 0, test fraction 0.2. `n` counts train and test together.
/// At these defaults a 1-nearest-neighbour classifier scores 97.5% on the
/// spirals' test split and 100% on the others (measured), so the problems are
/// learnable and a quantized network that does far worse is at fault.
public struct ToySpec: Sendable, Equatable {
    public enum Shape: String, Sendable, CaseIterable {
        case moons, circles, spirals, xor, blobs
    }

    public var shape: Shape
    public var n: Int = 1000
    public var noise: Double
    public var seed: UInt64 = 0
    public var testFraction: Double = 0.2
    /// Inner radius of `circles`.
    public var factor: Double = 0.5
    /// Turns of each arm of `spirals`.
    public var turns: Double = 1.5
    /// Number of clusters (and classes) of `blobs`.
    public var k: Int = 3

    public init(_ shape: Shape) {
        self.shape = shape
        noise = ToySpec.defaultNoise(shape)
    }

    public static func defaultNoise(_ shape: Shape) -> Double {
        switch shape {
        case .moons: 0.1
        case .circles, .spirals, .xor: 0.05
        case .blobs: 0.2
        }
    }

    public var classCount: Int { shape == .blobs ? k : 2 }

    /// Every point, in class order, before the split.
    public func points() -> DataSplit {
        switch shape {
        case .moons: Toy2D.moons(n: n, noise: noise, seed: seed)
        case .circles: Toy2D.circles(n: n, noise: noise, factor: factor, seed: seed)
        case .spirals: Toy2D.spirals(n: n, noise: noise, turns: turns, seed: seed)
        case .xor: Toy2D.xor(n: n, noise: noise, seed: seed)
        case .blobs: Toy2D.blobs(n: n, k: k, noise: noise, seed: seed)
        }
    }

    /// The generated data set, split (stratified, seeded by `seed`) and not
    /// standardized: the toy sets are already centred near the origin at
    /// unit scale, and plots read best in their own coordinates.
    public func dataset(name: String? = nil) -> Dataset {
        let (train, test) = points().stratified(testFraction: testFraction, seed: seed)
        return Dataset(name: name ?? shape.rawValue, featureCount: 2, classCount: classCount,
                       train: train, test: test)
    }
}
