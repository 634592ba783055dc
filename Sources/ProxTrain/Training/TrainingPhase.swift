import ProxCore

/// The parts of a run: `pretrain` epochs in full precision, then `epochs`
/// binarized ones.
///
/// The PC++, ProxConnect and ProxQuant papers binarize a pretrained
/// full-precision model; a run with `pretrain: N` does both in one run and one
/// log. The pretrain phase trains theta itself (F = B = id: no clip, no
/// reset, activations unquantized). The binarized phase then starts as a
/// fine-tuning run would from the pretrained weights: a fresh optimizer, and
/// its own clocks, so the learning-rate schedule, the mu schedule and the
/// summed learning rates (`cumulativeLR`) run over the binarized epochs
/// only, exactly as in a run of `epochs` epochs started with `--init-from`.
public enum TrainingPhase: String, Sendable, CaseIterable {
    case pretrain
    case binarized
}

/// Where one phase lies in the run, in epochs and steps.
public struct PhaseSpan: Sendable, Equatable {
    public var phase: TrainingPhase
    /// The run's epoch (0-based) and step where the phase starts.
    public var firstEpoch: Int
    public var firstStep: Int
    /// The phase's length in steps.
    public var steps: Int

    /// The phase of run epoch `epoch` (0-based) of an experiment.
    public init(epoch: Int, of e: Experiment, stepsPerEpoch: Int) {
        if epoch < e.pretrain {
            self.init(phase: .pretrain, firstEpoch: 0, firstStep: 0, steps: e.pretrain * stepsPerEpoch)
        } else {
            self.init(phase: .binarized, firstEpoch: e.pretrain, firstStep: e.pretrain * stepsPerEpoch, steps: e.epochs * stepsPerEpoch)
        }
    }

    public init(phase: TrainingPhase, firstEpoch: Int, firstStep: Int, steps: Int) {
        self.phase = phase
        self.firstEpoch = firstEpoch
        self.firstStep = firstStep
        self.steps = steps
    }

    /// The share of the phase done before run step `step`, from 0 to 1 at
    /// its last step (the mu schedules' clock).
    public func fraction(step: Int) -> Double { Double(step - firstStep) / Double(max(steps - 1, 1)) }

    /// The same over the phase's whole length (the learning-rate schedules' clock).
    public func learningRateFraction(step: Int) -> Double { Double(step - firstStep) / Double(max(steps, 1)) }
}

/// The identity pair that a pretrain phase trains with: w = theta, g_theta = g_w.
extension QuantizerPair {
    public static let fullPrecision = QuantizerPair(name: "full precision", forward: .identity, backward: .identity)
}
