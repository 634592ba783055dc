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
    private let size: Int
    private var input: Tensor?
    public private(set) var output: Tensor
    public private(set) var gradInput: Tensor

    public init(shape: [Int]) {
        inputShape = shape
        size = shape.reduce(1, *)
        output = Tensor(shape: [0] + shape)
        gradInput = Tensor(shape: [0] + shape)
    }

    public var outputShape: [Int] { inputShape }

    public func prepare(batch: Int) {
        output = grown(output, batch: batch, inputShape)
        gradInput = grown(gradInput, batch: batch, inputShape)
    }

    /// Element by element: a team member rectifies its own slice of the features.
    public func forward(_ input: Tensor, batch n: Int, part: TeamPart) -> Tensor {
        checkBatch(n, capacity: output.shape[0], name)
        if part.isLead { self.input = input }
        let x = input.data, y = output.data, f = part.range(size)
        for r in 0..<n {
            let xr = x + r * size, yr = y + r * size
            for j in f { yr[j] = max(xr[j], 0) }
        }
        return output
    }

    public func backward(_ gradOutput: Tensor, batch n: Int, needsInputGradient: Bool, part: TeamPart) -> Tensor? {
        guard needsInputGradient, let x = input?.data else { return nil }
        let dy = gradOutput.data, dx = gradInput.data, f = part.range(size)
        for r in 0..<n {
            let xr = x + r * size, dyr = dy + r * size, dxr = dx + r * size
            for j in f { dxr[j] = xr[j] > 0 ? dyr[j] : 0 }
        }
        return gradInput
    }
}
