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
    public let layers: [any Layer]
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
        for (a, b) in zip(layers, layers.dropFirst()) {
            if let norm = a as? BatchNorm, let relu = b as? ReLU, !relu.isFused { norm.fuse(relu) }
        }
        inputSize = layers[0].inputSize
        classes = layers[layers.count - 1].outputSize
        parameters = layers.flatMap(\.parameters)
        quantized = layers.compactMap(\.quantizedWeights)
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
    /// The threads `trainStep` and `forward` run on: a team of one (no
    /// threads) unless the trainer sets a larger one.
    public var team = Team(size: 1)
    /// The step the team runs, made once.
    private(set) lazy var step = SequentialStep(model: self)

    /// The quantized weight buffers in layer order, with their layer's index and name,
    /// for the trainer's metrics (flip ratio, saturation, quantization gap, histograms).
    public var quantizedLayers: [(index: Int, name: String, weights: QuantizedWeights)] {
        layers.enumerated().compactMap { i, layer in layer.quantizedWeights.map { (i, layer.name, $0) } }
    }

    /// How many threads a step of `batch` examples is worth sharing among,
    /// given `available`: all of them when every layer splits its work
    /// (`hasPartitionedPasses`) and the largest dense layer does at least a
    /// million multiply-adds per pass (the reference MLP does 40 million:
    /// about 0.4 ms a product, against microseconds per barrier); one
    /// otherwise. A small model (two moons) would spend its step at the
    /// barriers, and a convolutional one would run its convolutions on one
    /// member while the other waits.
    public func teamSize(batch: Int, available: Int) -> Int {
        let largest = layers.compactMap { $0 as? Dense }.map { $0.inFeatures * $0.outFeatures * batch }.max() ?? 0
        return layers.allSatisfy(\.hasPartitionedPasses) && largest >= 1 << 20 ? max(1, available) : 1
    }

    /// Allocates every layer's buffers for batches of up to `batch` examples.
    public func prepare(batch: Int) {
        for layer in layers { layer.prepare(batch: batch) }
        capacity = max(capacity, batch)
    }

    /// Training mode (batch statistics, running stats updated) or evaluation mode.
    public func setTraining(_ training: Bool) {
        isTraining = training
        for layer in layers { layer.setTraining(training) }
    }

    /// F(theta) weights or deployed sign(theta) weights in every quantized layer.
    public func setWeightMode(_ mode: WeightMode) {
        weightMode = mode
        for layer in layers { layer.quantizedWeights?.mode = mode }
    }

    /// Logits [batch, classes] for the first `batch` rows of `input` [capacity, inputSize].
    public func forward(_ input: Tensor, batch: Int) -> Tensor {
        precondition(batch <= capacity, "batch \(batch) exceeds the prepared capacity \(capacity)")
        for q in quantized { q.forgetRefresh() }
        step.mode = .forward
        step.input = input
        step.batch = batch
        team.run(step)
        step.clear()
        return step.logits!
    }

    /// Zeroes every gradient the backward pass accumulates into (parameters
    /// and g_w); lazily, see `Parameter`.
    public func zeroGrad() {
        for p in parameters { p.zeroGrad() }
        for q in quantized { q.zeroGrad() }
    }

    /// Back-propagates dLoss/dlogits through the layers in reverse order,
    /// accumulating every parameter gradient.
    public func backward(_ gradLogits: Tensor, batch: Int) {
        var g = gradLogits
        for i in layers.indices.reversed() {
            guard let next = layers[i].backward(g, batch: batch, needsInputGradient: i > 0) else { break }
            g = next
        }
    }

    /// Latent clipping and the post-step reset of every quantized layer.
    public func afterStep() {
        for q in quantized { q.afterStep() }
    }
}
