/// What two trainers are compared by in a lockstep duel: the classes their
/// networks predict and the signs of their binarized weights.
extension Trainer {
    /// The predicted class of every example of `split`, in evaluation mode
    /// with F(theta) or sign(theta) weights (allocates; for epoch ends).
    public func predictions(_ split: DataSplit, weights: WeightMode) -> [Int32] {
        var out = [Int32](repeating: 0, count: split.count)
        let labels = UnsafeMutableBufferPointer<Int32>.allocate(capacity: Self.evaluationBatch)
        defer { labels.deallocate() }
        let k = model.classes
        model.evaluating(weights: weights) {
            var start = 0
            while start < split.count {
                let n = min(Self.evaluationBatch, split.count - start)
                split.copyRows(start..<(start + n), features: input.buffer, labels: labels)
                let logits = model.forward(input, batch: n).data
                for j in 0..<n {
                    let row = logits + j * k
                    var best = 0
                    for c in 1..<k where row[c] > row[best] { best = c }
                    out[start + j] = Int32(best)
                }
                start += n
            }
        }
        return out
    }

    /// sign(theta) >= 0 of every binarized weight, layer by layer: the binary
    /// network's bits.
    public var binarySigns: [Bool] {
        var out: [Bool] = []
        for q in model.quantizedLayers {
            let t = q.weights.latent.value.data
            for i in 0..<q.weights.latent.count { out.append(t[i] >= 0) }
        }
        return out
    }

    /// Every parameter's values, bit patterns in layer order: equal for two
    /// trainers exactly when they hold the same weights.
    public var parameterBits: [UInt32] {
        model.parameters.flatMap { p in (0..<p.count).map { p.value.data[$0].bitPattern } }
    }
}
