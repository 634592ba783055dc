import ProxCore

/// Walks a training split in mini-batches, in a fresh seeded order each
/// epoch, copying each batch into buffers the caller allocated once.
///
/// Epoch `e`'s order is a Fisher-Yates permutation (`Permutation`) drawn
/// from a generator seeded by `(seed, e)` alone, not by the previous epoch,
/// so a run resumed at epoch 7 sees the same batches as one that ran
/// through, and two runs with the same seed see identical batches.
///
/// Like the PyTorch reference (`steps = n // batch`), the last partial
/// batch is dropped by default: every step then has the same batch size, so
/// BatchNorm statistics and per-step costs stay comparable. `dropLast: false`
/// keeps it (for evaluation, where every example must count).
///
/// ```swift
/// var sampler = BatchSampler(count: data.train.count, batchSize: 100, seed: 0)
/// let x = UnsafeMutableBufferPointer<Float>.allocate(capacity: 100 * data.featureCount)
/// let y = UnsafeMutableBufferPointer<Int32>.allocate(capacity: 100)
/// for epoch in 0 ..< 5 {
///     sampler.startEpoch(epoch)
///     for b in 0 ..< sampler.batchCount {
///         let rows = sampler.gather(batch: b, from: data.train, features: x, labels: y)
///         // forward/backward on rows x featureCount
///     }
/// }
/// ```
public struct BatchSampler: Sendable {
    public let count: Int
    public let batchSize: Int
    public let seed: UInt64
    public let dropLast: Bool
    /// `false` keeps storage order (identity) every epoch.
    public let shuffles: Bool
    /// The epoch whose order `order` holds.
    public private(set) var epoch: Int
    /// This epoch's visiting order: a permutation of `0..<count`.
    public private(set) var order: [Int]

    public init(count: Int, batchSize: Int, seed: UInt64, dropLast: Bool = true, shuffles: Bool = true) {
        precondition(count >= 0 && batchSize > 0, "batch size must be positive")
        self.count = count
        self.batchSize = batchSize
        self.seed = seed
        self.dropLast = dropLast
        self.shuffles = shuffles
        epoch = 0
        order = Array(0 ..< count)
        startEpoch(0)
    }

    /// Steps per epoch: `count / batchSize`, plus one for a kept partial batch.
    public var batchCount: Int {
        dropLast ? count / batchSize : (count + batchSize - 1) / batchSize
    }

    /// Computes epoch `epoch`'s order in place (no allocation).
    public mutating func startEpoch(_ epoch: Int) {
        self.epoch = epoch
        order.withUnsafeMutableBufferPointer { order in
            for i in 0 ..< order.count { order[i] = i }
            if shuffles {
                var rng = SplitMix64(seed: Permutation.derivedSeed(seed, stream: UInt64(bitPattern: Int64(epoch))))
                Permutation.shuffle(order, using: &rng)
            }
        }
    }

    /// Positions in `order` that batch `b` covers.
    public func batchRange(_ b: Int) -> Range<Int> {
        precondition(b >= 0 && b < batchCount, "batch \(b) out of 0..<\(batchCount)")
        return b * batchSize ..< min((b + 1) * batchSize, count)
    }

    /// Copies batch `b`'s rows and labels into `features` (row-major
    /// `[rows, featureCount]`) and `labels`; returns the number of rows,
    /// `batchSize` except for a kept last partial batch.
    ///
    /// One `memcpy`-like copy per row and no allocation, so it can run
    /// inside a training step.
    @discardableResult
    public func gather(batch b: Int, from split: DataSplit, features: UnsafeMutableBufferPointer<Float>,
                       labels: UnsafeMutableBufferPointer<Int32>) -> Int {
        gather(batch: b, rows: 0..<batchRange(b).count, from: split, features: features, labels: labels)
    }

    /// Copies only `rows` (positions within batch `b`) into the same places
    /// the whole gather would: how team members share a batch's copy.
    /// Returns the batch's row count.
    @discardableResult
    public func gather(batch b: Int, rows: Range<Int>, from split: DataSplit, features: UnsafeMutableBufferPointer<Float>,
                       labels: UnsafeMutableBufferPointer<Int32>) -> Int {
        precondition(split.count == count, "sampler made for \(count) examples, split has \(split.count)")
        let range = batchRange(b), d = split.featureCount
        precondition(rows.lowerBound >= 0 && rows.upperBound <= range.count, "rows \(rows) outside a batch of \(range.count)")
        precondition(features.count >= range.count * d && labels.count >= range.count, "batch buffers too small")
        split.features.withUnsafeBufferPointer { src in
            split.labels.withUnsafeBufferPointer { srcLabels in
                order.withUnsafeBufferPointer { order in
                    for r in rows {
                        let i = order[range.lowerBound + r]
                        (features.baseAddress! + r * d).update(from: src.baseAddress! + i * d, count: d)
                        labels[r] = srcLabels[i]
                    }
                }
            }
        }
        return range.count
    }

    /// The same, for callers holding raw pointers (e.g. a tensor's storage);
    /// `features` must have room for `batchSize * featureCount` Floats.
    @discardableResult
    public func gather(batch b: Int, from split: DataSplit, features: UnsafeMutablePointer<Float>,
                       labels: UnsafeMutablePointer<Int32>) -> Int {
        gather(batch: b, from: split,
               features: UnsafeMutableBufferPointer(start: features, count: batchSize * split.featureCount),
               labels: UnsafeMutableBufferPointer(start: labels, count: batchSize))
    }
}
