import Foundation
import ProxCore
import ProxTrain
import Testing
import TestHelpers

@Suite struct ModelTests {
    @Test func referenceMLPStructure() {
        var rng = SplitMix64(seed: 41)
        let model = Sequential.mlp(sizes: [784, 512, 512, 10], quantizer: SignQuantizer(), rng: &rng)
        #expect(model.layers.map(\.name) == [
            "dense 784->512 (binary)", "batchnorm 512", "relu",
            "dense 512->512 (binary)", "batchnorm 512", "relu",
            "dense 512->10 (binary)",
        ])
        // Bias only on the classifier; every Dense binarized, classifier included.
        let dense = model.layers.compactMap { $0 as? Dense }
        #expect(dense.map { $0.bias != nil } == [false, false, true])
        #expect(model.quantizedLayers.map(\.index) == [0, 3, 6])
        #expect(model.parameters.count == 3 + 2 * 2 + 1)
        #expect(model.inputSize == 784 && model.classes == 10)

        // Memory (docs/THEORY.md section 7): binary weights 1 bit, everything else 32.
        let table = model.memoryTable
        #expect(table.map(\.parameters) == [784 * 512, 4 * 512, 512 * 512, 4 * 512, 512 * 10 + 10])
        #expect(table.map(\.binarized) == [784 * 512, 0, 512 * 512, 0, 512 * 10])
        #expect(table[4].deployedBits == 5120 + 10 * 32)
        let total = model.memoryTotal
        #expect(total.fp32Bits == 32 * (401_408 + 2048 + 262_144 + 2048 + 5130))
        #expect(total.binarized == 401_408 + 262_144 + 5120)
        #expect(total.compression > 20)
    }

    @Test func perLayerFlagsKeepFirstLayerFullPrecision() {
        var rng = SplitMix64(seed: 42)
        let model = Sequential.mlp(sizes: [2, 8, 8, 2], batchNorm: false, activation: .hardtanh,
                                   binarized: [false, true, true], quantizer: SignQuantizer(), rng: &rng)
        #expect(model.layers.map(\.name) == ["dense 2->8", "hardtanh", "dense 8->8 (binary)", "hardtanh",
                                             "dense 8->2 (binary)"])
        #expect(model.layers.compactMap { ($0 as? Dense)?.bias }.count == 3)
    }

    @Test func cnnShapes() {
        var rng = SplitMix64(seed: 43)
        let model = Sequential.cnn(quantizer: SignQuantizer(), rng: &rng)
        #expect(model.inputShape == [1, 28, 28])
        #expect(model.layers.map(\.outputShape).last == [10])
        #expect(model.layers.map(\.name).first == "conv3x3 1->16 (binary)")
        model.prepare(batch: 3)
        let x = randomTensor([3, 1, 28, 28], rng: &rng)
        let logits = model.forward(x, batch: 3)
        let finite = logits.toArray().prefix(30).allSatisfy { $0.isFinite }
        #expect(finite)
        let loss = SoftmaxCrossEntropy(classes: 10)
        loss.prepare(batch: 3)
        let opt = Adam(parameters: model.parameters)
        let (value, _) = model.trainStep(input: x, labels: [1, 2, 3],
                                         batch: 3, loss: loss, optimizer: opt)
        #expect(value.isFinite)
    }

    /// A step runs each batch norm and the ReLU after it as one fused layer;
    /// the layer list stays as built. The fused pair computes exactly what
    /// the two layers compute one after the other, forward and backward.
    @Test func batchNormAndReLUAreFusedForTheStep() {
        var rng = SplitMix64(seed: 48)
        let model = Sequential.mlp(sizes: [6, 5, 3], quantizer: SignQuantizer(), rng: &rng)
        #expect(model.layers.map(\.name) == ["dense 6->5 (binary)", "batchnorm 5", "relu", "dense 5->3 (binary)"])
        #expect(model.steps.map(\.name) == ["dense 6->5 (binary)", "batchnorm 5 + relu", "dense 5->3 (binary)"])
        let x = randomTensor([4, 6], rng: &rng)
        model.prepare(batch: 4)
        let fused = model.steps[1].forward(model.steps[0].forward(x, batch: 4), batch: 4).toArray()
        let gy = randomTensor([4, 5], rng: &rng)
        model.zeroGrad()
        let fusedDx = model.steps[1].backward(gy, batch: 4, needsInputGradient: true)!.toArray()
        let fusedGrads = model.parameters[1...2].map { $0.grad.toArray() }
        // The same two layers on their own.
        let (norm, relu) = (model.layers[1], model.layers[2])
        norm.prepare(batch: 4)
        relu.prepare(batch: 4)
        let separate = relu.forward(norm.forward(model.steps[0].forward(x, batch: 4), batch: 4), batch: 4).toArray()
        norm.zeroGrad()
        let separateDx = norm.backward(relu.backward(gy, batch: 4, needsInputGradient: true)!, batch: 4,
                                       needsInputGradient: true)!.toArray()
        #expect(bitDifference(Array(fused.prefix(20)), Array(separate.prefix(20))) == nil)
        #expect(bitDifference(Array(fusedDx.prefix(20)), Array(separateDx.prefix(20))) == nil)
        #expect(fusedGrads == model.parameters[1...2].map { $0.grad.toArray() })
        #expect(fused.contains(0) && fused.contains { $0 > 0 })
    }

    /// The whole chain (Sequential.backward over Dense, BatchNorm, an
    /// activation, a quantized Dense with F = B = tanh, cross-entropy) against
    /// finite differences of the loss in every parameter. Tolerance: relative
    /// 2e-2, absolute 1e-4 (loss of order 1, h = 1e-2).
    @Test func mlpGradientCheck() {
        var rng = SplitMix64(seed: 44)
        let q = ClosureQuantizer(forward: { tanh($0) }, derivative: { 1 - tanh($0) * tanh($0) })
        let model = Sequential.mlp(sizes: [3, 5, 4], activation: .identity, binarized: [true, false],
                                   quantizer: q, initializer: .uniform(1), rng: &rng)
        let x = randomTensor([6, 3], rng: &rng)
        let labels: [Int32] = [0, 1, 2, 3, 1, 0]
        let bad = modelGradientCheck(model, input: x, labels: labels, batch: 6)
        #expect(bad.isEmpty, "\(bad)")
    }

    /// The CNN path end to end: conv (quantized, tanh pair), BatchNorm2d,
    /// ReLU, max-pool, flatten, Dense. Inputs are seeded; a kink crossing
    /// would show up as a single large mismatch.
    @Test func cnnGradientCheck() {
        var rng = SplitMix64(seed: 45)
        let q = ClosureQuantizer(forward: { tanh($0) }, derivative: { 1 - tanh($0) * tanh($0) })
        let model = Sequential.cnn(height: 4, width: 4, channels: 2, classes: 3, widths: [3],
                                   binarized: [true, false], quantizer: q, initializer: .uniform(0.8), rng: &rng)
        let x = randomTensor([3, 2, 4, 4], rng: &rng)
        let bad = modelGradientCheck(model, input: x, labels: [0, 2, 1], batch: 3, step: 1e-3)
        #expect(bad.isEmpty, "\(bad)")
    }

    /// The residual network's layer order, its sub-layers and its memory
    /// rows: binarized 3x3 convolutions in the units only, the stem, the
    /// 1x1 shortcuts and the classifier in full precision.
    @Test func resnetStructure() throws {
        var rng = SplitMix64(seed: 49)
        let model = Sequential.resnet(quantizer: SignQuantizer(), rng: &rng)
        #expect(model.layers.map(\.name) == [
            "conv3x3 1->16", "batchnorm2d 16",
            "residual (conv3x3 16->16 (binary))", "residual (conv3x3 16->16 (binary))", "avgpool 2x2",
            "residual (conv3x3 16->32 (binary); shortcut conv1x1 16->32)", "residual (conv3x3 32->32 (binary))", "avgpool 2x2",
            "residual (conv3x3 32->64 (binary); shortcut conv1x1 32->64)", "residual (conv3x3 64->64 (binary))",
            "relu", "global avgpool", "dense 64->10",
        ])
        let unit = try #require(model.layers[5] as? Residual)
        #expect(unit.body.map(\.name) == ["relu", "conv3x3 16->32 (binary)", "batchnorm2d 32"])
        #expect(unit.shortcut.map(\.name) == ["conv1x1 16->32", "batchnorm2d 32"])
        #expect(model.layers.last?.outputShape == [10] && model.layers[8].inputShape == [32, 7, 7])
        let table = model.memoryTable
        let binarized: Int = 9 * (2 * 16 * 16 + 16 * 32 + 32 * 32 + 32 * 64 + 64 * 64)
        #expect(table.map(\.binarized).reduce(0, +) == binarized)
        #expect(table.filter { $0.binarized > 0 }.allSatisfy { $0.name.hasPrefix("conv3x3") && $0.name.hasSuffix("(binary)") })
        #expect(table.first?.name == "conv3x3 1->16" && table.last?.parameters == 64 * 10 + 10)
        #expect(model.quantizedLayers.count == 6 && model.quantizedLayers.map(\.index) == [2, 3, 5, 6, 8, 9])
        #expect(model.parameters.count == table.count * 2 - table.filter { $0.name.hasPrefix("conv") }.count)
        // Checkpoint names are PyTorch's for bench/torch_resnet.py's modules.
        let names = ModelTensors.parameterNames(model)
        #expect(names.count == model.parameters.count && Set(names).count == names.count)
        #expect(names.prefix(3) == ["0.weight", "1.weight", "1.bias"] && names.last == "12.bias")
        #expect(names.contains("2.body.1.weight") && names.contains("5.shortcut.0.weight") && names.contains("5.shortcut.1.bias"))
        #expect(ModelTensors.named(model).contains { $0.name == "9.body.2.running_var" })
        #expect(ModelSpec.resnet(widths: ModelSpec.resnetWidths).memoryTable(
            features: 784, classes: 10, image: ImageShape(channels: 1, height: 28, width: 28), binarize: .all) == table)
    }

    /// The residual network end to end (stem, a unit with the identity
    /// shortcut, average pooling, a unit with a 1x1 shortcut, global pooling,
    /// classifier; binarized convolutions with F = B = tanh) against finite
    /// differences of the loss in every parameter.
    @Test func resnetGradientCheck() {
        var rng = SplitMix64(seed: 50)
        let q = ClosureQuantizer(forward: { tanh($0) }, derivative: { 1 - tanh($0) * tanh($0) })
        let model = Sequential.resnet(height: 4, width: 4, channels: 1, classes: 3, widths: [2, 3], units: 1,
                                      quantizer: q, initializer: .uniform(0.8), rng: &rng)
        let x = randomTensor([3, 1, 4, 4], rng: &rng)
        let bad = modelGradientCheck(model, input: x, labels: [0, 2, 1], batch: 3, step: 1e-3)
        #expect(bad.isEmpty, "\(bad)")
    }

    /// Four quadrant classes in 2-D: a binarized MLP (first layer full
    /// precision) must learn them; deploy accuracy uses sign(theta) and the
    /// modes come back afterwards.
    @Test func trainingReducesLossAndDeploys() {
        var rng = SplitMix64(seed: 46)
        let n = 200
        let x = Tensor(shape: [n, 2])
        var labels = [Int32](repeating: 0, count: n)
        for i in 0..<n {
            let (a, b) = (2 * rng.nextUnitFloat() - 1, 2 * rng.nextUnitFloat() - 1)
            x[i, 0] = a
            x[i, 1] = b
            labels[i] = Int32((a >= 0 ? 1 : 0) + (b >= 0 ? 2 : 0))
        }
        let model = Sequential.mlp(sizes: [2, 32, 32, 4], binarized: [false, true, true],
                                   quantizer: SignQuantizer(backward: .identity, clip: 1), rng: &rng)
        model.prepare(batch: n)
        let loss = SoftmaxCrossEntropy(classes: 4)
        loss.prepare(batch: n)
        let opt = Adam(parameters: model.parameters, learningRate: 0.01)
        let first = labels.withUnsafeBufferPointer {
            model.trainStep(input: x, labels: $0, batch: n, loss: loss, optimizer: opt).loss
        }
        var last = first
        for _ in 0..<150 {
            last = labels.withUnsafeBufferPointer {
                model.trainStep(input: x, labels: $0, batch: n, loss: loss, optimizer: opt).loss
            }
        }
        #expect(last < first / 2, "loss \(first) -> \(last)")
        let latent = model.quantizedLayers[0].weights.latent.value.toArray()
        #expect(latent.allSatisfy { abs($0) <= 1 })
        let deployed = labels.withUnsafeBufferPointer { y in
            model.evaluating(weights: .deploy) { model.countCorrect(input: x, labels: y, batch: n) }
        }
        let forward = labels.withUnsafeBufferPointer { y in
            model.evaluating { model.countCorrect(input: x, labels: y, batch: n) }
        }
        #expect(Double(forward) / Double(n) > 0.9, "forward accuracy \(forward)/\(n)")
        #expect(Double(deployed) / Double(n) > 0.9, "deploy accuracy \(deployed)/\(n)")
        #expect(model.isTraining && model.weightMode == .forward)
    }

    @Test func sameSeedSameRun() {
        func run() -> [Float] {
            var rng = SplitMix64(seed: 47)
            let model = Sequential.mlp(sizes: [4, 8, 3], quantizer: SignQuantizer(), rng: &rng)
            let x = randomTensor([10, 4], rng: &rng)
            model.prepare(batch: 10)
            let loss = SoftmaxCrossEntropy(classes: 3)
            loss.prepare(batch: 10)
            let opt = Adam(parameters: model.parameters)
            let labels: [Int32] = (0..<10).map { Int32($0 % 3) }
            for _ in 0..<5 {
                labels.withUnsafeBufferPointer { _ = model.trainStep(input: x, labels: $0, batch: 10, loss: loss, optimizer: opt) }
            }
            return model.parameters.flatMap { $0.value.toArray() }
        }
        #expect(run() == run())
    }
}

/// Finite differences of the cross-entropy loss in every parameter of a
/// model (training mode), against `Sequential.backward`.
func modelGradientCheck(_ model: Sequential, input: Tensor, labels: [Int32], batch: Int,
                        step h: Float = 1e-2, rtol: Double = 2e-2, atol: Double = 1e-4) -> [GradientMismatch] {
    model.prepare(batch: batch)
    let loss = SoftmaxCrossEntropy(classes: model.classes)
    loss.prepare(batch: batch)
    func value() -> Double { loss.forward(logits: model.forward(input, batch: batch), labels: labels, batch: batch).loss }
    _ = value()
    model.zeroGrad()
    model.backward(loss.gradLogits, batch: batch)
    var bad: [GradientMismatch] = []
    for (k, p) in model.parameters.enumerated() {
        let analytic = p.grad.toArray()
        for i in 0..<p.count {
            let saved = p.value[i]
            p.value[i] = saved + h
            let lp = value()
            p.value[i] = saved - h
            let lm = value()
            p.value[i] = saved
            let numeric = (lp - lm) / (Double(saved + h) - Double(saved - h))
            if !isClose(Double(analytic[i]), numeric, rtol: rtol, atol: atol) {
                bad.append(GradientMismatch(what: "parameter \(k) \(p.name)", index: i,
                                            analytic: Double(analytic[i]), numeric: numeric))
            }
        }
    }
    return bad
}
