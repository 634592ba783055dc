/// One stage of a feed-forward network, with its forward pass directly above its backward pass.
///
/// Conventions (llm.c): shapes are per example and written in a comment at
/// the top of each layer's file; every tensor a layer touches is allocated
/// at `init` or `prepare` time, never in `forward` or `backward`, so a
/// training step allocates nothing. A layer owns its output and its input
/// gradient; it keeps a reference to the input it was given (no copy) for the
/// backward pass, so the caller must not overwrite that input in between.
///
/// Gradients: parameter gradients accumulate (`+=`), zeroed lazily: a pass
/// reads `LazyGradient.target` to learn whether the buffer still counts as
/// zero (then it writes instead of adding), and whoever runs the pass clears
/// the marks afterwards (`StepBookkeeping`). The input gradient is written
/// (`=`), because in a `Sequential` each activation has exactly one consumer.
///
/// One forward and one backward pass per layer, written for a `Team`: each
/// member runs the same pass on its own part of the work (`TeamPart`), and
/// a serial pass is the same pass on `.whole`. At entry a member may rely
/// only on its own slice of the input (or output gradient), and it leaves
/// its own slice of the output (or input gradient) written; a layer that
/// needs more meets the others at `part.barrier()` first. Vectors [F]
/// split by feature tiles (`part.range`); image layers (batch norm by
/// channels, pooling by planes) wait for the others at entry.
///
/// Layers belong to one trainer and are not `Sendable`.
public protocol Layer: AnyObject {
    /// A short label for tables, e.g. "dense 784->512 (binary)".
    var name: String { get }
    /// The shape of one input example, e.g. [784] or [1, 28, 28].
    var inputShape: [Int] { get }
    /// The shape of one output example.
    var outputShape: [Int] { get }
    /// What the optimizer updates: for a quantized layer, the latent weights theta.
    var parameters: [Parameter] { get }
    /// The latent/effective weight pair when the layer's weights are quantized.
    var quantizedWeights: QuantizedWeights? { get }
    /// Non-trainable numbers the deployed network needs (BatchNorm's running mean and variance).
    var stateCount: Int { get }
    /// Those numbers by their PyTorch names (`running_mean`, `running_var`),
    /// for model.safetensors.
    var buffers: [(name: String, tensor: Tensor)] { get }
    /// The layers inside this one (a residual block's paths), in order; empty for a plain layer.
    var sublayers: [any Layer] { get }
    /// Multiply-adds of one example's forward product (0 for a layer without one):
    /// what decides whether a step is worth a team.
    var multiplyAdds: Int { get }

    /// Allocates the per-batch buffers for batches of up to `batch` examples.
    /// A no-op when the current buffers are large enough.
    func prepare(batch: Int)
    /// Allocates what each of `members` team members needs for itself (a
    /// convolution's column buffer); a no-op for most layers.
    func prepare(members: Int)
    /// Computes this member's part of the output for the first `batch` examples of `input`.
    func forward(_ input: Tensor, batch: Int, part: TeamPart) -> Tensor
    /// Accumulates this member's part of the parameter gradients from
    /// `gradOutput` and, when asked, returns the input gradient (otherwise
    /// nil, skipping that product).
    func backward(_ gradOutput: Tensor, batch: Int, needsInputGradient: Bool, part: TeamPart) -> Tensor?
    /// Training mode (batch statistics) or evaluation mode (running statistics).
    func setTraining(_ training: Bool)
}

extension Layer {
    public var parameters: [Parameter] { [] }
    public var quantizedWeights: QuantizedWeights? { nil }
    public var stateCount: Int { 0 }
    public var buffers: [(name: String, tensor: Tensor)] { [] }
    public var sublayers: [any Layer] { [] }
    public var multiplyAdds: Int { 0 }
    public func prepare(members: Int) {}
    public func setTraining(_ training: Bool) {}

    /// This layer and every layer inside it, depth first: where parameters live.
    public var leaves: [any Layer] {
        sublayers.isEmpty ? [self] : sublayers.flatMap(\.leaves)
    }

    /// Zeroes every gradient `backward` accumulates into (lazily, see `LazyGradient`).
    public func zeroGrad() { StepBookkeeping(layers: [self]).zeroGradients() }

    /// The serial forward pass: the team pass on the whole, with w = F(theta)
    /// recomputed first (a train step may have left it precomputed).
    public func forward(_ input: Tensor, batch: Int) -> Tensor {
        StepBookkeeping(layers: [self]).beginForward()
        return forward(input, batch: batch, part: .whole)
    }

    /// The serial backward pass: the team pass on the whole, then the zero
    /// marks of the gradients it wrote are cleared.
    public func backward(_ gradOutput: Tensor, batch: Int, needsInputGradient: Bool) -> Tensor? {
        let result = backward(gradOutput, batch: batch, needsInputGradient: needsInputGradient, part: .whole)
        StepBookkeeping(layers: [self]).gradientsWritten()
        return result
    }

    /// Elements per example of the output (the product of `outputShape`).
    public var outputSize: Int { outputShape.reduce(1, *) }
    /// Elements per example of the input (the product of `inputShape`).
    public var inputSize: Int { inputShape.reduce(1, *) }
}

/// Grows a per-batch buffer to `batch` rows of `shape` when it is too small.
///
/// Called only from `prepare(batch:)`: the one place a layer allocates.
@inline(__always)
func grown(_ tensor: Tensor, batch: Int, _ shape: [Int]) -> Tensor {
    tensor.shape[0] >= batch ? tensor : Tensor(shape: [batch] + shape)
}

/// The check every forward pass makes before touching its buffers.
@inline(__always)
func checkBatch(_ batch: Int, capacity: Int, _ layer: @autoclosure () -> String) {
    precondition(batch >= 0 && batch <= capacity,
                 "\(layer()): batch \(batch) exceeds the prepared capacity \(capacity); call prepare(batch:) first")
}

/// Adds `value` to `target[i]`, or writes it when the target counts as zero.
@inline(__always)
func accumulate(_ target: UnsafeMutablePointer<Float>, _ i: Int, _ value: Float, _ add: Bool) {
    target[i] = add ? target[i] + value : value
}
