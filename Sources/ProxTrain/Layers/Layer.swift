/// One stage of a feed-forward network, with its forward pass directly above its backward pass.
///
/// Conventions (llm.c): shapes are per example and written in a comment at
/// the top of each layer's file; every tensor a layer touches is allocated
/// at `init` or `prepare(batch:)` time, never in `forward` or `backward`, so
/// a training step allocates nothing. A layer owns its output and its input
/// gradient; it keeps a reference to the input it was given (no copy) for the
/// backward pass, so the caller must not overwrite that input in between.
///
/// Gradients: parameter gradients accumulate (`+=`, zero them first with
/// `zeroGrad()`; a layer asks `Parameter.gradForUpdate()` whether the
/// buffer still counts as zero and then writes instead of adding); the input
/// gradient is written (`=`), because in a `Sequential` each activation has
/// exactly one consumer.
///
/// Layers belong to one trainer and are not `Sendable`. Within a step a
/// `Team` may run a layer's partitioned passes on several threads at once,
/// each member on its own slice of the features (`TeamPart`): at entry a
/// member may rely only on its own slice of the input (or output gradient),
/// and it leaves its own slice of the output (or input gradient) written.
/// A layer that needs more meets the others at `part.barrier()` first; the
/// default passes run the serial ones on the lead member between barriers.
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

    /// Allocates the per-batch buffers for batches of up to `batch` examples.
    /// A no-op when the current buffers are large enough.
    func prepare(batch: Int)
    /// Computes the output for the first `batch` examples of `input`.
    func forward(_ input: Tensor, batch: Int) -> Tensor
    /// Accumulates parameter gradients from `gradOutput` and, when asked,
    /// returns the input gradient (otherwise nil, skipping that product).
    func backward(_ gradOutput: Tensor, batch: Int, needsInputGradient: Bool) -> Tensor?
    /// `forward` as one member of a team step (see the type's discussion).
    func forward(_ input: Tensor, batch: Int, part: TeamPart) -> Tensor
    /// `backward` as one member of a team step. Whether a parameter gradient
    /// is added to or written is read from its zero mark without clearing
    /// it; the caller clears the marks once every member is done
    /// (`Parameter.markWritten`).
    func backward(_ gradOutput: Tensor, batch: Int, needsInputGradient: Bool, part: TeamPart) -> Tensor?
    /// True when the team passes split the work; false when they are the
    /// default ones (the serial pass on the lead member).
    var hasPartitionedPasses: Bool { get }
    /// Training mode (batch statistics) or evaluation mode (running statistics).
    func setTraining(_ training: Bool)
    /// Zeroes every gradient `backward` accumulates into.
    func zeroGrad()
}

extension Layer {
    public var parameters: [Parameter] { [] }
    public var quantizedWeights: QuantizedWeights? { nil }
    public var stateCount: Int { 0 }
    public var buffers: [(name: String, tensor: Tensor)] { [] }
    public var hasPartitionedPasses: Bool { false }
    public func setTraining(_ training: Bool) {}

    public func zeroGrad() {
        for p in parameters { p.zeroGrad() }
        quantizedWeights?.zeroGrad()
    }

    /// The serial pass on the lead member, between barriers.
    public func forward(_ input: Tensor, batch: Int, part: TeamPart) -> Tensor {
        part.serial { forward(input, batch: batch) }!
    }

    /// The serial pass on the lead member, between barriers.
    public func backward(_ gradOutput: Tensor, batch: Int, needsInputGradient: Bool, part: TeamPart) -> Tensor? {
        part.serial { backward(gradOutput, batch: batch, needsInputGradient: needsInputGradient) }
    }

    /// Clears the zero marks of the gradients a team step wrote.
    func markGradientsWritten() {
        for p in parameters { p.markWritten() }
        quantizedWeights?.markWritten()
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
