// Shapes: input x [N, ...shape]   output y [N, ...shape]
//   y = clip(x, -1, 1)     dx = dy * 1{abs(x) <= 1}

/// The hard tanh, clip(x, -1, 1), element-wise.
///
/// The derivative follows THEORY section 3's `clip(a)` piece, 1 on the
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

    public func forward(_ input: Tensor, batch n: Int) -> Tensor {
        checkBatch(n, capacity: output.shape[0], name)
        self.input = input
        let x = input.data, y = output.data
        for i in 0..<(n * size) { y[i] = min(max(x[i], -1), 1) }
        return output
    }

    public func backward(_ gradOutput: Tensor, batch n: Int, needsInputGradient: Bool) -> Tensor? {
        guard needsInputGradient, let x = input?.data else { return nil }
        let dy = gradOutput.data, dx = gradInput.data
        for i in 0..<(n * size) { dx[i] = abs(x[i]) <= 1 ? dy[i] : 0 }
        return gradInput
    }
}
