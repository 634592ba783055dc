import ProxCore

// Shapes (N = batch, 3x3 kernel, padding 1, stride 1, so H and W are kept):
//   input x [N, Cin, H, W]   weight W [Cout, Cin * 9]   bias b [Cout]
//   output y [N, Cout, H, W]
//   per example: col = im2col(x_n) [Cin * 9, H * W],  y_n = W col + b
//   backward:    dW += dy_n col^T,  db += sum over pixels of dy_n,
//                dx_n = col2im(W^T dy_n)
// Quantized (docs/THEORY.md section 2): W above is w = F(theta), dW is g_w.

/// A 3x3 convolution with padding 1, by im2col and one `sgemm` per example.
///
/// Weights are stored [Cout, Cin, 3, 3] (PyTorch's layout), which read as a
/// matrix is [Cout, Cin * 9] with the row order `Im2Col` produces. Only one
/// example's column matrix is kept: backward unfolds the input again, which
/// costs a copy of Cin * 9 * H * W Floats and saves storing N of them.
public final class Conv2d: Layer {
    public let inChannels: Int
    public let outChannels: Int
    public let height: Int
    public let width: Int
    /// W [Cout, Cin, 3, 3]: the weights, or the latent weights theta when quantized.
    public let weight: Parameter
    public let bias: Parameter?
    public let quantizedWeights: QuantizedWeights?
    public let name: String

    private var input: Tensor?
    private let col: Tensor
    public private(set) var output: Tensor
    public private(set) var gradInput: Tensor

    public init(inChannels: Int, outChannels: Int, height: Int, width: Int, bias: Bool = true,
                quantizer: (any WeightQuantizer)? = nil, initializer: Initializer = .torchDefault,
                rng: inout SplitMix64, name: String? = nil) {
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.height = height
        self.width = width
        let binary = quantizer != nil
        weight = Parameter(name: "weight", role: .weight, shape: [outChannels, inChannels, 3, 3],
                           isBinarized: binary)
        initializer.fill(weight.value, fanIn: inChannels * 9, fanOut: outChannels * 9, rng: &rng)
        if bias {
            let b = Parameter(name: "bias", role: .bias, shape: [outChannels])
            initializer.fillBias(b.value, fanIn: inChannels * 9, rng: &rng)
            self.bias = b
        } else {
            self.bias = nil
        }
        let latent = weight
        quantizedWeights = quantizer.map { QuantizedWeights(latent: latent, quantizer: $0) }
        self.name = name ?? "conv3x3 \(inChannels)->\(outChannels)\(binary ? " (binary)" : "")"
        col = Tensor(shape: [inChannels * 9, height * width])
        output = Tensor(shape: [0, outChannels, height, width])
        gradInput = Tensor(shape: [0, inChannels, height, width])
    }

    public var inputShape: [Int] { [inChannels, height, width] }
    public var outputShape: [Int] { [outChannels, height, width] }
    public var parameters: [Parameter] { bias.map { [weight, $0] } ?? [weight] }

    /// The weights the products use: w = F(theta) when quantized, W otherwise.
    public var effectiveWeights: Tensor { quantizedWeights?.effective ?? weight.value }

    public func prepare(batch: Int) {
        output = grown(output, batch: batch, outputShape)
        gradInput = grown(gradInput, batch: batch, inputShape)
    }

    public var multiplyAdds: Int { outChannels * inChannels * 9 * height * width }

    /// On the lead member alone, between barriers.
    public func forward(_ input: Tensor, batch n: Int, part: TeamPart) -> Tensor {
        part.serial { forwardOnOneThread(input, batch: n) }!
    }

    public func backward(_ gradOutput: Tensor, batch n: Int, needsInputGradient: Bool, part: TeamPart) -> Tensor? {
        part.serial { backwardOnOneThread(gradOutput, batch: n, needsInputGradient: needsInputGradient) }
    }

    private func forwardOnOneThread(_ input: Tensor, batch n: Int) -> Tensor {
        checkBatch(n, capacity: output.shape[0], name)
        self.input = input
        quantizedWeights?.refreshForForward(elements: 0..<weight.count)
        let w = effectiveWeights.data, x = input.data, y = output.data, cm = col.data
        let cin = inChannels, cout = outChannels, h = height, wd = width
        let plane = h * wd, k = cin * 9
        let b = bias?.value.data
        for r in 0..<n {
            Im2Col.im2col(x + r * cin * plane, channels: cin, height: h, width: wd, col: cm)
            let yn = y + r * cout * plane
            // Start from the bias (or zero) and accumulate: OpenBLAS's small-matrix
            // kernel for beta = 0 allocates on every call, the one for beta = 1 does not.
            for o in 0..<cout { VectorOps.fill(yn + o * plane, count: plane, value: b?[o] ?? 0) }
            GEMM.sgemm(.none, .none, m: cout, n: plane, k: k, a: w, lda: k, b: cm, ldb: plane,
                       beta: 1, c: yn, ldc: plane)
        }
        return output
    }

    private func backwardOnOneThread(_ gradOutput: Tensor, batch n: Int, needsInputGradient: Bool) -> Tensor? {
        guard let x = input?.data else { preconditionFailure("\(name): backward before forward") }
        let cin = inChannels, cout = outChannels, h = height, wd = width
        let plane = h * wd, k = cin * 9
        let dy = gradOutput.data, cm = col.data
        let (gwTensor, addW) = quantizedWeights?.gradientTarget() ?? weight.gradient.target
        let gw = gwTensor.data
        if n == 0 && !addW { gwTensor.fill(0) }
        let w = effectiveWeights.data
        let db = bias.map { p in
            let (t, add) = p.gradient.target
            if !add { t.fill(0) }
            return t.data
        }
        let dx = gradInput.data
        for r in 0..<n {
            let dyn = dy + r * cout * plane
            Im2Col.im2col(x + r * cin * plane, channels: cin, height: h, width: wd, col: cm)
            GEMM.sgemm(.none, .transpose, m: cout, n: k, k: plane, a: dyn, lda: plane, b: cm, ldb: plane,
                       beta: r > 0 || addW ? 1 : 0, c: gw, ldc: k)
            if let db {
                for o in 0..<cout { db[o] += VectorOps.sum(dyn + o * plane, count: plane) }
            }
            if needsInputGradient {
                // The column buffer is free again: reuse it for W^T dy_n.
                GEMM.sgemm(.transpose, .none, m: k, n: plane, k: cout, a: w, lda: k, b: dyn, ldb: plane,
                           beta: 0, c: cm, ldc: plane)
                let dxn = dx + r * cin * plane
                VectorOps.fill(dxn, count: cin * plane, value: 0)
                Im2Col.col2im(cm, channels: cin, height: h, width: wd, image: dxn)
            }
        }
        quantizedWeights?.backward(elements: 0..<weight.count)
        return needsInputGradient ? gradInput : nil
    }
}
