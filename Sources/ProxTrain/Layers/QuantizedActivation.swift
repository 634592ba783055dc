// Shapes: input a [N, ...shape]   output q [N, ...shape]
//   q = F_mu(a)   da = B'_mu(x) * dq   (x = a, or P_mu(a): the quantizer's choice)

/// An activation quantizer: a quantizer pair applied to pre-activations (docs/THEORY.md section 2, extras).
///
/// The same (F, B) machinery as for weights, applied to the values flowing
/// through the network instead, as BNN does with sign activations. It uses
/// the `WeightQuantizer` interface with the activation in the role of theta;
/// `afterStep` is never called, since activations are not optimized.
///
/// Placed before a weight layer it is that layer's input quantizer (Larq's
/// `input_quantizer`): the model builders put one after each hidden
/// activation, so every layer but the first sees binary inputs. In `.deploy`
/// mode it computes sign(a), as the deployed network does, whatever the
/// pair's F: deploy accuracy is that of sign weights and binary inputs.
public final class QuantizedActivation: Layer {
    public let inputShape: [Int]
    /// The pair's quantizer; the identity during a run's full-precision pretraining.
    public var quantizer: any WeightQuantizer
    public let name = "quantize activations"
    /// F(a) while training and evaluating, sign(a) for deploy accuracy (`Sequential.setWeightMode`).
    public var mode: WeightMode = .forward
    private var input: Tensor?
    public private(set) var output: Tensor
    public private(set) var gradInput: Tensor

    public init(shape: [Int], quantizer: any WeightQuantizer) {
        inputShape = shape
        self.quantizer = quantizer
        output = Tensor(shape: [0] + shape)
        gradInput = Tensor(shape: [0] + shape)
    }

    public var outputShape: [Int] { inputShape }

    public func prepare(batch: Int) {
        output = grown(output, batch: batch, inputShape)
        gradInput = grown(gradInput, batch: batch, inputShape)
    }

    /// Element by element: a team member quantizes its own stretches (`ElementwiseSpans`).
    public func forward(_ input: Tensor, batch n: Int, part: TeamPart) -> Tensor {
        checkBatch(n, capacity: output.shape[0], name)
        if part.isLead { self.input = input }
        ElementwiseSpans.forEach(shape: inputShape, batch: n, part: part) { start, count in
            switch mode {
            case .forward:
                quantizer.forward(latent: UnsafeBufferPointer(start: input.data + start, count: count),
                                  weights: UnsafeMutableBufferPointer(start: output.data + start, count: count))
            case .deploy:
                VectorOps.sign(input.data + start, to: output.data + start, count: count)
            }
        }
        return output
    }

    public func backward(_ gradOutput: Tensor, batch n: Int, needsInputGradient: Bool, part: TeamPart) -> Tensor? {
        guard needsInputGradient, let input else { return nil }
        ElementwiseSpans.forEach(shape: inputShape, batch: n, part: part) { start, count in
            quantizer.backward(latent: UnsafeBufferPointer(start: input.data + start, count: count),
                               gradWeights: UnsafeBufferPointer(start: gradOutput.data + start, count: count),
                               gradLatent: UnsafeMutableBufferPointer(start: gradInput.data + start, count: count))
        }
        return gradInput
    }
}
