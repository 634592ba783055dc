import Foundation
import ProxCore
import ProxTrain
import Testing
import TestHelpers

/// Finite-difference checks of every layer's backward pass (STYLE.md,
/// "Numerical tests"). Tolerances: `GradientTolerance` (h = 1e-2, relative
/// 1e-2, absolute 2e-3) unless a test says otherwise; inputs avoid kinks by
/// more than h.
@Suite struct LayersGradientTests {
    @Test(arguments: [true, false])
    func dense(bias: Bool) {
        var rng = SplitMix64(seed: 1)
        let layer = Dense(5, 4, bias: bias, initializer: .glorotUniform, rng: &rng)
        if let b = layer.bias { for i in 0..<b.count { b.value[i] = Float(i) * 0.1 - 0.2 } }
        let x = randomTensor([3, 5], rng: &rng)
        let bad = gradientCheck(layer, input: x, batch: 3, rng: &rng)
        #expect(bad.isEmpty, "\(bad)")
    }

    @Test func batchNormTraining() {
        var rng = SplitMix64(seed: 2)
        let layer = BatchNorm(4)
        for j in 0..<4 {
            layer.gamma.value[j] = 0.5 + Float(j) * 0.3
            layer.beta.value[j] = Float(j) * 0.1
        }
        let x = randomTensor([6, 4], scale: 2, rng: &rng)
        let bad = gradientCheck(layer, input: x, batch: 6, rng: &rng)
        #expect(bad.isEmpty, "\(bad)")
    }

    @Test func batchNormEvaluation() {
        var rng = SplitMix64(seed: 3)
        let layer = BatchNorm(3)
        for j in 0..<3 {
            layer.runningMean[j] = Float(j) * 0.2
            layer.runningVar[j] = 0.5 + Float(j)
            layer.gamma.value[j] = 1.5 - Float(j) * 0.4
        }
        layer.setTraining(false)
        let x = randomTensor([4, 3], rng: &rng)
        let bad = gradientCheck(layer, input: x, batch: 4, rng: &rng)
        #expect(bad.isEmpty, "\(bad)")
    }

    @Test func batchNorm2dTraining() {
        var rng = SplitMix64(seed: 4)
        // 5 x 3 = 15 values per channel: odd and beyond one SIMD vector of 16 only across examples.
        let layer = BatchNorm2d(channels: 2, height: 3, width: 5)
        layer.gamma.value[0] = 0.7
        layer.gamma.value[1] = 1.3
        layer.beta.value[1] = -0.4
        let x = randomTensor([3, 2, 3, 5], scale: 2, rng: &rng)
        let bad = gradientCheck(layer, input: x, batch: 3, rng: &rng)
        #expect(bad.isEmpty, "\(bad)")
    }

    @Test func batchNorm2dLargePlanes() {
        // 6 x 6 = 36 values per plane: exercises the SIMD reductions and their tails.
        var rng = SplitMix64(seed: 5)
        let layer = BatchNorm2d(channels: 2, height: 6, width: 6)
        let x = randomTensor([2, 2, 6, 6], scale: 2, rng: &rng)
        let bad = gradientCheck(layer, input: x, batch: 2, rng: &rng)
        #expect(bad.isEmpty, "\(bad)")
    }

    @Test func relu() {
        var rng = SplitMix64(seed: 6)
        let x = randomTensor([3, 7], avoiding: [0], gap: 0.05, rng: &rng)
        let bad = gradientCheck(ReLU(shape: [7]), input: x, batch: 3, rng: &rng)
        #expect(bad.isEmpty, "\(bad)")
    }

    @Test func hardtanh() {
        var rng = SplitMix64(seed: 7)
        let x = randomTensor([3, 8], scale: 2, avoiding: [-1, 1], gap: 0.05, rng: &rng)
        let bad = gradientCheck(Hardtanh(shape: [8]), input: x, batch: 3, rng: &rng)
        #expect(bad.isEmpty, "\(bad)")
    }

    @Test func identityAndFlatten() {
        var rng = SplitMix64(seed: 8)
        let x = randomTensor([2, 2, 3, 3], rng: &rng)
        #expect(gradientCheck(Identity(shape: [2, 3, 3]), input: x, batch: 2, rng: &rng).isEmpty)
        #expect(gradientCheck(Flatten(shape: [2, 3, 3]), input: x, batch: 2, rng: &rng).isEmpty)
    }

    @Test(arguments: [true, false])
    func conv2d(bias: Bool) {
        var rng = SplitMix64(seed: 9)
        let layer = Conv2d(inChannels: 2, outChannels: 3, height: 4, width: 5, bias: bias,
                           initializer: .heUniform, rng: &rng)
        if let b = layer.bias { for i in 0..<b.count { b.value[i] = Float(i) * 0.2 - 0.2 } }
        let x = randomTensor([2, 2, 4, 5], rng: &rng)
        let bad = gradientCheck(layer, input: x, batch: 2, rng: &rng)
        #expect(bad.isEmpty, "\(bad)")
    }

    @Test func maxPool() {
        // Distinct values 0.1 apart in random order: no window has a near-tie within h.
        var rng = SplitMix64(seed: 10)
        let count = 2 * 2 * 4 * 6
        var values = (0..<count).map { Float($0) * 0.1 - 4 }
        values.shuffle(using: &rng)
        let x = Tensor(shape: [2, 2, 4, 6], values: values)
        let bad = gradientCheck(MaxPool2x2(channels: 2, height: 4, width: 6), input: x, batch: 2,
                                tolerance: GradientTolerance(step: 1e-2), rng: &rng)
        #expect(bad.isEmpty, "\(bad)")
    }

    /// Odd sizes: the last row and column are dropped and get no gradient.
    @Test(arguments: [(4, 6), (5, 3)] as [(Int, Int)])
    func avgPool(height: Int, width: Int) {
        var rng = SplitMix64(seed: 16)
        let x = randomTensor([2, 3, height, width], rng: &rng)
        let bad = gradientCheck(AvgPool2x2(channels: 3, height: height, width: width), input: x, batch: 2, rng: &rng)
        #expect(bad.isEmpty, "\(bad)")
    }

    @Test func globalAvgPool() {
        var rng = SplitMix64(seed: 17)
        let x = randomTensor([3, 2, 3, 5], rng: &rng)
        let bad = gradientCheck(GlobalAvgPool(channels: 2, height: 3, width: 5), input: x, batch: 3, rng: &rng)
        #expect(bad.isEmpty, "\(bad)")
    }

    /// The residual add with both kinds of shortcut: the identity around
    /// ReLU -> conv3x3 -> batch norm, and a 1x1 convolution with batch norm
    /// where the width changes. Inputs keep clear of the ReLU's kink; the
    /// check covers the input and every parameter of both paths.
    @Test(arguments: [2, 3])
    func residual(outChannels: Int) {
        var rng = SplitMix64(seed: 18)
        let (c, h, w) = (2, 3, 4)
        let body: [any Layer] = [
            ReLU(shape: [c, h, w]),
            Conv2d(inChannels: c, outChannels: outChannels, height: h, width: w, bias: false, initializer: .uniform(0.8), rng: &rng),
            BatchNorm2d(channels: outChannels, height: h, width: w),
        ]
        let shortcut: [any Layer] = outChannels == c ? [] : [
            Conv2d(inChannels: c, outChannels: outChannels, height: h, width: w, kernel: 1, bias: false,
                   initializer: .uniform(0.8), rng: &rng),
            BatchNorm2d(channels: outChannels, height: h, width: w),
        ]
        let unit = Residual(body: body, shortcut: shortcut)
        #expect(unit.parameters.isEmpty && unit.leaves.count == body.count + shortcut.count)
        let x = randomTensor([3, c, h, w], scale: 2, avoiding: [0], gap: 0.05, rng: &rng)
        let bad = gradientCheck(unit, input: x, batch: 3, rng: &rng)
        #expect(bad.isEmpty, "\(bad)")
    }

    /// A 1x1 convolution with a bias: y = W x + b per pixel.
    @Test func conv1x1() {
        var rng = SplitMix64(seed: 19)
        let layer = Conv2d(inChannels: 3, outChannels: 2, height: 2, width: 3, kernel: 1, bias: true,
                           initializer: .uniform(1), rng: &rng)
        layer.bias!.value[1] = 0.3
        let x = randomTensor([2, 3, 2, 3], rng: &rng)
        let bad = gradientCheck(layer, input: x, batch: 2, rng: &rng)
        #expect(bad.isEmpty, "\(bad)")
    }

    @Test func softmaxCrossEntropy() {
        var rng = SplitMix64(seed: 11)
        let n = 4, k = 5
        let logits = randomTensor([n, k], scale: 3, rng: &rng)
        let labels: [Int32] = [0, 3, 4, 3]
        let loss = SoftmaxCrossEntropy(classes: k)
        loss.prepare(batch: n)
        _ = loss.forward(logits: logits, labels: labels, batch: n)
        let analytic = loss.gradLogits.toArray()
        let h: Float = 1e-2
        for i in 0..<(n * k) {
            let saved = logits[i]
            logits[i] = saved + h
            let lp = loss.forward(logits: logits, labels: labels, batch: n).loss
            logits[i] = saved - h
            let lm = loss.forward(logits: logits, labels: labels, batch: n).loss
            logits[i] = saved
            let numeric = (lp - lm) / (Double(saved + h) - Double(saved - h))
            #expect(isClose(Double(analytic[i]), numeric, rtol: 1e-2, atol: 1e-4), "logit \(i)")
        }
    }

    /// F = B = tanh: the quantized layer's backward pass B'(theta) * g_w is
    /// then the true gradient with respect to theta, so finite differences
    /// in theta check the whole chain.
    @Test func quantizedDenseSmoothPair() {
        var rng = SplitMix64(seed: 12)
        let q = ClosureQuantizer(forward: { tanh($0) }, derivative: { 1 - tanh($0) * tanh($0) })
        let layer = Dense(4, 3, bias: true, quantizer: q, initializer: .uniform(1.5), rng: &rng)
        let x = randomTensor([3, 4], rng: &rng)
        let bad = gradientCheck(layer, input: x, batch: 3, rng: &rng)
        #expect(bad.isEmpty, "\(bad)")
    }

    /// An activation quantizer with F = B = tanh is a true tanh layer.
    @Test func quantizedActivationSmoothPair() {
        var rng = SplitMix64(seed: 15)
        let q = ClosureQuantizer(forward: { tanh($0) }, derivative: { 1 - tanh($0) * tanh($0) })
        let x = randomTensor([3, 5], scale: 2, rng: &rng)
        let bad = gradientCheck(QuantizedActivation(shape: [5], quantizer: q), input: x, batch: 3, rng: &rng)
        #expect(bad.isEmpty, "\(bad)")
    }

    @Test func quantizedConvSmoothPair() {
        var rng = SplitMix64(seed: 13)
        let q = ClosureQuantizer(forward: { tanh($0) }, derivative: { 1 - tanh($0) * tanh($0) })
        let layer = Conv2d(inChannels: 2, outChannels: 2, height: 3, width: 4, bias: false, quantizer: q,
                           initializer: .uniform(1), rng: &rng)
        let x = randomTensor([2, 2, 3, 4], rng: &rng)
        let bad = gradientCheck(layer, input: x, batch: 2, rng: &rng)
        #expect(bad.isEmpty, "\(bad)")
    }

    /// F = tanh(2 theta), B = tanh: g_theta is B'(theta) * g_w by definition
    /// (not the gradient of the loss in theta), so check g_w against finite
    /// differences of a full-precision layer holding w = F(theta), then
    /// g_theta = B'(theta) * g_w entry by entry.
    @Test func quantizedDenseAppliesBPrimeToGw() {
        var rng = SplitMix64(seed: 14)
        let q = ClosureQuantizer(forward: { tanh(2 * $0) }, derivative: { 1 - tanh($0) * tanh($0) })
        let layer = Dense(4, 3, bias: false, quantizer: q, initializer: .uniform(1), rng: &rng)
        var rngCopy = rng
        let plain = Dense(4, 3, bias: false, initializer: .uniform(1), rng: &rngCopy)
        let theta = layer.weight.value
        for i in 0..<theta.count { plain.weight.value[i] = tanh(2 * theta[i]) }
        let x = randomTensor([3, 4], rng: &rng)
        var checkRng = SplitMix64(seed: 99)
        let bad = gradientCheck(plain, input: x, batch: 3, rng: &checkRng)
        #expect(bad.isEmpty, "g_w check: \(bad)")

        // The same upstream gradient through the quantized layer.
        var again = SplitMix64(seed: 99)
        let r = (0..<9).map { _ in 2 * again.nextUnitFloat() - 1 }
        let gy = Tensor(shape: [3, 3], values: r)
        for l in [layer, plain] {
            l.prepare(batch: 3)
            _ = l.forward(x, batch: 3)
            l.zeroGrad()
            _ = l.backward(gy, batch: 3, needsInputGradient: true)
        }
        let gw = layer.quantizedWeights!.gradEffective
        for i in 0..<theta.count {
            #expect(isClose(Double(gw[i]), Double(plain.weight.grad[i]), rtol: 1e-6, atol: 1e-7))
            let expected = (1 - tanh(theta[i]) * tanh(theta[i])) * gw[i]
            #expect(isClose(Double(layer.weight.grad[i]), Double(expected), rtol: 1e-6, atol: 1e-7))
        }
        #expect(layer.gradInput.toArray().prefix(12) == plain.gradInput.toArray().prefix(12))
    }
}
