// Shapes: input x [N, ...shape]   output y [N, ...shape]
//   y = clip(x, -1, 1)     dx = dy * 1{abs(x) <= 1}

/// The hard tanh, clip(x, -1, 1), element-wise.
///
/// The derivative follows docs/THEORY.md section 3's `clip(a)` piece, 1 on the
/// closed interval [-1, 1] (PyTorch uses the open one; the two differ only
/// exactly at the kinks).
public final class Hardtanh: Layer {
    public let inputShape: [Int]
    public let name = "hardtanh"
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

    /// Element by element: a team member clips its own slice of the features.
    public func forward(_ input: Tensor, batch n: Int, part: TeamPart) -> Tensor {
        checkBatch(n, capacity: output.shape[0], name)
        if part.isLead { self.input = input }
        let f = part.range(size)
        for r in 0..<n {
            let x = input.data + r * size, y = output.data + r * size
            for j in f { y[j] = min(max(x[j], -1), 1) }
        }
        return output
    }

    public func backward(_ gradOutput: Tensor, batch n: Int, needsInputGradient: Bool, part: TeamPart) -> Tensor? {
        guard needsInputGradient, let input else { return nil }
        let f = part.range(size)
        for r in 0..<n {
            let x = input.data + r * size, dy = gradOutput.data + r * size, dx = gradInput.data + r * size
            for j in f { dx[j] = abs(x[j]) <= 1 ? dy[j] : 0 }
        }
        return gradInput
    }
}
