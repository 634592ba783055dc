/// An ordered list of layers trained as one classifier: the model a trainer drives.
///
/// A training step reads as llm.c's does:
///
///     let logits = model.forward(x, batch: n)                  // w = F(theta), then the layers
///     let (loss, correct) = lossFunction.forward(logits: logits, labels: y, batch: n)
///     model.zeroGrad()
///     model.backward(lossFunction.gradLogits, batch: n)        // layers in reverse, g_theta = B' * g_w
///     optimizer.step()                                         // theta updated
///     model.afterStep()                                        // latent clipping, reset
///
/// (`trainStep` does exactly this.) Every buffer is allocated by
/// `prepare(batch:)`, called once with the largest batch the run will use
/// (training or evaluation); after that a step allocates nothing. The first
/// layer is never asked for an input gradient, which saves the largest
/// product of the backward pass.
///
/// The model belongs to the thread that trains it; it is not `Sendable`.
public final class Sequential {
    /// The layers as the builder gave them: what tables, checkpoints and
    /// exports describe (a batch norm and its ReLU are two entries here).
    public let layers: [any Layer]
    /// The layers a pass runs: `layers` with each batch norm and the ReLU
    /// after it fused into one `BatchNormReLU`.
    public let steps: [any Layer]
    /// Largest batch the buffers hold.
    public private(set) var capacity = 0
    public private(set) var isTraining = true
    public private(set) var weightMode: WeightMode = .forward

    /// Checks that each layer's output shape is the next one's input shape.
    public init(_ layers: [any Layer]) {
        precondition(!layers.isEmpty, "a model needs at least one layer")
        for (a, b) in zip(layers, layers.dropFirst()) {
            precondition(a.outputSize == b.inputSize,
                         "\(a.name) gives \(a.outputShape) but \(b.name) expects \(b.inputShape)")
        }
        self.layers = layers
        steps = BatchNormReLU.fusing(layers)
        inputSize = layers[0].inputSize
        classes = layers[layers.count - 1].outputSize
        bookkeeping = StepBookkeeping(layers: layers)
        parameters = bookkeeping.parameters
        quantized = bookkeeping.quantized
    }

    public var inputShape: [Int] { layers[0].inputShape }
    public var outputShape: [Int] { layers[layers.count - 1].outputShape }
    /// Features per example at the input (784 for Fashion-MNIST).
    public let inputSize: Int
    /// Classes at the output.
    public let classes: Int

    /// Every trainable parameter, in layer order: register these with the optimizer once.
    public let parameters: [Parameter]
    /// The quantized layers' weight pairs, kept so a step walks them without building arrays.
    let quantized: [QuantizedWeights]
    /// Lazy zeros and precomputed weights, around every pass.
    let bookkeeping: StepBookkeeping
    /// The threads `trainStep` and `forward` run on: a team of one (no
    /// threads) unless the trainer sets a larger one.
    public var team = Team(size: 1) {
        didSet { if capacity > 0 { for s in steps { s.prepare(members: team.size) } } }
    }
    /// The step the team runs, made once.
    private(set) lazy var step = SequentialStep(model: self)
    /// Told where each member is in a train step (`proxbench train --phases`); nil in training.
    public var stepHook: (any StepHook)? {
        get { step.hook }
        set { step.hook = newValue }
    }

    /// The quantized weight buffers in layer order, with their layer's index and name,
    /// for the trainer's metrics (flip ratio, saturation, quantization gap, histograms).
    public var quantizedLayers: [(index: Int, name: String, weights: QuantizedWeights)] {
        layers.enumerated().flatMap { i, layer in
            layer.leaves.compactMap { leaf in leaf.quantizedWeights.map { (i, leaf.name, $0) } }
        }
    }

    /// How many threads a step of `batch` examples is worth sharing among,
    /// given `available`: all of them when the largest layer does at least a
    /// million multiply-adds per pass (the reference MLP does 40 million:
    /// about 0.4 ms a product, against microseconds per barrier); one
    /// otherwise. A small model (two moons) would spend its step at the
    /// barriers; the small CNN's second convolution does 90 million.
    public func teamSize(batch: Int, available: Int) -> Int {
        let leaves = layers.flatMap(\.leaves)
        let largest = leaves.map { $0.multiplyAdds * batch }.max() ?? 0
        return largest >= 1 << 20 ? max(1, available) : 1
    }

    /// Allocates every layer's buffers for batches of up to `batch` examples.
    public func prepare(batch: Int) {
        for s in steps {
            s.prepare(batch: batch)
            s.prepare(members: team.size)
        }
        capacity = max(capacity, batch)
    }

    /// Training mode (batch statistics, running stats updated) or evaluation mode.
    public func setTraining(_ training: Bool) {
        isTraining = training
        for s in steps { s.setTraining(training) }
    }

    /// F(theta) weights or deployed sign(theta) weights in every quantized
    /// layer, and F(a) or sign(a) in every activation quantizer.
    public func setWeightMode(_ mode: WeightMode) {
        weightMode = mode
        for q in quantized { q.mode = mode }
        for layer in layers.flatMap(\.leaves) { (layer as? QuantizedActivation)?.mode = mode }
    }

    /// Logits [batch, classes] for the first `batch` rows of `input` [capacity, inputSize].
    public func forward(_ input: Tensor, batch: Int) -> Tensor {
        precondition(batch <= capacity, "batch \(batch) exceeds the prepared capacity \(capacity)")
        bookkeeping.beginForward()
        step.mode = .forward
        step.input = input
        step.batch = batch
        team.run(step)
        step.clear()
        return step.logits!
    }

    /// Zeroes every gradient the backward pass accumulates into (parameters
    /// and g_w); lazily, see `LazyGradient`.
    public func zeroGrad() { bookkeeping.zeroGradients() }

    /// Back-propagates dLoss/dlogits through the layers in reverse order on
    /// this thread, accumulating every parameter gradient.
    public func backward(_ gradLogits: Tensor, batch: Int) {
        var g = gradLogits
        for i in steps.indices.reversed() {
            guard let next = steps[i].backward(g, batch: batch, needsInputGradient: i > 0, part: .whole) else { break }
            g = next
        }
        bookkeeping.gradientsWritten()
    }

    /// Latent clipping and the post-step reset of every quantized layer.
    public func afterStep() {
        for q in quantized { q.afterStep() }
    }
}
