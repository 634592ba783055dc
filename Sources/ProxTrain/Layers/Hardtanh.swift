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

    /// Element by element: a team member clips its own stretches (`ElementwiseSpans`).
    public func forward(_ input: Tensor, batch n: Int, part: TeamPart) -> Tensor {
        checkBatch(n, capacity: output.shape[0], name)
        if part.isLead { self.input = input }
        let x = input.data, y = output.data
        ElementwiseSpans.forEach(shape: inputShape, batch: n, part: part) { start, count in
            let xs = x + start, ys = y + start
            for i in 0..<count { ys[i] = min(max(xs[i], -1), 1) }
        }
        return output
    }

    public func backward(_ gradOutput: Tensor, batch n: Int, needsInputGradient: Bool, part: TeamPart) -> Tensor? {
        guard needsInputGradient, let x = input?.data else { return nil }
        let dy = gradOutput.data, dx = gradInput.data
        ElementwiseSpans.forEach(shape: inputShape, batch: n, part: part) { start, count in
            let xs = x + start, dys = dy + start, dxs = dx + start
            for i in 0..<count { dxs[i] = abs(xs[i]) <= 1 ? dys[i] : 0 }
        }
        return gradInput
    }
}
