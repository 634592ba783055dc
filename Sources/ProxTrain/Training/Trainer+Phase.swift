/// The phases of a run with `pretrain` epochs (`TrainingPhase`).
extension Trainer {
    /// A fresh optimizer of the experiment's kind over `parameters`.
    static func makeOptimizer(_ e: Experiment, parameters: [Parameter]) -> any Optimizer {
        switch e.optimizer {
        case .adam:
            return Adam(parameters: parameters, learningRate: Float(e.learningRate), weightDecay: Float(e.weightDecay))
        case .sgd:
            return SGD(parameters: parameters, learningRate: Float(e.learningRate), momentum: Float(e.momentum),
                       weightDecay: Float(e.weightDecay))
        }
    }

    /// Sets the model up for the phase of run epoch `epoch`: weights (and
    /// activations) through the identity while pretraining, through the
    /// pair after; and where the binarized phase starts, a fresh optimizer,
    /// as a fine-tuning run from the pretrained weights would have.
    func enter(_ span: PhaseSpan, at epoch: Int) {
        let identity = PairQuantizer(pair: .fullPrecision)
        let pretraining = span.phase == .pretrain
        for (_, _, weights) in model.quantizedLayers { weights.quantizer = pretraining ? identity : quantizer }
        if let activations = activationQuantizer {
            for case let layer as QuantizedActivation in model.layers.flatMap(\.leaves) { layer.quantizer = pretraining ? identity : activations }
        }
        if !pretraining && epoch == span.firstEpoch && epoch > 0 {
            optimizer = Self.makeOptimizer(plan.experiment, parameters: model.parameters)
        }
    }
}
