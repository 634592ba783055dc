import ProxCore

extension ModelSpec {
    /// The network this spec names, for data of `featureCount` features
    /// (images of `imageShape` when the data are images) and `classes`
    /// classes: the one place a spec becomes layers, for the trainer and
    /// the benchmarks.
    public func build(featureCount: Int, imageShape: ImageShape?, classes: Int, binarize: BinarizePolicy,
                      quantizer: any WeightQuantizer, activationQuantizer: (any WeightQuantizer)? = nil,
                      dataName: String, rng: inout SplitMix64) throws(Problem) -> Sequential {
        switch self {
        case .mlp(let hidden, let activation):
            let sizes = [featureCount] + hidden + [classes]
            return Sequential.mlp(sizes: sizes, activation: activation, binarized: binarize.flags(layers: sizes.count - 1),
                                  quantizer: quantizer, activationQuantizer: activationQuantizer, rng: &rng)
        case .cnn(let activation):
            guard let shape = imageShape else { throw imagesNeeded(dataName, featureCount) }
            return Sequential.cnn(height: shape.height, width: shape.width, channels: shape.channels,
                                  classes: classes, activation: activation, binarized: binarize.flags(layers: 3),
                                  quantizer: quantizer, activationQuantizer: activationQuantizer, rng: &rng)
        case .resnet(let widths):
            guard let shape = imageShape else { throw imagesNeeded(dataName, featureCount) }
            let side = min(shape.height, shape.width) >> (widths.count - 1)
            guard side >= 1 else {
                throw Problem(message: "model \(self): \(widths.count) stages halve \(shape.height)x\(shape.width) images to nothing; use at most \(Self.stages(fitting: shape))")
            }
            // The stem and the classifier are full precision by design, so the
            // policy's first and last layers are already kept: only `none` changes the network.
            return Sequential.resnet(height: shape.height, width: shape.width, channels: shape.channels, classes: classes,
                                     widths: widths, binarized: binarize != .none, quantizer: quantizer,
                                     activationQuantizer: activationQuantizer, rng: &rng)
        }
    }
}

extension ModelSpec {
    private func imagesNeeded(_ dataName: String, _ featureCount: Int) -> Problem {
        Problem(message: "model \(self) needs image data; \(dataName) has \(featureCount) plain features (use mlp:...)")
    }

    /// The most stages of `resnet` whose 2x2 poolings leave at least one pixel.
    static func stages(fitting shape: ImageShape) -> Int {
        var (side, stages) = (min(shape.height, shape.width), 1)
        while side >= 2 { side /= 2; stages += 1 }
        return stages
    }
}
