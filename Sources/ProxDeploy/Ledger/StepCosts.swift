import ProxTrain

/// What one deployed step stores and computes, per example, against the
/// trained layers it stands for (docs/THEORY.md section 7's memory table, extended
/// with operations).
///
/// Binary operations count XNOR-popcount multiply-accumulates, one per pair
/// of signs; float operations count multiply-accumulates. Bytes are those of
/// the numbers kept: 4 per float, one bit per sign (rows padded to whole
/// words), 4 per threshold.
extension DeployedStep {
    /// The float network's numbers for the layers this step replaces, in bytes.
    public var fp32Bytes: Int {
        switch layer {
        case .float(let f): return 4 * (f.tensors.values.reduce(0) { $0 + $1.count } + (f.signWeights.map { $0.rows * $0.bits } ?? 0))
        case .binaryDense(let d): return 4 * (d.weights.rows * d.weights.bits + foldedNumbers(channels: d.weights.rows, d.output))
        case .binaryConv(let c): return 4 * (c.weights.rows * c.weights.bits + foldedNumbers(channels: c.outChannels, c.output))
        case .sign, .unpack, .signMaxPool, .signFlatten: return 0
        }
    }

    /// The deployed step's numbers, in bytes.
    public var packedBytes: Int {
        switch layer {
        case .float(let f): return 4 * f.tensors.values.reduce(0) { $0 + $1.count } + 8 * (f.signWeights?.words.count ?? 0)
        case .binaryDense(let d): return 8 * d.weights.words.count + outputBytes(d.output, channels: d.weights.rows)
        case .binaryConv(let c): return 8 * c.weights.words.count + outputBytes(c.output, channels: c.outChannels)
        case .sign, .unpack, .signMaxPool, .signFlatten: return 0
        }
    }

    /// XNOR-popcount multiply-accumulates per example.
    public var binaryOperations: Int {
        switch layer {
        case .binaryDense(let d): return d.weights.rows * d.weights.bits
        case .binaryConv(let c): return c.outChannels * 9 * c.inChannels * c.height * c.width
        default: return 0
        }
    }

    /// Float multiply-accumulates per example in the deployed step.
    public var floatOperations: Int {
        guard case .float(let f) = layer else { return 0 }
        switch f.kind {
        case .dense(let i, let o): return i * o
        case .conv(let i, let o, let h, let w): return i * 9 * o * h * w
        default: return 0
        }
    }

    private func foldedNumbers(channels: Int, _ output: BinaryOutput) -> Int {
        switch output {
        case .signs: return replaces.contains { if case .batchNorm = $0 { return true }; return false } ? 4 * channels : 0
        case .values: return 0
        }
    }

    private func outputBytes(_ output: BinaryOutput, channels: Int) -> Int {
        switch output {
        case .signs: return 4 * channels
        case .values: return 0
        }
    }
}
