// Shapes: those of the batch norm: input x, output y = max(BN(x), 0), same shape.
//   backward: dy masked by y > 0, then BatchNorm's backward.

extension Normalization {
    public func prepare(batch: Int) { prepare(batch: batch, ownOutput: true) }

    public func forward(_ input: Tensor, batch n: Int, part: TeamPart) -> Tensor {
        normalize(input, batch: n, part: part, into: output, rectifying: false)
    }

    public func backward(_ gradOutput: Tensor, batch n: Int, needsInputGradient: Bool, part: TeamPart) -> Tensor? {
        backward(gradOutput, batch: n, needsInputGradient: needsInputGradient, part: part, mask: nil)
    }
}

/// A batch normalization that can rectify its own output: what
/// `BatchNormReLU` needs from `BatchNorm` and `BatchNorm2d`.
protocol Normalization: Layer {
    /// The output when the layer runs on its own.
    var output: Tensor { get }
    /// Allocates the buffers of a batch, the output only when the layer runs on its own.
    func prepare(batch: Int, ownOutput: Bool)
    /// The forward pass, written into `result` and rectified when asked.
    func normalize(_ input: Tensor, batch: Int, part: TeamPart, into result: Tensor, rectifying: Bool) -> Tensor
    /// The backward pass, the incoming gradient first masked by `mask > 0` when given.
    func backward(_ gradOutput: Tensor, batch: Int, needsInputGradient: Bool, part: TeamPart, mask: Tensor?) -> Tensor?
}

/// A batch normalization and the ReLU after it as one layer, which
/// `Sequential` builds in place of the pair (`BatchNormReLU.fusing`).
///
/// The normalization rectifies as it writes, and its backward pass masks
/// the incoming gradient by the rectified output (> 0 exactly where the
/// normalized value is): two passes over the activations fewer per hidden
/// layer and step. The two layers stay in the model's layer list as they
/// were built (for tables, checkpoints and exports); the parameters and
/// running statistics are the batch norm's own.
final class BatchNormReLU: Layer {
    let norm: any Normalization
    let name: String
    private(set) var output: Tensor

    init(_ norm: any Normalization) {
        self.norm = norm
        name = norm.name + " + relu"
        output = Tensor(shape: [0] + norm.outputShape)
    }

    var inputShape: [Int] { norm.inputShape }
    var outputShape: [Int] { norm.outputShape }
    var parameters: [Parameter] { norm.parameters }
    var stateCount: Int { norm.stateCount }
    func setTraining(_ training: Bool) { norm.setTraining(training) }

    func prepare(batch: Int) {
        norm.prepare(batch: batch, ownOutput: false)
        output = grown(output, batch: batch, outputShape)
    }

    func forward(_ input: Tensor, batch n: Int, part: TeamPart) -> Tensor {
        norm.normalize(input, batch: n, part: part, into: output, rectifying: true)
    }

    func backward(_ gradOutput: Tensor, batch n: Int, needsInputGradient: Bool, part: TeamPart) -> Tensor? {
        norm.backward(gradOutput, batch: n, needsInputGradient: needsInputGradient, part: part, mask: output)
    }

    /// The layers a step runs for `layers`: each batch norm followed by a
    /// ReLU of its shape becomes one `BatchNormReLU`, the rest stay.
    static func fusing(_ layers: [any Layer]) -> [any Layer] {
        var steps: [any Layer] = []
        var i = 0
        while i < layers.count {
            if i + 1 < layers.count, let norm = layers[i] as? any Normalization, layers[i + 1] is ReLU,
               layers[i + 1].inputShape == norm.outputShape {
                steps.append(BatchNormReLU(norm))
                i += 2
            } else {
                steps.append(layers[i])
                i += 1
            }
        }
        return steps
    }
}
