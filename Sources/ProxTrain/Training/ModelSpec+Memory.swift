import Foundation
import ProxCore

/// The memory of the model a spec builds, worked out from the spec alone, so
/// `summary` prints the table and a run is bounded before anything is
/// allocated. `Sequential.mlp` and `Sequential.cnn` are what it describes; a
/// test holds the two to the same table. The residual network's table is
/// that of the built model itself (its parameters are few).
extension ModelSpec {
    /// The rows of docs/THEORY.md section 7's memory table, as `Sequential.memoryTable`
    /// gives them for the built model; nil for `cnn` on data that are not images.
    public func memoryTable(features: Int, classes: Int, image: ImageShape?, binarize: BinarizePolicy) -> [LayerMemory]? {
        switch self {
        case .mlp(let hidden, _):
            let sizes = [features] + hidden + [classes]
            let flags = binarize.flags(layers: sizes.count - 1)
            var rows: [LayerMemory] = []
            for i in 0..<(sizes.count - 1) {
                let (fanIn, fanOut) = (sizes[i], sizes[i + 1])
                let last = i == sizes.count - 2
                let weights = fanIn * fanOut
                rows.append(LayerMemory(name: "dense \(fanIn)->\(fanOut)\(flags[i] ? " (binary)" : "")",
                                        parameters: weights + (last ? fanOut : 0), binarized: flags[i] ? weights : 0))
                // gamma, beta, running mean and variance.
                if !last { rows.append(LayerMemory(name: "batchnorm \(fanOut)", parameters: 4 * fanOut, binarized: 0)) }
            }
            return rows
        case .cnn:
            guard let image else { return nil }
            let widths = [16, 32]
            let flags = binarize.flags(layers: widths.count + 1)
            var rows: [LayerMemory] = []
            var (c, h, w) = (image.channels, image.height, image.width)
            for (i, out) in widths.enumerated() {
                let weights = out * c * 9
                rows.append(LayerMemory(name: "conv3x3 \(c)->\(out)\(flags[i] ? " (binary)" : "")", parameters: weights,
                                        binarized: flags[i] ? weights : 0))
                rows.append(LayerMemory(name: "batchnorm2d \(out)", parameters: 4 * out, binarized: 0))
                (c, h, w) = (out, h / 2, w / 2)
            }
            let weights = c * h * w * classes
            let binary = flags[widths.count]
            rows.append(LayerMemory(name: "dense \(c * h * w)->\(classes)\(binary ? " (binary)" : "")", parameters: weights + classes,
                                    binarized: binary ? weights : 0))
            return rows
        case .resnet:
            // A few hundred thousand parameters even for wide stages: build it and ask.
            return resnetModel(features: features, classes: classes, image: image, binarize: binarize)?.memoryTable
        }
    }

    /// The residual network this spec builds, without its per-batch buffers.
    private func resnetModel(features: Int, classes: Int, image: ImageShape?, binarize: BinarizePolicy) -> Sequential? {
        var rng = SplitMix64(seed: 0)
        return try? build(featureCount: features, imageShape: image, classes: classes, binarize: binarize,
                          quantizer: SignQuantizer(), dataName: "the data", rng: &rng)
    }

    /// About how many bytes training allocates for batches of up to
    /// `capacity` examples: per parameter the latent weights, the forward
    /// weights, their gradients and two optimizer moments (measured: 30
    /// bytes a parameter for mlp:4096,4096 on Fashion-MNIST); per example
    /// and feature of every layer's output a handful of float buffers
    /// (output, gradient, normalized values, masks).
    public func trainingBytes(features: Int, classes: Int, image: ImageShape?, capacity: Int) -> Double {
        let parameters = (memoryTable(features: features, classes: classes, image: image, binarize: .all) ?? [])
            .reduce(0.0) { $0 + Double($1.parameters) }
        let activations: Double
        switch self {
        case .mlp(let hidden, _): activations = Double(features + hidden.reduce(0, +) + classes)
        case .cnn:
            let pixels = Double((image?.height ?? 28) * (image?.width ?? 28))
            activations = Double(features) + pixels * (16 + 16.0 / 4 + 32.0 / 4 + 32.0 / 16)
        case .resnet:
            let model = resnetModel(features: features, classes: classes, image: image, binarize: .all)
            let outputs = model?.layers.flatMap { [$0] + $0.leaves }.reduce(0) { $0 + $1.outputSize } ?? 0
            activations = Double(features + outputs)
        }
        return 32 * parameters + 40 * Double(capacity) * activations
    }
}
