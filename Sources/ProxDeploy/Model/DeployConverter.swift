import ProxTrain

/// Why a trained network cannot be deployed: one line, naming the layer.
public struct DeployError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Turns a trained `Sequential` into a deployed model: the network evaluated
/// with sign weights and binary inputs (its deploy accuracy), with every
/// layer whose weights and inputs are both signs run as an XNOR-popcount product.
///
/// The walk keeps track of whether the activations are floats or signs:
/// - an activation quantizer (`QuantizedActivation`, Larq's input quantizer
///   of the next layer) on floats packs them (`sign`); on signs it changes nothing;
/// - a binarized Dense or Conv2d on signs becomes a binary layer. When the
///   layers after it up to the next activation quantizer are per-channel and
///   monotone (batch norm, hardtanh, ReLU, identity, then at most a 2x2 max
///   pool), their sign is folded into one threshold per channel and the
///   layer outputs signs; otherwise it outputs y as floats (and a layer
///   with a bias then stays a float layer, see `BinaryOutput.values`);
/// - every other layer is a float layer, given its float inputs (signs are
///   unpacked to -1 and +1 first); a binarized layer on floats keeps its sign
///   weights, packed in the file.
/// Flattening signs before a binary dense layer packs them pixel by pixel, and
/// that layer's weight columns are permuted from NCHW to the same HWC order.
public enum DeployConverter {
    public static func convert(_ model: Sequential, info: [String: String] = [:]) throws(DeployError) -> DeployedModel {
        var walk = Walk(layers: model.layers)
        try walk.run()
        return DeployedModel(inputShape: model.inputShape, classes: model.classes, steps: walk.steps, info: info)
    }

    /// The float description of a trained layer that has one.
    static func floatLayer(_ layer: any Layer) -> FloatLayer? {
        switch layer {
        case let d as Dense:
            var f = FloatLayer(kind: .dense(inputs: d.inFeatures, outputs: d.outFeatures))
            if d.quantizedWeights != nil { f.signWeights = signs(d.weight.value, rows: d.outFeatures) } else {
                f.tensors["weight"] = d.weight.value.toArray()
            }
            if let b = d.bias { f.tensors["bias"] = b.value.toArray() }
            return f
        case let c as Conv2d:
            var f = FloatLayer(kind: .conv(inChannels: c.inChannels, outChannels: c.outChannels, height: c.height, width: c.width))
            if c.quantizedWeights != nil { f.signWeights = signs(c.weight.value, rows: c.outChannels) } else {
                f.tensors["weight"] = c.weight.value.toArray()
            }
            if let b = c.bias { f.tensors["bias"] = b.value.toArray() }
            return f
        case let b as BatchNorm:
            return FloatLayer(kind: .batchNorm(shape: [b.features], eps: b.eps), tensors: [
                "gamma": b.gamma.value.toArray(), "beta": b.beta.value.toArray(),
                "mean": b.runningMean.toArray(), "var": b.runningVar.toArray()])
        case let b as BatchNorm2d:
            return FloatLayer(kind: .batchNorm(shape: [b.channels, b.height, b.width], eps: b.eps), tensors: [
                "gamma": b.gamma.value.toArray(), "beta": b.beta.value.toArray(),
                "mean": b.runningMean.toArray(), "var": b.runningVar.toArray()])
        case let a as ReLU: return FloatLayer(kind: .activation(.relu, shape: a.inputShape))
        case let a as Hardtanh: return FloatLayer(kind: .activation(.hardtanh, shape: a.inputShape))
        case let a as Identity: return FloatLayer(kind: .activation(.identity, shape: a.inputShape))
        case let p as MaxPool2x2: return FloatLayer(kind: .maxPool(channels: p.channels, height: p.height, width: p.width))
        case let f as Flatten: return FloatLayer(kind: .flatten(shape: f.inputShape))
        case let q as QuantizedActivation: return FloatLayer(kind: .sign(shape: q.inputShape))
        default: return nil
        }
    }

    /// The deploy weights sign(theta), one row per output.
    static func signs(_ theta: Tensor, rows: Int) -> PackedSigns {
        let m = SignMatrix(rows: rows, bits: theta.count / max(rows, 1))
        for r in 0..<rows { m.pack(row: r, from: theta.data + r * m.bits) }
        return PackedSigns(m)
    }
}

/// The state of one conversion: where the walk is and what it has emitted.
private struct Walk {
    enum Domain { case floats, signs, flattenedSigns(channels: Int, height: Int, width: Int) }

    let layers: [any Layer]
    var steps: [DeployedStep] = []
    var domain = Domain.floats
    var i = 0

    init(layers: [any Layer]) { self.layers = layers }

    mutating func run() throws(DeployError) {
        while i < layers.count {
            let layer = layers[i]
            switch (domain, layer) {
            case (.floats, let q as QuantizedActivation):
                steps.append(DeployedStep(.sign(shape: q.inputShape), replaces: [.sign(shape: q.inputShape)]))
                domain = .signs
                i += 1
            case (.signs, is QuantizedActivation), (.flattenedSigns, is QuantizedActivation):
                i += 1
            case (.signs, let d as Dense) where d.quantizedWeights != nil && (d.bias == nil || foldableChain() != nil):
                try binaryDense(d, order: nil)
            case (.flattenedSigns(let c, let h, let w), let d as Dense)
                where d.quantizedWeights != nil && (d.bias == nil || foldableChain() != nil):
                try binaryDense(d, order: (c, h, w))
            case (.signs, let c as Conv2d) where c.quantizedWeights != nil && (c.bias == nil || foldableChain() != nil):
                try binaryConv(c)
            case (.signs, let p as MaxPool2x2):
                steps.append(DeployedStep(.signMaxPool(channels: p.channels, height: p.height, width: p.width),
                                          replaces: [.maxPool(channels: p.channels, height: p.height, width: p.width)]))
                i += 1
            case (.signs, let f as Flatten) where f.inputShape.count == 3 && nextIsBinaryDense:
                let s = f.inputShape
                steps.append(DeployedStep(.signFlatten(channels: s[0], height: s[1], width: s[2]),
                                          replaces: [.flatten(shape: s)]))
                domain = .flattenedSigns(channels: s[0], height: s[1], width: s[2])
                i += 1
            case (.signs, _), (.flattenedSigns, _):
                let shape = layer.inputShape
                if case .flattenedSigns = domain {
                    throw DeployError("\(layer.name) (layer \(i + 1)) after flattened signs is not a binary dense layer")
                }
                steps.append(DeployedStep(.unpack(shape: shape), replaces: []))
                domain = .floats
            case (.floats, _):
                guard let f = DeployConverter.floatLayer(layer) else {
                    throw DeployError("cannot deploy \(layer.name) (layer \(i + 1)): no deployed form for it")
                }
                steps.append(DeployedStep(.float(f), replaces: [f.kind]))
                i += 1
            }
        }
        switch domain {
        case .floats: break
        case .signs, .flattenedSigns:
            steps.append(DeployedStep(.unpack(shape: layers[layers.count - 1].outputShape), replaces: []))
        }
    }

    /// Whether the flatten at i feeds a dense layer that will run packed.
    var nextIsBinaryDense: Bool {
        guard i + 1 < layers.count, let d = layers[i + 1] as? Dense, d.quantizedWeights != nil else { return false }
        var next = self
        next.i += 1
        return d.bias == nil || next.foldableChain() != nil
    }

    /// The per-channel layers after index i up to the next activation
    /// quantizer (exclusive), if every one of them can be folded; the index of
    /// that quantizer; and whether a max pool ends the chain.
    func foldableChain() -> (chain: [FloatLayer], quantizer: Int, pool: MaxPool2x2?)? {
        var chain: [FloatLayer] = []
        var j = i + 1
        var pool: MaxPool2x2?
        while j < layers.count {
            let layer = layers[j]
            if layer is QuantizedActivation { return (chain, j, pool) }
            if pool != nil { return nil }
            switch layer {
            case is BatchNorm, is BatchNorm2d, is Hardtanh, is ReLU, is Identity:
                guard let f = DeployConverter.floatLayer(layer) else { return nil }
                chain.append(f)
            case let p as MaxPool2x2: pool = p
            default: return nil
            }
            j += 1
        }
        return nil
    }

    /// Thresholds for the chain's sign, evaluated by the chain's own layers
    /// on a batch of every possible dot product (per channel, shape [C] or [C, 1, 1]).
    func thresholds(_ chain: [FloatLayer], channels: Int, inner: Int, image: Bool) throws(DeployError) -> [SignThreshold] {
        let perChannel = chain.map { f -> any Layer in
            var g = f
            let shape = image ? [channels, 1, 1] : [channels]
            switch f.kind {
            case .batchNorm(_, let eps): g.kind = .batchNorm(shape: shape, eps: eps)
            case .activation(let a, _): g.kind = .activation(a, shape: shape)
            default: break
            }
            return g.makeLayer()
        }
        do {
            // One-pixel images are channel-major, [C, m], the batch of dot products [m, C].
            return try ThresholdFolding.fold(channels: channels, inner: inner) { input, m in
                var x = image ? Self.transposed(input, rows: m, columns: channels) : input
                for layer in perChannel {
                    layer.prepare(batch: m)
                    x = layer.forward(x, batch: m)
                }
                return image ? Self.transposed(x, rows: channels, columns: m) : x
            }
        } catch {
            throw DeployError("\(layers[i].name) (layer \(i + 1)): \(error)")
        }
    }

    /// A [rows, columns] matrix as [columns, rows].
    static func transposed(_ t: Tensor, rows: Int, columns: Int) -> Tensor {
        let out = Tensor(shape: [columns, rows])
        for r in 0..<rows { for c in 0..<columns { out.data[c * rows + r] = t.data[r * columns + c] } }
        return out
    }

    mutating func binaryDense(_ d: Dense, order: (c: Int, h: Int, w: Int)?) throws(DeployError) {
        var weights = DeployConverter.signs(d.weight.value, rows: d.outFeatures)
        if let order { weights = permuted(weights, channels: order.c, pixels: order.h * order.w) }
        var replaces: [FloatLayer.Kind] = [.dense(inputs: d.inFeatures, outputs: d.outFeatures)]
        if let found = foldableChain(), found.pool == nil {
            let (chain, q) = (found.chain, found.quantizer)
            let t = try thresholds(chain, channels: d.outFeatures, inner: d.inFeatures, image: false)
            replaces += chain.map(\.kind) + [.sign(shape: [d.outFeatures])]
            steps.append(DeployedStep(.binaryDense(BinaryDense(weights: weights, output: .signs(t))), replaces: replaces))
            domain = .signs
            i = q + 1
            return
        }
        steps.append(DeployedStep(.binaryDense(BinaryDense(weights: weights, output: .values)), replaces: replaces))
        domain = .floats
        i += 1
    }

    mutating func binaryConv(_ c: Conv2d) throws(DeployError) {
        let theta = c.weight.value, cin = c.inChannels
        // [o, c, ky, kx] -> bit (ky * 3 + kx) * cin + c, the binary im2col's order.
        let m = SignMatrix(rows: c.outChannels, bits: 9 * cin)
        var row = [Float](repeating: 0, count: 9 * cin)
        for o in 0..<c.outChannels {
            for ch in 0..<cin {
                for tap in 0..<9 { row[tap * cin + ch] = theta.data[(o * cin + ch) * 9 + tap] }
            }
            m.pack(row: o, from: row)
        }
        let weights = PackedSigns(m)
        let spatial = { (output: BinaryOutput) in
            BinaryConv(inChannels: cin, outChannels: c.outChannels, height: c.height, width: c.width,
                       weights: weights, output: output)
        }
        let conv = FloatLayer.Kind.conv(inChannels: cin, outChannels: c.outChannels, height: c.height, width: c.width)
        if let found = foldableChain() {
            let (chain, q, pool) = (found.chain, found.quantizer, found.pool)
            let t = try thresholds(chain, channels: c.outChannels, inner: 9 * cin, image: true)
            var replaces = [conv] + chain.map(\.kind)
            if let pool { replaces.append(.maxPool(channels: pool.channels, height: pool.height, width: pool.width)) }
            let shape = pool?.outputShape ?? c.outputShape
            replaces.append(.sign(shape: shape))
            steps.append(DeployedStep(.binaryConv(spatial(.signs(t))), replaces: replaces))
            if let pool {
                steps.append(DeployedStep(.signMaxPool(channels: pool.channels, height: pool.height, width: pool.width),
                                          replaces: []))
            }
            domain = .signs
            i = q + 1
            return
        }
        steps.append(DeployedStep(.binaryConv(spatial(.values)), replaces: [conv]))
        domain = .floats
        i += 1
    }

    /// Weight columns from NCHW order (c * pixels + p) to the HWC order of flattened pixel rows (p * channels + c).
    func permuted(_ w: PackedSigns, channels: Int, pixels: Int) -> PackedSigns {
        let src = w.matrix, dst = SignMatrix(rows: w.rows, bits: w.bits)
        var row = [Float](repeating: 0, count: w.bits)
        for o in 0..<w.rows {
            for ch in 0..<channels {
                for p in 0..<pixels { row[p * channels + ch] = src.sign(row: o, ch * pixels + p) }
            }
            dst.pack(row: o, from: row)
        }
        return PackedSigns(dst)
    }
}
