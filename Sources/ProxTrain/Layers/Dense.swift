import ProxCore

// Shapes (N = batch):
//   input x  [N, in]      weight W [out, in]      bias b [out]
//   output y [N, out]     y = x W^T + b
//   backward: dW += dy^T x, db += sum_rows dy, dx = dy W
// Quantized (docs/THEORY.md section 2): W above is w = F(theta); dW is g_w, and
// g_theta = B'(x) * g_w is what the optimizer sees.

/// A fully connected layer, y = x W^T + b, with optionally quantized weights.
///
/// Weights are stored [out, in] as PyTorch's `nn.Linear` stores them, so a
/// row is one output's fan-in and the three products of a step are single
/// `sgemm` calls with the transposes folded into BLAS.
public final class Dense: Layer {
    public let inFeatures: Int
    public let outFeatures: Int
    /// W [out, in]: the weights, or the latent weights theta when quantized.
    public let weight: Parameter
    public let bias: Parameter?
    /// Latent/effective weights when this layer is quantized, nil in full precision.
    public let quantizedWeights: QuantizedWeights?
    public let name: String

    private var input: Tensor?
    public private(set) var output: Tensor
    public private(set) var gradInput: Tensor

    /// - Parameters:
    ///   - bias: whether the layer adds a bias (full precision even when quantized).
    ///   - quantizer: when set, the layer keeps latent theta and computes with F(theta).
    ///   - initializer: the weight (and bias) distribution, drawn from `rng`.
    public init(_ inFeatures: Int, _ outFeatures: Int, bias: Bool = true,
                quantizer: (any WeightQuantizer)? = nil,
                initializer: Initializer = .torchDefault, rng: inout SplitMix64, name: String? = nil) {
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        let binary = quantizer != nil
        weight = Parameter(name: "weight", role: .weight, shape: [outFeatures, inFeatures], isBinarized: binary)
        initializer.fill(weight.value, fanIn: inFeatures, fanOut: outFeatures, rng: &rng)
        if bias {
            let b = Parameter(name: "bias", role: .bias, shape: [outFeatures])
            initializer.fillBias(b.value, fanIn: inFeatures, rng: &rng)
            self.bias = b
        } else {
            self.bias = nil
        }
        let latent = weight
        quantizedWeights = quantizer.map { QuantizedWeights(latent: latent, quantizer: $0) }
        self.name = name ?? "dense \(inFeatures)->\(outFeatures)\(binary ? " (binary)" : "")"
        output = Tensor(shape: [0, outFeatures])
        gradInput = Tensor(shape: [0, inFeatures])
    }

    public var inputShape: [Int] { [inFeatures] }
    public var outputShape: [Int] { [outFeatures] }
    public var parameters: [Parameter] { bias.map { [weight, $0] } ?? [weight] }
    public var multiplyAdds: Int { inFeatures * outFeatures }

    /// The weights the products use: w = F(theta) when quantized, W otherwise.
    public var effectiveWeights: Tensor { quantizedWeights?.effective ?? weight.value }

    public func prepare(batch: Int) {
        output = grown(output, batch: batch, [outFeatures])
        gradInput = grown(gradInput, batch: batch, [inFeatures])
    }

    /// A member computes its slice of the output features: its rows of
    /// w = F(theta), then y[:, slice] = x w[slice]^T. It reads all of x,
    /// so it first waits for the members that wrote x.
    public func forward(_ input: Tensor, batch n: Int, part: TeamPart) -> Tensor {
        checkBatch(n, capacity: output.shape[0], name)
        precondition(input.count >= n * inFeatures, "\(name): input holds fewer than \(n) rows")
        let nIn = inFeatures, nOut = outFeatures
        let rows = part.range(nOut)
        part.barrier()
        if part.isLead { self.input = input }
        quantizedWeights?.refreshForForward(elements: (rows.lowerBound * nIn)..<(rows.upperBound * nIn))
        let w = effectiveWeights.data, y = output.data
        var beta: Float = 0
        if let b = bias?.value.data {
            for r in 0..<n { (y + r * nOut + rows.lowerBound).update(from: b + rows.lowerBound, count: rows.count) }
            beta = 1
        }
        for t in TeamPart.tiles(of: rows) {
            GEMM.sgemm(.none, .transpose, m: n, n: t.count, k: nIn,
                       a: input.data, lda: nIn, b: w + t.lowerBound * nIn, ldb: nIn,
                       beta: beta, c: y + t.lowerBound, ldc: nOut)
        }
        return output
    }

    /// A member computes its rows of dW (and of g_theta) and its slice of
    /// the bias gradient from its own columns of dy; dx needs all of dy, so
    /// it waits for the others, then computes its slice of the input features.
    public func backward(_ gradOutput: Tensor, batch n: Int, needsInputGradient: Bool, part: TeamPart) -> Tensor? {
        guard let x = input?.data else { preconditionFailure("\(name): backward before forward") }
        let gy = gradOutput.data
        let nIn = inFeatures, nOut = outFeatures
        let rows = part.range(nOut)
        let (gw, addW) = quantizedWeights?.gradientTarget() ?? weight.gradient.target
        for t in TeamPart.tiles(of: rows) {
            GEMM.sgemm(.transpose, .none, m: t.count, n: nIn, k: n,
                       a: gy + t.lowerBound, lda: nOut, b: x, ldb: nIn,
                       beta: addW ? 1 : 0, c: gw.data + t.lowerBound * nIn, ldc: nIn)
        }
        if let bias {
            // Column sums written once each: members' slices of a narrow
            // layer (10 classes) share cache lines, which row-by-row adds
            // would pass back and forth a hundred times.
            let (dbTensor, add) = bias.gradient.target
            let db = dbTensor.data
            for j in rows {
                var sum: Float = add ? db[j] : 0
                for r in 0..<n { sum += gy[r * nOut + j] }
                db[j] = sum
            }
        }
        quantizedWeights?.backward(elements: (rows.lowerBound * nIn)..<(rows.upperBound * nIn))
        guard needsInputGradient else { return nil }
        part.barrier()
        let cols = part.range(nIn)
        for t in TeamPart.tiles(of: cols) {
            GEMM.sgemm(.none, .none, m: n, n: t.count, k: nOut,
                       a: gy, lda: nOut, b: effectiveWeights.data + t.lowerBound, ldb: nIn,
                       beta: 0, c: gradInput.data + t.lowerBound, ldc: nIn)
        }
        return gradInput
    }
}
