/// Copies a training batch into the model's input as the first part of a
/// team step, each member taking its share of the rows.
///
/// A batch's rows are scattered over the whole split (188 MB for
/// Fashion-MNIST), so its copy is a hundred waits on memory, a few percent
/// of an epoch on the reference MLP when one thread does it between steps;
/// two members waiting at once halve that.
public final class BatchLoader: TeamInput {
    /// The epoch's order and the batch boundaries.
    public var sampler: BatchSampler
    public let split: DataSplit
    private let features: UnsafeMutableBufferPointer<Float>
    private let labels: UnsafeMutableBufferPointer<Int32>
    /// The batch the next `fill` copies.
    public var batch = 0

    /// - Parameters: features, labels: the buffers the step reads, with room for a whole batch.
    public init(sampler: BatchSampler, split: DataSplit, features: UnsafeMutableBufferPointer<Float>,
                labels: UnsafeMutableBufferPointer<Int32>) {
        self.sampler = sampler
        self.split = split
        self.features = features
        self.labels = labels
    }

    /// Rows in batch `batch`.
    public var rows: Int { sampler.batchRange(batch).count }

    public func fill(part: TeamPart) {
        sampler.gather(batch: batch, rows: part.evenShare(rows), from: split, features: features, labels: labels)
    }
}
