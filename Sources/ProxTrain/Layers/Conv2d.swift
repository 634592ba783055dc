import ProxCore

// Shapes (N = batch, k = kernel side 3 or 1, padding (k - 1) / 2, stride 1, so H and W are kept;
// S = H * W, K = Cin * k * k; images channel-major, ImageLayout):
//   input x [Cin, N, H, W]   weight W [Cout, Cin, k, k] = [Cout, K]   bias b [Cout]
//   output y [Cout, N, H, W]
//   per tile T of examples: col_T = im2col(x[:, T]) [K, |T| S]   y[:, T] = W col_T + b
//   backward: dW = sum over T in order of dy[:, T] col_T^T,  db = sum over T of row sums of dy[:, T]
//             dx[:, T] = Wf im2col(dy[:, T])   (Wf [Cin, Cout k k]: W flipped, the transposed convolution)
//   for k = 1, col_T is x[:, T] itself and dx[:, T] = W^T dy[:, T].
// Quantized (docs/THEORY.md section 2): W above is w = F(theta), dW is g_w.

/// A 3x3 (padding 1) or 1x1 convolution, stride 1, as one matrix product per
/// tile of examples.
///
/// Weights are stored [Cout, Cin, k, k] (PyTorch's layout), which read as a
/// matrix is [Cout, Cin * k * k] with the row order `Im2Col` produces.
///
/// Team split, bit-identical for any team size by construction: the batch
/// is cut into tiles of `tileExamples` examples, a number that depends on
/// the layer's shape only, and a member takes whole tiles (`TeamPart.range(_:tile:)`).
/// Each tile is one sgemm call per product, the same call whoever makes it.
/// The weight gradient sums over the tiles: each tile writes its own
/// partial dW, and after a barrier the members add the partials up in tile
/// order, each for its share of the elements. The column matrix of a tile
/// lives in its member's scratch buffer (about a MiB, so it stays in
/// cache between the unfolding and the product); backward unfolds the
/// input again rather than keeping N columns.
public final class Conv2d: Layer {
    public let inChannels: Int
    public let outChannels: Int
    public let height: Int
    public let width: Int
    /// The kernel side: 3 (padding 1) or 1.
    public let kernel: Int
    /// W [Cout, Cin, k, k]: the weights, or the latent weights theta when quantized.
    public let weight: Parameter
    public let bias: Parameter?
    public let quantizedWeights: QuantizedWeights?
    public let name: String
    /// Examples per tile: the column matrix of a tile holds about
    /// `tileFloats` Floats (1 MiB, about a core's L2), at least one example.
    /// 256 KiB to 4 MiB tiles measured the same on the small CNN to 5% (the
    /// lead thread's CPU time of `proxbench train --phases --model cnn`).
    public let tileExamples: Int
    static let tileFloats = 1 << 18

    private var input: Tensor?
    public private(set) var output: Tensor
    public private(set) var gradInput: Tensor
    /// W flipped for the input gradient, [Cin, Cout * k * k] (3x3 only).
    private let flipped: Tensor
    /// Per tile: the partial dW [Cout * K] and partial bias gradient [Cout].
    private var partials: Tensor
    private var biasPartials: Tensor
    /// Per member: a tile's column matrix (3x3 only).
    private var scratch: [Tensor] = []

    public init(inChannels: Int, outChannels: Int, height: Int, width: Int, kernel: Int = 3, bias: Bool = true,
                quantizer: (any WeightQuantizer)? = nil, initializer: Initializer = .torchDefault,
                rng: inout SplitMix64, name: String? = nil) {
        precondition(kernel == 3 || kernel == 1, "Conv2d: kernel \(kernel); 3 or 1")
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.height = height
        self.width = width
        self.kernel = kernel
        let binary = quantizer != nil
        let taps = kernel * kernel
        weight = Parameter(name: "weight", role: .weight, shape: [outChannels, inChannels, kernel, kernel],
                           isBinarized: binary)
        initializer.fill(weight.value, fanIn: inChannels * taps, fanOut: outChannels * taps, rng: &rng)
        if bias {
            let b = Parameter(name: "bias", role: .bias, shape: [outChannels])
            initializer.fillBias(b.value, fanIn: inChannels * taps, rng: &rng)
            self.bias = b
        } else {
            self.bias = nil
        }
        let latent = weight
        quantizedWeights = quantizer.map { QuantizedWeights(latent: latent, quantizer: $0) }
        self.name = name ?? "conv\(kernel)x\(kernel) \(inChannels)->\(outChannels)\(binary ? " (binary)" : "")"
        let rows = max(inChannels, outChannels) * taps, plane = height * width
        tileExamples = max(1, Self.tileFloats / max(1, rows * plane))
        flipped = Tensor(shape: kernel == 3 ? [inChannels, outChannels * 9] : [0])
        output = Tensor(shape: [0, outChannels, height, width])
        gradInput = Tensor(shape: [0, inChannels, height, width])
        partials = Tensor(shape: [0, outChannels * inChannels * taps])
        biasPartials = Tensor(shape: [0, outChannels])
    }

    public var inputShape: [Int] { [inChannels, height, width] }
    public var outputShape: [Int] { [outChannels, height, width] }
    public var parameters: [Parameter] { bias.map { [weight, $0] } ?? [weight] }
    public var multiplyAdds: Int { outChannels * inChannels * kernel * kernel * height * width }
    /// Rows of W as a matrix: Cin * k * k.
    var fanIn: Int { inChannels * kernel * kernel }

    /// The weights the products use: w = F(theta) when quantized, W otherwise.
    public var effectiveWeights: Tensor { quantizedWeights?.effective ?? weight.value }

    public func prepare(batch: Int) {
        output = grown(output, batch: batch, outputShape)
        gradInput = grown(gradInput, batch: batch, inputShape)
        let tiles = (batch + tileExamples - 1) / tileExamples
        partials = grown(partials, batch: tiles, [outChannels * fanIn])
        biasPartials = grown(biasPartials, batch: tiles, [outChannels])
        prepare(members: 1)
    }

    public func prepare(members: Int) {
        guard kernel == 3, scratch.count < members else { return }
        let rows = max(inChannels, outChannels) * 9
        while scratch.count < members { scratch.append(Tensor(shape: [rows, tileExamples * height * width])) }
    }

    /// The column matrix of `examples` into this member's scratch, or x itself for a 1x1 kernel:
    /// the pointer and leading dimension of the product's right operand.
    private func columns(of x: Tensor, channels: Int, batch n: Int, examples: Range<Int>,
                         part: TeamPart) -> (UnsafePointer<Float>, Int) {
        let plane = height * width
        guard kernel == 3 else { return (UnsafePointer(x.data + examples.lowerBound * plane), n * plane) }
        precondition(part.rank < scratch.count, "\(name): prepare(members:) for a team of \(part.rank + 1) first")
        let col = scratch[part.rank].data
        Im2Col.im2col(x.data, channels: channels, batch: n, height: height, width: width, examples: examples, col: col)
        return (UnsafePointer(col), examples.count * plane)
    }

    /// w = F(theta) (each member its share, then a barrier: every tile
    /// needs all of w), then a product per tile of this member's examples.
    public func forward(_ input: Tensor, batch n: Int, part: TeamPart) -> Tensor {
        checkBatch(n, capacity: output.shape[0], name)
        precondition(input.count >= n * inputSize, "\(name): input holds fewer than \(n) examples")
        if part.isLead { self.input = input }
        quantizedWeights?.refreshForForward(elements: part.evenShare(weight.count))
        part.barrier()
        if kernel == 3 { flip(part: part) }
        let plane = height * width, cout = outChannels, k = fanIn, ld = n * plane
        let w = effectiveWeights.data, y = output.data, b = bias?.value.data
        for t in TeamPart.tiles(of: part.range(n, tile: tileExamples), width: tileExamples) {
            let (col, ldb) = columns(of: input, channels: inChannels, batch: n, examples: t, part: part)
            let yt = y + t.lowerBound * plane, cols = t.count * plane
            if let b { for o in 0..<cout { VectorOps.fill(yt + o * ld, count: cols, value: b[o]) } }
            GEMM.sgemm(.none, .none, m: cout, n: cols, k: k, a: w, lda: k, b: col, ldb: ldb,
                       beta: b == nil ? 0 : 1, c: yt, ldc: ld)
        }
        return output
    }

    /// Wf[ci, (co, ky, kx)] = w[co, ci, 2 - ky, 2 - kx] on this member's share of
    /// the elements; read in backward, many barriers later.
    private func flip(part: TeamPart) {
        let w = effectiveWeights.data, f = flipped.data, cin = inChannels, cout = outChannels
        for i in part.evenShare(flipped.count) {
            let ci = i / (cout * 9), co = (i / 9) % cout, tap = i % 9
            f[i] = w[(co * cin + ci) * 9 + 8 - tap]
        }
    }

    /// Per tile of this member: its partial dW and bias gradient, and its
    /// examples' input gradient; after a barrier, this member's share of
    /// dW and db summed over the tiles in order, then g_theta there.
    public func backward(_ gradOutput: Tensor, batch n: Int, needsInputGradient: Bool, part: TeamPart) -> Tensor? {
        guard let x = input else { preconditionFailure("\(name): backward before forward") }
        let plane = height * width, cout = outChannels, k = fanIn, ld = n * plane
        let dy = gradOutput.data, dx = gradInput.data, w = effectiveWeights.data
        let tiles = (n + tileExamples - 1) / tileExamples
        part.barrier()
        for t in TeamPart.tiles(of: part.range(n, tile: tileExamples), width: tileExamples) {
            let index = t.lowerBound / tileExamples, cols = t.count * plane
            let dyt = dy + t.lowerBound * plane
            let (col, ldb) = columns(of: x, channels: inChannels, batch: n, examples: t, part: part)
            GEMM.sgemm(.none, .transpose, m: cout, n: k, k: cols, a: dyt, lda: ld, b: col, ldb: ldb,
                       beta: 0, c: partials.data + index * cout * k, ldc: k)
            if bias != nil {
                let db = biasPartials.data + index * cout
                for o in 0..<cout { db[o] = VectorOps.sum(dyt + o * ld, count: cols) }
            }
            guard needsInputGradient else { continue }
            let dxt = dx + t.lowerBound * plane
            if kernel == 1 {
                GEMM.sgemm(.transpose, .none, m: inChannels, n: cols, k: cout, a: w, lda: k, b: dyt, ldb: ld,
                           beta: 0, c: dxt, ldc: ld)
            } else {
                let (dcol, ldd) = columns(of: gradOutput, channels: cout, batch: n, examples: t, part: part)
                GEMM.sgemm(.none, .none, m: inChannels, n: cols, k: cout * 9, a: flipped.data, lda: cout * 9,
                           b: dcol, ldb: ldd, beta: 0, c: dxt, ldc: ld)
            }
        }
        part.barrier()
        let (gw, addW) = quantizedWeights?.gradientTarget() ?? weight.gradient.target
        let mine = part.evenShare(cout * k)
        Self.sum(partials.data, count: tiles, stride: cout * k, elements: mine, into: gw.data, adding: addW)
        if let bias {
            let (db, add) = bias.gradient.target
            Self.sum(biasPartials.data, count: tiles, stride: cout, elements: part.evenShare(cout), into: db.data, adding: add)
        }
        quantizedWeights?.backward(elements: mine)
        return needsInputGradient ? gradInput : nil
    }

    /// target[i] (+)= sum over t in 0..<count, in order, of partials[t * stride + i], for i in `elements`.
    private static func sum(_ partials: UnsafeMutablePointer<Float>, count: Int, stride: Int, elements: Range<Int>,
                            into target: UnsafeMutablePointer<Float>, adding: Bool) {
        guard !elements.isEmpty else { return }
        let lo = elements.lowerBound, m = elements.count
        let t0 = target + lo
        if !adding { VectorOps.fill(t0, count: m, value: 0) }
        for t in 0..<count { VectorOps.axpy(1, partials + t * stride + lo, t0, count: m) }
    }
}
