import ProxCore
import ProxDeploy
import ProxTrain
import Testing

/// A trained network and its deployed form give the same numbers: the
/// deployed network evaluated with sign weights and binary inputs, exactly.
@Suite struct DeployConverterTests {
    /// Non-trivial evaluation statistics in every batch norm (negative gammas included).
    static func randomizeNorms(_ model: Sequential, rng: inout SplitMix64) {
        for layer in model.layers {
            let (gamma, beta, mean, variance): (Tensor, Tensor, Tensor, Tensor)
            if let b = layer as? BatchNorm { (gamma, beta, mean, variance) = (b.gamma.value, b.beta.value, b.runningMean, b.runningVar) }
            else if let b = layer as? BatchNorm2d { (gamma, beta, mean, variance) = (b.gamma.value, b.beta.value, b.runningMean, b.runningVar) }
            else { continue }
            for j in 0..<gamma.count {
                gamma[j] = (j % 5 == 1 ? -1 : 1) * (0.2 + rng.nextUnitFloat())
                beta[j] = rng.nextUnitFloat() - 0.5
                mean[j] = 4 * rng.nextUnitFloat() - 2
                variance[j] = 0.5 + 10 * rng.nextUnitFloat()
            }
        }
    }

    /// The trained network's logits in deploy mode and the deployed network's, for random inputs.
    static func compare(_ model: Sequential, batch n: Int, rng: inout SplitMix64, form: PopcountForm = .best,
                        team: Int = 1) throws -> (trained: [Float], deployed: [Float], model: DeployedModel) {
        let x = Tensor(shape: [n, model.inputSize])
        for i in 0..<x.count { x[i] = 2 * rng.nextUnitFloat() - 1 }
        model.prepare(batch: n)
        let trained = model.evaluating(weights: .deploy) { model.forward(x, batch: n).toArray() }
        let deployed = try DeployConverter.convert(model)
        let net = DeployedNetwork(deployed, form: form)
        net.team = Team(size: team)
        net.prepare(batch: n)
        let logits = net.forward(x, batch: n).toArray()
        return (Array(trained[0..<(n * model.classes)]), Array(logits[0..<(n * model.classes)]), deployed)
    }

    /// Full-precision first and last layer, binary between: the preset's shape.
    @Test(arguments: PopcountForm.supported)
    func binaryMLPBetweenFloatLayersGivesTheSameLogits(form: PopcountForm) throws {
        var rng = SplitMix64(seed: 21)
        let model = Sequential.mlp(sizes: [50, 70, 65, 10], activation: .hardtanh, binarized: [false, true, true],
                                   quantizer: SignQuantizer(), activationQuantizer: SignQuantizer(), rng: &rng)
        model.layers.compactMap { $0 as? Dense }.last!.bias!.value.fill(0.25)
        Self.randomizeNorms(model, rng: &rng)
        let (trained, deployed, description) = try Self.compare(model, batch: 37, rng: &rng, form: form)
        #expect(mismatch(trained, deployed) == nil, "\(mismatch(trained, deployed)!)")
        let kinds = description.steps.map(\.layer.name)
        #expect(kinds == ["dense 50->70", "batchnorm 70", "hardtanh", "sign 70", "xnor dense 70->65 + threshold",
                          "unpack 65", "dense 65->10 (sign weights)"], "\(kinds)")
    }

    /// Every layer binarized: the first computes in float with sign weights.
    @Test func fullyBinarizedMLPGivesTheSameLogits() throws {
        var rng = SplitMix64(seed: 22)
        let model = Sequential.mlp(sizes: [30, 40, 10], activation: .identity, quantizer: SignQuantizer(),
                                   activationQuantizer: SignQuantizer(), rng: &rng)
        Self.randomizeNorms(model, rng: &rng)
        let (trained, deployed, description) = try Self.compare(model, batch: 20, rng: &rng)
        #expect(mismatch(trained, deployed) == nil, "\(mismatch(trained, deployed)!)")
        #expect(description.steps.first?.layer.name == "dense 30->40 (sign weights)")
    }

    /// A CNN with binary inputs from the second convolution on: thresholds
    /// with border patterns, pooled signs, flattened signs into a binary
    /// classifier whose columns are permuted from NCHW.
    @Test(arguments: PopcountForm.supported)
    func binaryCNNGivesTheSameLogits(form: PopcountForm) throws {
        var rng = SplitMix64(seed: 23)
        let sign = SignQuantizer()
        let model = Sequential([
            Conv2d(inChannels: 1, outChannels: 8, height: 10, width: 10, bias: false, rng: &rng),
            BatchNorm2d(channels: 8, height: 10, width: 10), Hardtanh(shape: [8, 10, 10]),
            MaxPool2x2(channels: 8, height: 10, width: 10), QuantizedActivation(shape: [8, 5, 5], quantizer: sign),
            Conv2d(inChannels: 8, outChannels: 70, height: 5, width: 5, bias: false, quantizer: sign, rng: &rng),
            BatchNorm2d(channels: 70, height: 5, width: 5), Hardtanh(shape: [70, 5, 5]),
            MaxPool2x2(channels: 70, height: 5, width: 5), QuantizedActivation(shape: [70, 2, 2], quantizer: sign),
            Flatten(shape: [70, 2, 2]), Dense(280, 10, bias: false, quantizer: sign, rng: &rng),
        ])
        Self.randomizeNorms(model, rng: &rng)
        let (trained, deployed, description) = try Self.compare(model, batch: 6, rng: &rng, form: form)
        #expect(mismatch(trained, deployed) == nil, "\(mismatch(trained, deployed)!)")
        // On a team of 3, the float convolution shared by tiles of examples: the same bits.
        var again = SplitMix64(seed: 99)
        let (trained3, deployed3, _) = try Self.compare(model, batch: 6, rng: &again, form: form, team: 3)
        #expect(mismatch(trained3, deployed3) == nil, "a team of 3: \(mismatch(trained3, deployed3)!)")
        #expect(description.steps.map(\.layer.name).contains("xnor conv3x3 8->70 + threshold"))
        #expect(description.steps.map(\.layer.name).contains("flatten (signs)"))
    }

    /// A binary convolution whose output feeds float layers: y with the border
    /// correction, for pixels of one word and of several (the two unfoldings).
    /// Without a bias: one would keep the layer in float (`BinaryOutput.values`).
    @Test(arguments: [5, 70])
    func binaryConvolutionValuesIncludeTheBorderCorrection(channels: Int) throws {
        var rng = SplitMix64(seed: 24)
        let sign = SignQuantizer()
        let model = Sequential([
            QuantizedActivation(shape: [channels, 4, 7], quantizer: sign),
            Conv2d(inChannels: channels, outChannels: 9, height: 4, width: 7, bias: false, quantizer: sign, rng: &rng),
        ])
        let (trained, deployed, model2) = try Self.compare(model, batch: 3, rng: &rng)
        #expect(mismatch(trained, deployed) == nil, "\(mismatch(trained, deployed)!)")
        #expect(model2.steps.map(\.layer.name) == ["sign \(channels)x4x7", "xnor conv3x3 \(channels)->9"])
    }

    @Test func aLayerWithoutADeployedFormIsNamed() {
        final class Odd: Layer {
            let inputShape = [4], outputShape = [4], name = "odd layer"
            func prepare(batch: Int) {}
            func forward(_ input: Tensor, batch: Int, part: TeamPart) -> Tensor { input }
            func backward(_ g: Tensor, batch: Int, needsInputGradient: Bool, part: TeamPart) -> Tensor? { nil }
        }
        var rng = SplitMix64(seed: 1)
        let model = Sequential([Dense(4, 4, rng: &rng), Odd()])
        #expect(throws: DeployError.self) { try DeployConverter.convert(model) }
        do { _ = try DeployConverter.convert(model) } catch {
            #expect(error.message == "cannot deploy odd layer (layer 2): no deployed form for it")
        }
    }
}
