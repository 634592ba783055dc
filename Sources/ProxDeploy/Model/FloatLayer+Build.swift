import ProxCore
import ProxTrain

extension FloatLayer {
    /// The trained network's layer with these numbers, in evaluation mode:
    /// the same class and so the same float arithmetic, which is what makes
    /// a deployed network's float steps (and the folded thresholds) agree
    /// with the trained network bit for bit.
    public func makeLayer() -> any Layer {
        var rng = SplitMix64(seed: 0)
        let layer: any Layer
        switch kind {
        case .dense(let inputs, let outputs):
            let d = Dense(inputs, outputs, bias: tensors["bias"] != nil, rng: &rng)
            fill(d.weight.value, "weight")
            if let b = d.bias { fill(b.value, "bias") }
            layer = d
        case .conv(let cin, let cout, let h, let w):
            let c = Conv2d(inChannels: cin, outChannels: cout, height: h, width: w, bias: tensors["bias"] != nil, rng: &rng)
            fill(c.weight.value, "weight")
            if let b = c.bias { fill(b.value, "bias") }
            layer = c
        case .batchNorm(let shape, let eps):
            if shape.count == 3 {
                let b = BatchNorm2d(channels: shape[0], height: shape[1], width: shape[2], eps: eps)
                fill(b.gamma.value, "gamma"); fill(b.beta.value, "beta")
                fill(b.runningMean, "mean"); fill(b.runningVar, "var")
                layer = b
            } else {
                let b = BatchNorm(shape[0], eps: eps)
                fill(b.gamma.value, "gamma"); fill(b.beta.value, "beta")
                fill(b.runningMean, "mean"); fill(b.runningVar, "var")
                layer = b
            }
        case .activation(let a, let shape): layer = a.layer(shape: shape)
        case .maxPool(let c, let h, let w): layer = MaxPool2x2(channels: c, height: h, width: w)
        case .flatten(let shape): layer = Flatten(shape: shape)
        case .sign(let shape): layer = QuantizedActivation(shape: shape, quantizer: SignQuantizer())
        }
        layer.setTraining(false)
        return layer
    }

    /// Writes the named numbers into a tensor: sign weights unpacked to -1 and +1.
    private func fill(_ t: Tensor, _ name: String) {
        if name == "weight", let s = signWeights {
            let m = s.matrix, cols = t.count / max(m.rows, 1)
            for r in 0..<m.rows { m.unpack(row: r, into: t.data + r * cols) }
            return
        }
        guard let values = tensors[name] else { return }
        precondition(values.count == t.count, "\(self.name): \(values.count) numbers for \(name), expected \(t.count)")
        for i in 0..<t.count { t.data[i] = values[i] }
    }

    /// The input shape of one example.
    public var inputShape: [Int] {
        switch kind {
        case .dense(let i, _): return [i]
        case .conv(let c, _, let h, let w): return [c, h, w]
        case .batchNorm(let shape, _), .activation(_, let shape), .flatten(let shape), .sign(let shape): return shape
        case .maxPool(let c, let h, let w): return [c, h, w]
        }
    }
}
