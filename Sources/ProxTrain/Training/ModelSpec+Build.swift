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
        case .cnn:
            guard let shape = imageShape else {
                throw Problem(message: "model cnn needs image data; \(dataName) has \(featureCount) plain features (use mlp:...)")
            }
            return Sequential.cnn(height: shape.height, width: shape.width, channels: shape.channels,
                                  classes: classes, binarized: binarize.flags(layers: 3), quantizer: quantizer, rng: &rng)
        }
    }
}
