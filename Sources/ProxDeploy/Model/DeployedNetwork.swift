import ProxTrain

/// A deployed model ready to run: its steps with their buffers and kernels.
///
/// Has identity (it owns buffers, like `Sequential`) and belongs to one
/// thread; the binary steps may share their rows with a `Team`.
///
///     let net = DeployedNetwork(model)
///     net.prepare(batch: 500)
///     let logits = net.forward(x, batch: 500)      // [500, classes]
public final class DeployedNetwork {
    public let model: DeployedModel
    let stages: [any Stage]
    /// The last output of every step (the ledger times a step on its predecessor's output).
    var outputs: [StageValue?]
    public private(set) var capacity = 0
    /// Threads for the binary steps; a team of one (no threads) by default.
    public var team = Team(size: 1)
    /// The popcount instructions every binary step uses.
    public let form: PopcountForm

    public init(_ model: DeployedModel, form: PopcountForm = .best) {
        self.model = model
        self.form = form
        stages = model.steps.map { step -> any Stage in
            switch step.layer {
            case .float(let f): return FloatStage(f)
            case .sign(let shape): return SignStage(shape: shape)
            case .unpack(let shape): return UnpackStage(shape: shape)
            case .binaryDense(let d): return BinaryDenseStage(d, form: form)
            case .binaryConv(let c): return BinaryConvStage(c, form: form)
            case .signMaxPool(let c, let h, let w): return SignMaxPoolStage(channels: c, height: h, width: w)
            case .signFlatten(let c, let h, let w): return SignFlattenStage(channels: c, height: h, width: w)
            }
        }
        outputs = Array(repeating: nil, count: stages.count)
    }

    public var inputSize: Int { model.inputShape.reduce(1, *) }

    /// Allocates every step's buffers for batches of up to `batch` examples.
    public func prepare(batch: Int) {
        for s in stages { s.prepare(batch: batch) }
        capacity = max(capacity, batch)
    }

    /// Logits [batch, classes] for the first `batch` rows of `input` [capacity, inputSize].
    public func forward(_ input: Tensor, batch: Int) -> Tensor {
        precondition(batch <= capacity, "batch \(batch) exceeds the prepared capacity \(capacity)")
        var x = StageValue.floats(input)
        for (i, s) in stages.enumerated() {
            x = s.run(x, batch: batch, team: team)
            outputs[i] = x
        }
        return x.floats
    }

    /// The predicted class of each of the first `batch` rows, ties to the
    /// lowest class as `SoftmaxCrossEntropy.countCorrect` breaks them.
    public func predict(_ input: Tensor, batch: Int, into classes: UnsafeMutablePointer<Int32>) {
        let logits = forward(input, batch: batch).data, k = model.classes
        for r in 0..<batch {
            let row = logits + r * k
            var best = 0, top = row[0]
            for j in 1..<k where row[j] > top { best = j; top = row[j] }
            classes[r] = Int32(best)
        }
    }
}
