// Shapes: input x [N, ...shape]   output y [N, ...shape]
//   y = max(x, 0)     dx = dy * 1{x > 0}

/// The rectifier, element-wise.
///
/// The derivative at 0 is taken as 0, as PyTorch does.
///
/// After a batch norm of the same shape in a `Sequential`, the step runs
/// the two as one `BatchNormReLU` instead.
public final class ReLU: Layer {
    public let inputShape: [Int]
    public let name = "relu"
    private var input: Tensor?
    public private(set) var output: Tensor
    public private(set) var gradInput: Tensor

    public init(shape: [Int]) {
        inputShape = shape
        output = Tensor(shape: [0] + shape)
        gradInput = Tensor(shape: [0] + shape)
    }

    public var outputShape: [Int] { inputShape }

    public func prepare(batch: Int) {
        output = grown(output, batch: batch, inputShape)
        gradInput = grown(gradInput, batch: batch, inputShape)
    }

    /// Element by element: a team member rectifies its own stretches (`ElementwiseSpans`).
    public func forward(_ input: Tensor, batch n: Int, part: TeamPart) -> Tensor {
        checkBatch(n, capacity: output.shape[0], name)
        if part.isLead { self.input = input }
        let x = input.data, y = output.data
        ElementwiseSpans.forEach(shape: inputShape, batch: n, part: part) { start, count in
            let xs = x + start, ys = y + start
            for i in 0..<count { ys[i] = max(xs[i], 0) }
        }
        return output
    }

    public func backward(_ gradOutput: Tensor, batch n: Int, needsInputGradient: Bool, part: TeamPart) -> Tensor? {
        guard needsInputGradient, let x = input?.data else { return nil }
        let dy = gradOutput.data, dx = gradInput.data
        ElementwiseSpans.forEach(shape: inputShape, batch: n, part: part) { start, count in
            let xs = x + start, dys = dy + start, dxs = dx + start
            for i in 0..<count { dxs[i] = xs[i] > 0 ? dys[i] : 0 }
        }
        return gradInput
    }
}
