import Foundation
import Testing
import ProxCore
import ProxTrain
import TestHelpers

/// ProxQuant's step (docs/THEORY.md section 2) on a 3x3 weight matrix against
/// a hand computation: one SGD step on theta itself (F = id, B = id), the
/// clip to [-1, 1], then one soft threshold toward the nearest of +-1 by
/// eta * lambda; and the freeze, after which theta stays sign(theta) while
/// the bias trains on.
@Suite struct ProxQuantStepTests {
    /// lambda = mu = 0.5, so at eta = 0.3 the threshold is 0.15 (0.5 if the
    /// step size were ignored).
    static func pair(freeze: Double? = nil) throws -> QuantizerPair {
        QuantizerPair(name: "pq", forward: .identity, backward: .identity, prox: try Quantizer(parsing: "lq(lr * mu, 0)"),
                      schedule: .constant(0.5), latentClip: 1, resetAfterStep: true, freeze: freeze)
    }

    /// theta rows are output classes; column 0 meets the input x = (1, 0, 0),
    /// so only it gets a gradient.
    static let theta: [Float] = [0, 0.9, -0.5,
                                 0, 1.4, 0.95,
                                 0, -0.92, 0.3]

    final class Setup {
        let quantizer: PairQuantizer
        let model: Sequential
        let dense: Dense
        let loss = SoftmaxCrossEntropy(classes: 3)
        let optimizer: SGD
        let input = Tensor(shape: [1, 3], values: [1, 0, 0])

        init(_ pair: QuantizerPair, eta: Double) {
            quantizer = PairQuantizer(pair: pair)
            var rng = SplitMix64(seed: 3)
            model = Sequential.mlp(sizes: [3, 3], quantizer: quantizer, rng: &rng)
            dense = model.layers[0] as! Dense
            for (i, v) in ProxQuantStepTests.theta.enumerated() { dense.weight.value[i] = v }
            dense.bias!.value.fill(0)
            model.prepare(batch: 1)
            loss.prepare(batch: 1)
            optimizer = SGD(parameters: model.parameters, learningRate: Float(eta))
        }

        func step(_ k: Int, of total: Int, eta: Double) {
            quantizer.follow(TrainingProgress(fraction: Double(k) / Double(total)), learningRate: eta, step: k, of: total)
            optimizer.learningRate = Float(eta)
            model.trainStep(input: input, labels: [0], batch: 1, loss: loss, optimizer: optimizer)
        }

        var weights: [Float] { dense.weight.value.toArray() }
        var bias: [Float] { dense.bias!.value.toArray() }
    }

    /// First differing index and the count, never the whole array.
    static func expectClose(_ actual: [Float], _ expected: [Double], _ what: String) {
        let bad = zip(actual, expected).enumerated().filter { abs(Double($1.0) - $1.1) > 1e-6 }
        if let (i, (a, e)) = bad.first {
            Issue.record("\(what): \(bad.count) of \(expected.count) entries differ; first at \(i): \(a) vs \(e)")
        }
    }

    @Test func oneStepIsSGDThenTheClipThenTheSoftThresholdByEtaTimesLambda() throws {
        let eta = 0.3
        let s = Setup(try Self.pair(), eta: eta)
        s.step(0, of: 10, eta: eta)
        #expect(s.quantizer.current.effectiveProx == (try Quantizer(parsing: "lq(0.3 * mu, 0)")))
        // By hand. Logits 0, softmax 1/3 each, label 0: dLoss/dtheta[i][0] =
        // p_i - y_i = (-2/3, 1/3, 1/3); SGD moves column 0 to (0.2, -0.1, -0.1).
        // Soft threshold by k = 0.3 * 0.5 = 0.15 toward the nearest of +-1:
        //   0.2 -> 1 - (0.8 - 0.15) = 0.35       -0.1 -> -1 + (0.9 - 0.15) = -0.25
        //   0.9 -> 1 (within k of 1)             -0.5 -> -1 + (0.5 - 0.15) = -0.65
        //   1.4 -> clip 1 -> 1                    0.95 -> 1
        //  -0.92 -> -1                            0.3 -> 1 - (0.7 - 0.15) = 0.45
        Self.expectClose(s.weights, [0.35, 1, -0.65,
                                     -0.25, 1, 1,
                                     -0.25, -1, 0.45], "theta after one step")
        // The bias is full precision: plain SGD, eta * (y - p) = (0.2, -0.1, -0.1).
        Self.expectClose(s.bias, [0.2, -0.1, -0.1], "bias after one step")
        // The threshold follows the step size: a second step at eta = 0.1
        // shrinks by 0.1 * 0.5 = 0.05. Entry (0, 2) has no gradient (x_2 = 0):
        // -0.65 -> -1 + (0.35 - 0.05) = -0.7.
        s.step(1, of: 10, eta: 0.1)
        #expect(abs(Double(s.weights[2]) - -0.7) <= 1e-6, "\(s.weights[2])")
    }

    @Test func theFreezeHoldsThetaAtItsSignAndTheBiasTrainsOn() throws {
        let eta = 0.3
        let s = Setup(try Self.pair(freeze: 0.5), eta: eta)
        s.step(0, of: 4, eta: eta)
        s.step(1, of: 4, eta: eta)
        #expect(!s.quantizer.isFrozen)
        let before = s.weights
        #expect(before.contains { abs($0) != 1 }, "the steps before the freeze leave theta off +-1")
        s.step(2, of: 4, eta: eta)
        #expect(s.quantizer.isFrozen && s.quantizer.holdsLatent)
        // theta <- sign(theta): the optimizer's step on theta is skipped.
        Self.expectClose(s.weights, before.map { $0 >= 0 ? 1 : -1 }, "theta at the freeze")
        let frozen = s.weights, bias = s.bias
        s.step(3, of: 4, eta: eta)
        #expect(s.weights == frozen, "theta does not move in the freeze")
        #expect(s.bias != bias, "the bias still trains")
        // The network computes with F(theta) = theta = sign(theta).
        #expect(s.dense.quantizedWeights!.effective.toArray() == frozen)
    }

    /// The freeze starts at step round(freeze * total): 0.6667 and 2/3 of
    /// 1800 steps both freeze the last 600, the third epoch of three.
    @Test func freezeStep() throws {
        for f in [0.6667, 2.0 / 3.0] {
            let pair = try Self.pair(freeze: f)
            #expect(!pair.isFrozen(step: 1199, of: 1800))
            #expect(pair.isFrozen(step: 1200, of: 1800))
        }
        #expect(try !Self.pair().isFrozen(step: 1799, of: 1800), "no freeze field, no freeze")
        #expect(try Self.pair(freeze: 0).isFrozen(step: 0, of: 10))
    }

    /// End to end on two moons with the built-in preset's pieces: weights flip
    /// before the freeze; in it nothing flips, theta is binary (gap 0) and the
    /// forward network is the deployed one.
    @Test func trainerFreezesTheLastEpochs() throws {
        var pair = try PairPreset.load(path: RepositoryPaths.quantizerPreset("proxquant"))
        pair.freeze = 0.5
        let trainer = try Trainer(plan: TrainerTests.plan(pair, epochs: 4, lr: 0.01), dataset: try TrainerTests.dataset(), logRoot: nil)
        var epochs: [EpochMetrics] = []
        trainer.run { if case .epoch(let m) = $0 { epochs.append(m) } }
        try #require(epochs.count == 4)
        #expect(epochs[0].flipRatio > 0)
        #expect(epochs[0].quantizationGap > 0, "before the freeze theta is full precision")
        for m in epochs[2...] {
            #expect(m.flipRatio == 0 && m.quantizationGap == 0, "epoch \(m.epoch): flip \(m.flipRatio), gap \(m.quantizationGap)")
            #expect(m.testAccuracy == m.deployAccuracy)
        }
    }
}
