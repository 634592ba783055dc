import ProxCore

/// The residual binary CNN, the family of the ProxConnect++ paper's CNN
/// experiments at Fashion-MNIST scale.
extension Sequential {
    /// Residual units per stage of `resnet`.
    public static let resnetUnitsPerStage = 2

    /// A residual CNN in the Bi-Real Net form (Liu et al. 2018): a
    /// full-precision stem, stages of binarized 3x3 convolutions each with
    /// batch norm and an identity shortcut around it, 2x2 average pooling
    /// between stages with a full-precision 1x1 convolution (and batch norm)
    /// on the shortcut where the width changes, then global average pooling
    /// and a full-precision classifier. In layer order (`resnet:16,32,64`):
    ///
    ///     conv3x3 1->16, batchnorm2d 16                                   the stem
    ///     residual [relu, conv3x3 16->16 (binary), batchnorm2d 16] x 2   stage 1, 28x28
    ///     avgpool 2x2
    ///     residual [relu, conv3x3 16->32 (binary), batchnorm2d 32] + [conv1x1 16->32, batchnorm2d 32]
    ///     residual [relu, conv3x3 32->32 (binary), batchnorm2d 32]       stage 2, 14x14
    ///     avgpool 2x2, the same for 64                                    stage 3, 7x7
    ///     relu, global avgpool, dense 64->10
    ///
    /// Without an activation quantizer the body starts with a ReLU, so the
    /// network is not linear between its signs; with one (BNN-style binary
    /// activations) the body starts with it instead, and each binarized
    /// convolution sees signs, Bi-Real's x + BN(conv(sign(x))). No
    /// convolution has a bias (batch norm follows each); the classifier has
    /// one. Initialization: `initializer` for every weight, in layer order
    /// (the stem, each unit's 3x3 then its shortcut's 1x1, the classifier).
    ///
    /// - Parameter binarized: whether the units' 3x3 convolutions are binarized;
    ///   the stem, the 1x1 shortcuts and the classifier are always full precision.
    public static func resnet(height: Int = 28, width: Int = 28, channels: Int = 1, classes: Int = 10,
                              widths: [Int] = ModelSpec.resnetWidths, units: Int = resnetUnitsPerStage,
                              binarized: Bool = true, quantizer: (any WeightQuantizer)? = nil,
                              activationQuantizer: (any WeightQuantizer)? = nil,
                              initializer: Initializer = .torchDefault, rng: inout SplitMix64) -> Sequential {
        precondition(!widths.isEmpty && units >= 1, "a residual network needs a stage and a unit")
        precondition(quantizer != nil || !binarized, "binarized layers need a quantizer")
        var layers: [any Layer] = channels > 1 ? [ChannelMajor(shape: [channels, height, width])] : []
        var (c, h, w) = (widths[0], height, width)
        layers.append(Conv2d(inChannels: channels, outChannels: c, height: h, width: w, bias: false,
                             initializer: initializer, rng: &rng))
        layers.append(BatchNorm2d(channels: c, height: h, width: w))
        for (stage, out) in widths.enumerated() {
            if stage > 0 {
                layers.append(AvgPool2x2(channels: c, height: h, width: w))
                (h, w) = (h / 2, w / 2)
            }
            for _ in 0..<units {
                let activation: any Layer = activationQuantizer.map { QuantizedActivation(shape: [c, h, w], quantizer: $0) }
                    ?? ReLU(shape: [c, h, w])
                let conv = Conv2d(inChannels: c, outChannels: out, height: h, width: w, bias: false,
                                  quantizer: binarized ? quantizer : nil, initializer: initializer, rng: &rng)
                var shortcut: [any Layer] = []
                if c != out {
                    shortcut = [Conv2d(inChannels: c, outChannels: out, height: h, width: w, kernel: 1, bias: false,
                                       initializer: initializer, rng: &rng),
                                BatchNorm2d(channels: out, height: h, width: w)]
                }
                layers.append(Residual(body: [activation, conv, BatchNorm2d(channels: out, height: h, width: w)],
                                       shortcut: shortcut))
                c = out
            }
        }
        layers.append(ReLU(shape: [c, h, w]))
        layers.append(GlobalAvgPool(channels: c, height: h, width: w))
        layers.append(Dense(c, classes, bias: true, initializer: initializer, rng: &rng))
        return Sequential(layers)
    }
}
