import Foundation

// Shapes (N = batch, K = classes):
//   logits z [N, K]   labels y [N] (Int32 in 0..<K)   loss: a scalar
//   loss = mean_n ( logsumexp(z_n) - z_n[y_n] )
//   dz_n = (softmax(z_n) - onehot(y_n)) / N

/// Softmax cross-entropy averaged over the batch, PyTorch's `F.cross_entropy`.
///
/// Stable: each row subtracts its maximum before exponentiating, so
/// exp never overflows and logsumexp(z) = max + log(sum exp(z - max)) keeps
/// full precision. The batch loss is summed in Double. The same pass counts
/// correct predictions (argmax, first maximum on ties) so accuracy costs no
/// second sweep.
public final class SoftmaxCrossEntropy {
    public let classes: Int
    /// dLoss/dlogits of the last `forward`, [N, K].
    public private(set) var gradLogits: Tensor

    public init(classes: Int) {
        self.classes = classes
        gradLogits = Tensor(shape: [0, classes])
    }

    public func prepare(batch: Int) {
        gradLogits = grown(gradLogits, batch: batch, [classes])
    }

    /// The mean loss over the first `batch` rows, the number of correct
    /// argmax predictions, and `gradLogits`.
    public func forward(logits: Tensor, labels: UnsafeBufferPointer<Int32>, batch n: Int)
        -> (loss: Double, correct: Int)
    {
        checkBatch(n, capacity: gradLogits.shape[0], "cross-entropy")
        precondition(labels.count >= n, "cross-entropy: \(labels.count) labels for \(n) rows")
        let k = classes, z = logits.data, g = gradLogits.data
        let invN = 1 / Float(n)
        var total: Double = 0
        var correct = 0
        for r in 0..<n {
            let row = z + r * k, grow = g + r * k
            let label = Int(labels[r])
            precondition(label >= 0 && label < k, "cross-entropy: label \(label) outside 0..<\(k)")
            var best = 0, top = row[0]
            for j in 1..<k where row[j] > top { best = j; top = row[j] }
            if best == label { correct += 1 }
            var sum: Float = 0
            for j in 0..<k {
                let e = expf(row[j] - top)
                grow[j] = e
                sum += e
            }
            total += Double(top) + Double(logf(sum)) - Double(row[label])
            let scale = invN / sum
            for j in 0..<k { grow[j] *= scale }
            grow[label] -= invN
        }
        return (total / Double(n), correct)
    }

    /// `forward` with labels in an array (no copy: the array is borrowed).
    public func forward(logits: Tensor, labels: [Int32], batch n: Int) -> (loss: Double, correct: Int) {
        labels.withUnsafeBufferPointer { forward(logits: logits, labels: $0, batch: n) }
    }

    /// Correct argmax predictions among the first `batch` rows, without a loss.
    public static func countCorrect(logits: Tensor, classes k: Int, labels: UnsafeBufferPointer<Int32>,
                                    batch n: Int) -> Int {
        let z = logits.data
        var correct = 0
        for r in 0..<n {
            let row = z + r * k
            var best = 0, top = row[0]
            for j in 1..<k where row[j] > top { best = j; top = row[j] }
            if best == Int(labels[r]) { correct += 1 }
        }
        return correct
    }
}
