import ProxCore

/// Where a run stands at the end of an epoch: with the model, the optimizer's
/// state and the seed, all a resumed run needs to continue bit for bit. The
/// batch order of an epoch is drawn from (seed, epoch) alone
/// (`BatchSampler`), mu and the learning rate are functions of the step and
/// of these numbers, and the flip-ratio baseline is sign(theta) of the saved
/// weights, so nothing else is kept.
public struct TrainingState: Sendable, Equatable {
    /// Epochs completed, pretraining included.
    public var epoch = 0
    /// Steps taken in the run, pretraining included.
    public var step = 0
    /// The sum of the learning rates of the binarized phase's steps so far
    /// (the `cumulativeLR` schedule's clock, docs/THEORY.md section 5).
    public var learningRateSum = 0.0

    public init(epoch: Int = 0, step: Int = 0, learningRateSum: Double = 0) {
        self.epoch = epoch
        self.step = step
        self.learningRateSum = learningRateSum
    }
}

/// model.safetensors: a run's weights (`ModelTensors`) and, for `--resume`,
/// its training state, with the setup in `__metadata__`.
///
/// Metadata keys (all values strings, JSON where marked):
///
///     format              "proxlab-model/1"
///     layers              JSON: per layer {kind, name, input_shape, output_shape, ...}
///     model, binarize     the experiment's model spec and binarized layers
///     pair                JSON: the pair as its preset file spells it
///     experiment          JSON: the run's experiment.json
///     seed, epoch, epochs epochs completed and planned (pretraining included)
///     step, learning_rate_sum, optimizer, optimizer_steps   training state
///
/// Optimizer state: `optimizer.<tensor>.<state>` for each parameter tensor,
/// e.g. `optimizer.0.weight.exp_avg` (Adam's m), `.exp_avg_sq` (v),
/// `.momentum_buffer` (SGD's velocity).
public enum TrainingCheckpoint {
    public static let fileName = "model.safetensors"
    public static let format = "proxlab-model/1"

    /// The file for a model, its optimizer and the state reached.
    public static func make(model: Sequential, optimizer: any Optimizer, plan: RunPlan, setup: JSONValue, state: TrainingState) -> SafeTensors {
        var file = SafeTensors()
        ModelTensors.add(model, to: &file)
        for (k, name) in ModelTensors.parameterNames(model).enumerated() {
            for (stateName, t) in optimizer.state(of: k) {
                file.add("optimizer.\(name).\(stateName)", floats: UnsafeBufferPointer(start: t.data, count: t.count), shape: t.shape)
            }
        }
        let e = plan.experiment
        file.metadata = [
            "format": format,
            "layers": ModelTensors.layers(model).compactText,
            "model": e.model.description,
            "binarize": e.binarize.rawValue,
            "pair": setup["pair"]?.compactText ?? "null",
            "experiment": setup.compactText,
            "seed": String(plan.seed),
            "epoch": String(state.epoch),
            "epochs": String(e.pretrain + e.epochs),
            "step": String(state.step),
            "learning_rate_sum": "\(state.learningRateSum)",
            "optimizer": e.optimizer.rawValue,
            "optimizer_steps": String(optimizer.stepCount),
        ]
        return file
    }
}
