import ProxTrain

extension DeployedNetwork {
    /// The predicted class of every example of a split, in order, in batches
    /// of `batch` as the trainer evaluates (`Trainer.evaluationBatch`), so
    /// the float steps see the shapes the trained network saw.
    public func predictions(on split: DataSplit, batch: Int = Trainer.evaluationBatch) -> [Int32] {
        guard split.count > 0 else { return [] }
        let sampler = BatchSampler(count: split.count, batchSize: batch, seed: 0, dropLast: false, shuffles: false)
        prepare(batch: batch)
        let input = Tensor(shape: [batch, split.featureCount])
        let labels = UnsafeMutablePointer<Int32>.allocate(capacity: batch)
        let classes = UnsafeMutablePointer<Int32>.allocate(capacity: batch)
        defer { labels.deallocate(); classes.deallocate() }
        var out: [Int32] = []
        out.reserveCapacity(split.count)
        for b in 0..<sampler.batchCount {
            let rows = sampler.gather(batch: b, from: split, features: input.data, labels: labels)
            predict(input, batch: rows, into: classes)
            out += UnsafeBufferPointer(start: classes, count: rows)
        }
        return out
    }
}
