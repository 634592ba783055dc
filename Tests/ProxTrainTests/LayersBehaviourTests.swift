import Foundation
import ProxCore
import ProxTrain
import Testing
import TestHelpers

/// Layer semantics that a gradient check cannot see: running statistics,
/// modes, the quantizer hook, stable losses, initial distributions.
@Suite struct LayersBehaviourTests {
    /// PyTorch's BatchNorm1d after one training batch: running mean 0.1 * mean,
    /// running var 0.9 + 0.1 * unbiased var. Column [1, 2, 3, 6]: mean 3,
    /// biased var 3.5, unbiased 14/3.
    @Test func batchNormRunningStatistics() {
        let bn = BatchNorm(1)
        bn.prepare(batch: 4)
        let x = Tensor(shape: [4, 1], values: [1, 2, 3, 6])
        let y = bn.forward(x, batch: 4)
        #expect(isClose(Double(bn.runningMean[0]), 0.3, rtol: 1e-6))
        #expect(isClose(Double(bn.runningVar[0]), 0.9 + 0.1 * 14.0 / 3.0, rtol: 1e-6))
        let inv = 1 / (3.5 + 1e-5).squareRoot()
        for (i, v) in [1.0, 2, 3, 6].enumerated() {
            #expect(isClose(Double(y[i]), (v - 3) * inv, rtol: 1e-5, atol: 1e-6))
        }
        // Evaluation mode normalizes with the running statistics instead.
        bn.setTraining(false)
        let z = bn.forward(x, batch: 4)
        let rinv = 1 / (Double(bn.runningVar[0]) + 1e-5).squareRoot()
        #expect(isClose(Double(z[3]), (6 - 0.3) * rinv, rtol: 1e-5))
        #expect(isClose(Double(bn.runningMean[0]), 0.3, rtol: 1e-6)) // unchanged in evaluation
    }

    @Test func batchNorm2dMatchesBatchNormOnOnePixel() {
        // With 1x1 images, BatchNorm2d is BatchNorm1d on the transposed
        // batch: images are channel-major, [C, N], rows example-major, [N, C].
        var rng = SplitMix64(seed: 31)
        let x = randomTensor([5, 3], rng: &rng)
        let xt = Tensor(shape: [5, 3])
        for r in 0..<5 { for j in 0..<3 { xt[j * 5 + r] = x[r, j] } }
        let a = BatchNorm(3), b = BatchNorm2d(channels: 3, height: 1, width: 1)
        a.prepare(batch: 5)
        b.prepare(batch: 5)
        let ya = a.forward(x, batch: 5).toArray(), yb = b.forward(xt, batch: 5).toArray()
        for r in 0..<5 {
            for j in 0..<3 { #expect(isClose(Double(ya[r * 3 + j]), Double(yb[j * 5 + r]), rtol: 1e-5, atol: 1e-6)) }
        }
        for j in 0..<3 { #expect(isClose(Double(a.runningVar[j]), Double(b.runningVar[j]), rtol: 1e-5)) }
    }

    @Test func crossEntropyIsStableAndCounts() {
        let loss = SoftmaxCrossEntropy(classes: 3)
        loss.prepare(batch: 2)
        // Huge logits: a naive exp overflows. Row 0: label 0 wins by 1000 -> loss ~ 0.
        // Row 1: logits (1000, 1000, 0), label 1: a tie, loss log 2; argmax picks class 0 (first maximum).
        let logits = Tensor(shape: [2, 3], values: [2000, 1000, 1000, 1000, 1000, 0])
        let (value, correct) = loss.forward(logits: logits, labels: [0, 1], batch: 2)
        #expect(value.isFinite)
        #expect(isClose(value, log(2) / 2, rtol: 1e-6))
        #expect(correct == 1)
        #expect(isClose(Double(loss.gradLogits[1, 0]), 0.25, rtol: 1e-6))
        #expect(isClose(Double(loss.gradLogits[1, 1]), -0.25, rtol: 1e-6))
        #expect(abs(loss.gradLogits[0, 0]) < 1e-7)
    }

    @Test func maxPoolPicksWindowMaxima() {
        let pool = MaxPool2x2(channels: 1, height: 2, width: 4)
        pool.prepare(batch: 1)
        let x = Tensor(shape: [1, 1, 2, 4], values: [1, 5, -1, -2, 3, 2, -3, -4])
        #expect(pool.forward(x, batch: 1).toArray() == [5, -1])
        let dx = pool.backward(Tensor(shape: [1, 2], values: [10, 20]), batch: 1, needsInputGradient: true)!
        #expect(dx.toArray() == [0, 10, 20, 0, 0, 0, 0, 0])
    }

    /// BC and BNN on a 3x3 weight matrix, hand-computed: w = sign(theta)
    /// (sign(0) = +1), g_theta = g_w (BC) or g_w * 1{abs(theta) <= 1} (BNN),
    /// then clip to [-1, 1] after the step.
    @Test(arguments: [SignQuantizer.Backward.identity, .hardtanh])
    func signQuantizerByHand(kind: SignQuantizer.Backward) {
        var rng = SplitMix64(seed: 32)
        let layer = Dense(3, 3, bias: false, quantizer: SignQuantizer(backward: kind, clip: 1), rng: &rng)
        let theta: [Float] = [0.5, -0.2, 0, 1.5, -1.2, 0.9, -0.7, 2, -0.01]
        for i in 0..<9 { layer.weight.value[i] = theta[i] }
        layer.prepare(batch: 1)
        let x = Tensor(shape: [1, 3], values: [1, 2, 3])
        let y = layer.forward(x, batch: 1)
        #expect(layer.effectiveWeights.toArray() == [1, -1, 1, 1, -1, 1, -1, 1, -1])
        let expected: [Float] = [2, 2, -2] // rows (1, -1, 1), (1, -1, 1), (-1, 1, -1) dotted with (1, 2, 3)
        #expect(y.toArray() == expected)
        layer.zeroGrad()
        _ = layer.backward(Tensor(shape: [1, 3], values: [1, -1, 2]), batch: 1, needsInputGradient: true)
        // g_w = dy^T x: row i is dy_i * (1, 2, 3).
        let gw: [Float] = [1, 2, 3, -1, -2, -3, 2, 4, 6]
        #expect(layer.quantizedWeights!.gradEffective.toArray() == gw)
        let mask: [Float] = kind == .identity ? Array(repeating: 1, count: 9) : theta.map { abs($0) <= 1 ? 1 : 0 }
        #expect(layer.weight.grad.toArray() == zip(gw, mask).map { $0 * $1 })
        layer.quantizedWeights!.afterStep()
        #expect(layer.weight.value.toArray() == theta.map { max(-1, min(1, $0)) })
    }

    @Test func identityQuantizerEqualsFullPrecision() {
        var a = SplitMix64(seed: 33), b = SplitMix64(seed: 33)
        let plain = Dense(6, 4, rng: &a)
        let quant = Dense(6, 4, quantizer: ClosureQuantizer.identity(), rng: &b)
        var rng = SplitMix64(seed: 34)
        let x = randomTensor([3, 6], rng: &rng), gy = randomTensor([3, 4], rng: &rng)
        for l in [plain, quant] {
            l.prepare(batch: 3)
            _ = l.forward(x, batch: 3)
            l.zeroGrad()
            _ = l.backward(gy, batch: 3, needsInputGradient: true)
        }
        #expect(plain.output.toArray() == quant.output.toArray())
        #expect(plain.weight.grad.toArray() == quant.weight.grad.toArray())
        #expect(plain.gradInput.toArray() == quant.gradInput.toArray())
    }

    /// A quantizer declaring B' = 1 takes the shortcut (g_w written into
    /// g_theta); the result must equal the general path, accumulation included.
    @Test func identityBackwardShortcutMatchesGeneralPath() {
        var a = SplitMix64(seed: 40), b = SplitMix64(seed: 40)
        let fast = Dense(6, 4, bias: false, quantizer: SignQuantizer(backward: .identity, clip: 1), rng: &a)
        let general = Dense(6, 4, bias: false, quantizer: ClosureQuantizer(forward: { $0 >= 0 ? 1 : -1 },
                                                                           derivative: { _ in 1 }), rng: &b)
        var rng = SplitMix64(seed: 41)
        let x = randomTensor([3, 6], rng: &rng), g1 = randomTensor([3, 4], rng: &rng), g2 = randomTensor([3, 4], rng: &rng)
        for l in [fast, general] {
            l.prepare(batch: 3)
            _ = l.forward(x, batch: 3)
            l.zeroGrad()
            _ = l.backward(g1, batch: 3, needsInputGradient: true)
            _ = l.backward(g2, batch: 3, needsInputGradient: true)
        }
        #expect(fast.weight.grad.toArray() == general.weight.grad.toArray())
        #expect(fast.quantizedWeights!.gradEffective.toArray() == general.quantizedWeights!.gradEffective.toArray())
        #expect(fast.gradInput.toArray() == general.gradInput.toArray())
    }

    /// Deploy mode computes with sign(theta) in the same buffer, whatever F is.
    @Test func deployModeUsesSignOfLatent() {
        var rng = SplitMix64(seed: 35)
        let q = ClosureQuantizer(forward: { tanh($0) }, derivative: { 1 - tanh($0) * tanh($0) })
        let layer = Dense(5, 3, bias: false, quantizer: q, rng: &rng)
        layer.prepare(batch: 2)
        let x = randomTensor([2, 5], rng: &rng)
        let buffer = layer.effectiveWeights.data
        _ = layer.forward(x, batch: 2)
        #expect(layer.effectiveWeights[0] == tanh(layer.weight.value[0]))
        layer.quantizedWeights!.mode = .deploy
        _ = layer.forward(x, batch: 2)
        #expect(layer.effectiveWeights.data == buffer)
        #expect(layer.effectiveWeights.toArray() == layer.weight.value.toArray().map { $0 >= 0 ? 1 : -1 })
    }

    @Test func quantizedActivationAppliesPair() {
        let layer = QuantizedActivation(shape: [4], quantizer: SignQuantizer(backward: .hardtanh))
        layer.prepare(batch: 1)
        let x = Tensor(shape: [1, 4], values: [-2, -0.5, 0, 3])
        #expect(layer.forward(x, batch: 1).toArray() == [-1, -1, 1, 1])
        let dx = layer.backward(Tensor(shape: [1, 4], values: [1, 2, 3, 4]), batch: 1, needsInputGradient: true)
        #expect(dx?.toArray() == [0, 2, 3, 0])
    }

    /// Initial distributions for a fixed seed: every draw inside the bound,
    /// the mean within 0.05 standard deviations of 0 (12 standard errors), and
    /// the sample variance within 5% of the distribution's (n = 65536).
    @Test func initializerStatistics() {
        let fanIn = 256, fanOut = 256
        let cases: [(Initializer, Double)] = [
            (.glorotUniform, 6.0 / 512 / 3), (.heUniform, 6.0 / 256 / 3),
            (.heNormal, 2.0 / 256), (.torchDefault, 1.0 / 256 / 3),
        ]
        for (scheme, variance) in cases {
            var rng = SplitMix64(seed: 36)
            let t = Tensor(shape: [fanOut, fanIn])
            scheme.fill(t, fanIn: fanIn, fanOut: fanOut, rng: &rng)
            let v = t.toArray().map(Double.init)
            let mean = v.reduce(0, +) / Double(v.count)
            let sampleVariance = v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(v.count - 1)
            #expect(abs(mean) < 0.05 * variance.squareRoot(), "\(scheme) mean \(mean)")
            #expect(isClose(sampleVariance, variance, rtol: 0.05), "\(scheme) variance \(sampleVariance)")
            let bound = Double(scheme.uniformBound(fanIn: fanIn, fanOut: fanOut))
            if bound.isFinite { #expect(v.allSatisfy { abs($0) <= bound }, "\(scheme) bound") }
        }
        // PyTorch's default Linear init: weight and bias in U(-1/sqrt(in), 1/sqrt(in)).
        var rng = SplitMix64(seed: 37)
        let dense = Dense(100, 50, initializer: .torchDefault, rng: &rng)
        #expect(dense.weight.value.toArray().allSatisfy { abs($0) <= 0.1 })
        let bias = dense.bias!.value.toArray()
        #expect(bias.allSatisfy { abs($0) <= 0.1 } && bias.contains { $0 != 0 })
        // Glorot and He leave the bias at zero; the same seed gives the same weights.
        var r1 = SplitMix64(seed: 38), r2 = SplitMix64(seed: 38)
        let d1 = Dense(10, 5, initializer: .heNormal, rng: &r1), d2 = Dense(10, 5, initializer: .heNormal, rng: &r2)
        #expect(d1.bias!.value.toArray().allSatisfy { $0 == 0 })
        #expect(d1.weight.value.toArray() == d2.weight.value.toArray())
    }

    /// zeroGrad then two backward passes give the sum of the two gradients
    /// (zeroing is lazy, so check that it still behaves as zero-then-add),
    /// and a gradient read right after zeroGrad is zero.
    @Test func gradientsAccumulateAcrossBackwardPasses() {
        var rng = SplitMix64(seed: 39)
        let layers: [any Layer] = [
            Dense(4, 3, rng: &rng),
            Dense(4, 3, quantizer: ClosureQuantizer(forward: { tanh($0) }, derivative: { 1 - tanh($0) * tanh($0) }),
                  rng: &rng),
            BatchNorm(4),
            Conv2d(inChannels: 1, outChannels: 2, height: 2, width: 2, rng: &rng),
            BatchNorm2d(channels: 1, height: 2, width: 2),
        ]
        for layer in layers {
            layer.prepare(batch: 2)
            let x = randomTensor([2, layer.inputSize], rng: &rng)
            let g1 = randomTensor([2, layer.outputSize], rng: &rng)
            let g2 = randomTensor([2, layer.outputSize], rng: &rng)
            func grads(_ gs: [Tensor]) -> [[Float]] {
                _ = layer.forward(x, batch: 2)
                layer.zeroGrad()
                for g in gs { _ = layer.backward(g, batch: 2, needsInputGradient: false) }
                return layer.parameters.map { $0.grad.toArray() }
            }
            let (a, b, both) = (grads([g1]), grads([g2]), grads([g1, g2]))
            for k in a.indices {
                for i in a[k].indices {
                    #expect(isClose(Double(both[k][i]), Double(a[k][i] + b[k][i]), rtol: 1e-5, atol: 1e-6),
                            "\(layer.name) parameter \(k)[\(i)]")
                }
            }
            layer.zeroGrad()
            #expect(layer.parameters.allSatisfy { $0.grad.toArray().allSatisfy { $0 == 0 } }, "\(layer.name)")
        }
    }
}
