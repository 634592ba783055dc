/// One split of a data set: `count` examples of `featureCount` Floats each,
/// stored row-major, with one `Int32` class label per row.
///
/// `Int32` labels keep a 60 000-example split at 240 KB and can be copied
/// straight into the label buffer a loss kernel reads.
public struct DataSplit: Sendable, Equatable {
    public let featureCount: Int
    /// Row-major `[count, featureCount]`.
    public var features: [Float]
    public var labels: [Int32]

    public init(featureCount: Int, features: [Float], labels: [Int32]) {
        precondition(featureCount > 0, "a split needs at least one feature")
        precondition(features.count == labels.count * featureCount,
                     "features must hold exactly one row per label")
        self.featureCount = featureCount
        self.features = features
        self.labels = labels
    }

    /// An empty split (e.g. no test set) with the given width.
    public static func empty(featureCount: Int) -> DataSplit {
        DataSplit(featureCount: featureCount, features: [], labels: [])
    }

    public var count: Int { labels.count }
    public var isEmpty: Bool { labels.isEmpty }

    /// The features of example `i`. A slice shares storage with the split.
    public func row(_ i: Int) -> ArraySlice<Float> {
        features[i * featureCount ..< (i + 1) * featureCount]
    }

    /// How many examples carry each label in `0..<classCount`.
    public func classCounts(_ classCount: Int) -> [Int] {
        var counts = [Int](repeating: 0, count: classCount)
        for y in labels { counts[Int(y)] += 1 }
        return counts
    }

    /// The examples at `indices`, in that order (for splitting and subsetting;
    /// the training loop uses `BatchSampler.gather`, which does not allocate).
    public func subset<C: Collection>(_ indices: C) -> DataSplit where C.Element == Int {
        var f = [Float]()
        f.reserveCapacity(indices.count * featureCount)
        var l = [Int32]()
        l.reserveCapacity(indices.count)
        for i in indices {
            f.append(contentsOf: row(i))
            l.append(labels[i])
        }
        return DataSplit(featureCount: featureCount, features: f, labels: l)
    }
}

// MARK: - Contiguous copies

extension DataSplit {
    /// Copies rows `range` (in storage order) into caller-owned buffers, for
    /// evaluation passes that walk a split in chunks without allocating.
    ///
    /// `features` must hold `range.count * featureCount` Floats and `labels`
    /// `range.count` Int32s.
    public func copyRows(_ range: Range<Int>, features out: UnsafeMutableBufferPointer<Float>,
                         labels outLabels: UnsafeMutableBufferPointer<Int32>) {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "rows out of range")
        let n = range.count * featureCount
        precondition(out.count >= n && outLabels.count >= range.count, "output buffers too small")
        if range.isEmpty { return }
        features.withUnsafeBufferPointer { src in
            out.baseAddress!.update(from: src.baseAddress! + range.lowerBound * featureCount, count: n)
        }
        labels.withUnsafeBufferPointer { src in
            outLabels.baseAddress!.update(from: src.baseAddress! + range.lowerBound, count: range.count)
        }
    }
}
