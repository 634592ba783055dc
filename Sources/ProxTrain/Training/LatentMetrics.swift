import ProxCore

/// The weight-side metrics of docs/THEORY.md section 6, over every binarized
/// layer's latent theta: flip ratio, saturation, share at the clip edge,
/// quantization gap and a histogram. Scratch is allocated once, so an epoch's
/// measurement allocates only its small result.
final class LatentMetrics {
    private let layers: [QuantizedWeights]
    /// The run's quantizer: its pair as the last step evaluated it (`lr` bound).
    private let quantizer: PairQuantizer
    private var pair: QuantizerPair { quantizer.current }
    private let total: Int
    private let previousSigns: UnsafeMutableBufferPointer<Bool>
    private let scratch: UnsafeMutableBufferPointer<Float>
    static let histogramBins = 41

    init(model: Sequential, quantizer: PairQuantizer) {
        layers = model.quantizedLayers.map(\.weights)
        self.quantizer = quantizer
        total = layers.reduce(0) { $0 + $1.latent.count }
        previousSigns = .allocate(capacity: max(total, 1))
        previousSigns.initialize(repeating: true)
        scratch = .allocate(capacity: max(layers.map(\.latent.count).max() ?? 1, 1))
    }

    deinit {
        previousSigns.deallocate()
        scratch.deallocate()
    }

    var histogramRange: ClosedRange<Double> {
        let c = pair.latentClip ?? 1.5
        return -1.1 * c ... 1.1 * c
    }

    func rememberSigns() {
        var offset = 0
        for layer in layers {
            let t = layer.latent.value.data
            for i in 0..<layer.latent.count { previousSigns[offset + i] = t[i] >= 0 }
            offset += layer.latent.count
        }
    }

    struct Measurement {
        var flipRatio = 0.0, saturation = 0.0, atClip = 0.0, quantizationGap = 0.0
        var histogram: [Int] = []
        var histogramRange: ClosedRange<Double> = 0...1
    }

    func measure(mu: Double) -> Measurement {
        var m = Measurement()
        m.histogramRange = histogramRange
        guard total > 0 else { return m }
        var flips = 0, saturated = 0, clipped = 0, gap = 0.0
        var histogram = [Int](repeating: 0, count: Self.histogramBins)
        let lo = Float(histogramRange.lowerBound), width = Float(histogramRange.upperBound - histogramRange.lowerBound)
        let clip = pair.latentClip.map(Float.init)
        var offset = 0
        for layer in layers {
            let n = layer.latent.count, t = layer.latent.value.data
            let theta = UnsafeBufferPointer(start: t, count: n)
            for i in 0..<n {
                let s = t[i] >= 0
                if s != previousSigns[offset + i] { flips += 1 }
                previousSigns[offset + i] = s
                if let c = clip, abs(t[i]) >= c { clipped += 1 }
                let bin = Int((t[i] - lo) / width * Float(Self.histogramBins))
                histogram[min(max(bin, 0), Self.histogramBins - 1)] += 1
            }
            // Saturation: B'(x) = 0 at the point the backward pass reads.
            let x = UnsafeMutableBufferPointer(rebasing: scratch[0..<n])
            pair.backwardMultiplier(theta, mu: mu, scratch: x, into: x)
            for i in 0..<n where x[i] == 0 { saturated += 1 }
            pair.forward.evaluate(theta, mu: mu, value: x, derivative: nil)
            var g = 0.0
            for i in 0..<n { g += Double(abs(x[i] - (t[i] >= 0 ? 1 : -1))) }
            gap += g
            offset += n
        }
        let count = Double(total)
        m.flipRatio = Double(flips) / count
        m.saturation = Double(saturated) / count
        m.atClip = Double(clipped) / count
        m.quantizationGap = gap / count
        m.histogram = histogram
        return m
    }
}
