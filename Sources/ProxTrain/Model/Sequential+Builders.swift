import ProxCore

/// The two model families of the workbench: an MLP and a small CNN.
extension Sequential {
    /// A multilayer perceptron, the reference model of shared/bench/torch_reference.py.
    ///
    /// Each hidden layer is Dense -> BatchNorm -> activation (-> activation
    /// quantizer when given); the last Dense is the classifier. With batch
    /// norm the hidden Dense layers have no bias (BatchNorm's beta replaces
    /// it) and only the classifier has one, as in the reference; without batch
    /// norm every Dense has a bias.
    ///
    /// - Parameters:
    ///   - sizes: input, hidden..., classes, e.g. [784, 512, 512, 10].
    ///   - binarized: one flag per Dense layer (sizes.count - 1); nil means
    ///     every Dense layer, classifier included, when a quantizer is given.
    ///   - quantizer: the pair the binarized layers share.
    ///   - activationQuantizer: a pair applied after each hidden activation (BNN-style sign
    ///     activations): the input quantizer of every layer but the first, in Larq's terms.
    ///
    ///     var rng = SplitMix64(seed: 0)
    ///     let model = Sequential.mlp(sizes: [784, 512, 512, 10], quantizer: SignQuantizer(), rng: &rng)
    public static func mlp(sizes: [Int], batchNorm: Bool = true, activation: Activation = .relu,
                           binarized: [Bool]? = nil, quantizer: (any WeightQuantizer)? = nil,
                           activationQuantizer: (any WeightQuantizer)? = nil,
                           initializer: Initializer = .torchDefault, rng: inout SplitMix64) -> Sequential {
        precondition(sizes.count >= 2, "an MLP needs an input size and a class count")
        let denseCount = sizes.count - 1
        let flags = binarized ?? Array(repeating: quantizer != nil, count: denseCount)
        precondition(flags.count == denseCount, "\(flags.count) binarized flags for \(denseCount) dense layers")
        precondition(quantizer != nil || !flags.contains(true), "binarized layers need a quantizer")
        var layers: [any Layer] = []
        for i in 0..<denseCount {
            let last = i == denseCount - 1
            let (fanIn, fanOut) = (sizes[i], sizes[i + 1])
            layers.append(Dense(fanIn, fanOut, bias: last || !batchNorm,
                                quantizer: flags[i] ? quantizer : nil, initializer: initializer, rng: &rng))
            if last { break }
            if batchNorm { layers.append(BatchNorm(fanOut)) }
            layers.append(activation.layer(shape: [fanOut]))
            if let activationQuantizer {
                layers.append(QuantizedActivation(shape: [fanOut], quantizer: activationQuantizer))
            }
        }
        return Sequential(layers)
    }

    /// A small CNN for single-channel images (28x28 for Fashion-MNIST):
    /// for each width, conv3x3 -> BatchNorm2d -> activation (ReLU) -> maxpool
    /// 2x2 (-> activation quantizer when given, the input quantizer of the next
    /// layer); then flatten and a Dense classifier.
    ///
    /// With the defaults: conv 1->16 (28x28), pool to 14x14, conv 16->32, pool
    /// to 7x7, flatten 1568, dense 1568->10. The convolutions have no bias
    /// (BatchNorm follows); the classifier has one. Images with more than
    /// one channel are first reordered channel-major (`ImageLayout`).
    ///
    /// - Parameter binarized: one flag per weight layer (widths.count convolutions
    ///   then the classifier); nil means all of them when a quantizer is given.
    public static func cnn(height: Int = 28, width: Int = 28, channels: Int = 1, classes: Int = 10,
                           widths: [Int] = [16, 32], activation: Activation = .relu, binarized: [Bool]? = nil,
                           quantizer: (any WeightQuantizer)? = nil, activationQuantizer: (any WeightQuantizer)? = nil,
                           initializer: Initializer = .torchDefault, rng: inout SplitMix64) -> Sequential {
        let weightLayers = widths.count + 1
        let flags = binarized ?? Array(repeating: quantizer != nil, count: weightLayers)
        precondition(flags.count == weightLayers, "\(flags.count) binarized flags for \(weightLayers) weight layers")
        precondition(quantizer != nil || !flags.contains(true), "binarized layers need a quantizer")
        var layers: [any Layer] = channels > 1 ? [ChannelMajor(shape: [channels, height, width])] : []
        var (c, h, w) = (channels, height, width)
        for (i, out) in widths.enumerated() {
            layers.append(Conv2d(inChannels: c, outChannels: out, height: h, width: w, bias: false,
                                 quantizer: flags[i] ? quantizer : nil, initializer: initializer, rng: &rng))
            layers.append(BatchNorm2d(channels: out, height: h, width: w))
            layers.append(activation.layer(shape: [out, h, w]))
            layers.append(MaxPool2x2(channels: out, height: h, width: w))
            (c, h, w) = (out, h / 2, w / 2)
            if let activationQuantizer { layers.append(QuantizedActivation(shape: [c, h, w], quantizer: activationQuantizer)) }
        }
        layers.append(Flatten(shape: [c, h, w]))
        layers.append(Dense(c * h * w, classes, bias: true, quantizer: flags[widths.count] ? quantizer : nil,
                            initializer: initializer, rng: &rng))
        return Sequential(layers)
    }
}
