/// Shift and scale features to zero mean and unit variance, with statistics
/// taken from the training split only, then applied to both splits.
///
/// Fitting on the training split alone keeps the test set unseen, as in the
/// PyTorch reference (`shared/bench/torch_reference.py`):
///
///     mean, std = float(xtr.mean()), float(xtr.std())
///     xtr, xte = (xtr - mean) / std, (xte - mean) / std
///
/// That is `.global`: one mean and one (population, ddof = 0) standard
/// deviation over every training number, right for images, whose pixels share
/// a scale. `.perFeature` gives each column its own pair, right for tabular
/// and 2-D data whose axes differ. Sums run in Double so 47 million pixels do
/// not lose digits; a zero deviation (a constant column) divides by 1 instead.
public struct Standardization: Sendable, Equatable {
    public enum Mode: String, Sendable, CaseIterable {
        case global
        case perFeature = "feature"
    }

    public var mode: Mode
    /// One entry for `.global`, `featureCount` entries for `.perFeature`.
    public var mean: [Float]
    public var std: [Float]

    public init(mode: Mode, mean: [Float], std: [Float]) {
        precondition(mean.count == std.count && !mean.isEmpty)
        self.mode = mode
        self.mean = mean
        self.std = std
    }

    /// Statistics of `split` (normally the training split).
    ///
    /// Two passes (the mean, then squared deviations from it) are safer than
    /// E[x^2] - E[x]^2 when the mean is large relative to the spread.
    public static func fit(_ split: DataSplit, mode: Mode) -> Standardization {
        let d = split.featureCount, n = split.count
        var mean: [Double], variance: [Double]
        switch mode {
        case .global:
            (mean, variance) = split.features.withUnsafeBufferPointer { x in
                let total = Double(max(x.count, 1))
                let m = Self.sum(x, center: 0, squared: false) / total
                return ([m], [Self.sum(x, center: m, squared: true) / total])
            }
        case .perFeature:
            mean = [Double](repeating: 0, count: d)
            variance = [Double](repeating: 0, count: d)
            split.features.withUnsafeBufferPointer { x in
                for i in 0 ..< n { for j in 0 ..< d { mean[j] += Double(x[i * d + j]) } }
                for j in 0 ..< d { mean[j] /= Double(max(n, 1)) }
                for i in 0 ..< n {
                    for j in 0 ..< d { let e = Double(x[i * d + j]) - mean[j]; variance[j] += e * e }
                }
                for j in 0 ..< d { variance[j] /= Double(max(n, 1)) }
            }
        }
        return Standardization(mode: mode, mean: mean.map { Float($0) },
                               std: variance.map { $0 > 0 ? Float($0.squareRoot()) : 1 })
    }

    /// The sum of `x - center` or of its square, in Double, eight lanes at
    /// a time: a plain loop is one dependent add per element (a Double sum
    /// cannot be reordered by the compiler), 4x slower on 47 million pixels.
    static func sum(_ x: UnsafeBufferPointer<Float>, center: Double, squared: Bool) -> Double {
        var lanes = SIMD8<Double>(repeating: 0)
        let c = SIMD8<Double>(repeating: center)
        let raw = UnsafeRawPointer(x.baseAddress)
        var i = 0
        while i + 8 <= x.count {
            let e = SIMD8<Double>(raw!.loadUnaligned(fromByteOffset: 4 * i, as: SIMD8<Float>.self)) - c
            lanes += squared ? e * e : e
            i += 8
        }
        var total = lanes.sum()
        while i < x.count {
            let e = Double(x[i]) - center
            total += squared ? e * e : e
            i += 1
        }
        return total
    }

    /// Applies `(x - mean) / std` in place to row-major rows of width `featureCount`.
    public func apply(to features: inout [Float], featureCount: Int) {
        precondition(mean.count == 1 || mean.count == featureCount, "standardization width mismatch")
        features.withUnsafeMutableBufferPointer { x in
            if mean.count == 1 {
                let m = mean[0], s = std[0]
                for i in 0 ..< x.count { x[i] = (x[i] - m) / s }
            } else {
                for i in 0 ..< x.count {
                    let c = i % featureCount
                    x[i] = (x[i] - mean[c]) / std[c]
                }
            }
        }
    }

    public func apply(to split: inout DataSplit) {
        apply(to: &split.features, featureCount: split.featureCount)
    }
}

// MARK: - Dataset

extension Dataset {
    /// Fits on the training split, applies to both splits and records the
    /// transform in `standardization`. Calling it on data that is already
    /// standardized is refused, since the recorded transform would then lie.
    @discardableResult
    public mutating func standardize(_ mode: Standardization.Mode) -> Standardization {
        precondition(standardization == nil, "data set is already standardized")
        let s = Standardization.fit(train, mode: mode)
        s.apply(to: &train)
        s.apply(to: &test)
        standardization = s
        return s
    }

    public func standardized(_ mode: Standardization.Mode) -> Dataset {
        var copy = self
        copy.standardize(mode)
        return copy
    }
}
