import ProxTrain

/// An XNOR-popcount dense layer: thresholded signs, or y = K - 2p as floats.
final class BinaryDenseStage: Stage {
    let kernel: XnorKernel
    let output: BinaryOutput
    var signs = SignMatrix(rows: 0, bits: 0)
    var counts = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    var countsRows = 0
    var values = Tensor(shape: [0])

    init(_ d: BinaryDense, form: PopcountForm) {
        kernel = XnorKernel(weights: PackedWeights(d.weights.matrix), form: form)
        output = d.output
        if case .signs(let t) = d.output { kernel.setThresholds(PopcountThresholds(t, inner: d.weights.bits)) }
    }

    deinit { counts.deallocate() }

    func prepare(batch: Int) {
        let outputs = kernel.weights.outputs
        switch output {
        case .signs: if signs.rows < batch { signs = SignMatrix(rows: batch, bits: outputs) }
        case .values:
            if countsRows < batch {
                counts.deallocate()
                counts = .allocate(capacity: max(batch * kernel.countsStride, 1))
                countsRows = batch
            }
            if values.shape[0] < batch { values = Tensor(shape: [batch, outputs]) }
        }
    }

    func run(_ input: StageValue, batch n: Int, team: Team?) -> StageValue {
        switch output {
        case .signs:
            kernel.signs(input.signs, rows: n, into: signs, team: team)
            return .signs(signs)
        case .values:
            let stride = kernel.countsStride, k = kernel.weights.inner, outputs = kernel.weights.outputs
            kernel.popcounts(input.signs, rows: n, into: counts, stride: stride, team: team)
            let y = values.data
            for r in 0..<n {
                for o in 0..<outputs { y[r * outputs + o] = Float(k - 2 * Int(counts[r * stride + o])) }
            }
            return .floats(values)
        }
    }
}

/// An XNOR-popcount 3x3 convolution (padding 1) on pixel rows: each team
/// member unfolds the rows it then multiplies, so the two passes need no barrier.
final class BinaryConvStage: Stage, TeamWork {
    let spec: BinaryConv
    let kernel: XnorKernel
    /// Per pattern and output: the border correction c (values output).
    let corrections: [[Int]]
    var columns = SignMatrix(rows: 0, bits: 0)
    var patterns = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
    var patternRows = 0
    var signs = SignMatrix(rows: 0, bits: 0)
    var counts = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    var values = Tensor(shape: [0])
    private var input: SignMatrix?
    private var images = 0

    init(_ c: BinaryConv, form: PopcountForm) {
        spec = c
        let w = c.weights.matrix
        kernel = XnorKernel(weights: PackedWeights(w), form: form)
        corrections = BinaryIm2Col.corrections(w, inChannels: c.inChannels)
        if case .signs(let t) = c.output {
            kernel.setThresholds(PopcountThresholds(t, inner: w.bits, corrections: corrections))
        }
    }

    deinit {
        patterns.deallocate()
        counts.deallocate()
    }

    func prepare(batch: Int) {
        let plane = spec.height * spec.width, rows = batch * plane
        guard patternRows < rows else { return }
        columns = SignMatrix(rows: rows, bits: 9 * spec.inChannels)
        patterns.deallocate()
        patterns = .allocate(capacity: rows)
        for r in 0..<rows {
            let p = r % plane
            patterns[r] = BinaryIm2Col.pattern(y: p / spec.width, x: p % spec.width, height: spec.height, width: spec.width)
        }
        patternRows = rows
        switch spec.output {
        case .signs: signs = SignMatrix(rows: rows, bits: spec.outChannels)
        case .values:
            counts.deallocate()
            counts = .allocate(capacity: rows * kernel.countsStride)
            values = Tensor(shape: [batch, spec.outChannels, spec.height, spec.width])
        }
    }

    func run(_ input: StageValue, batch n: Int, team: Team?) -> StageValue {
        let rows = n * spec.height * spec.width
        self.input = input.signs
        images = n
        kernel.setInput(columns, rows: rows)
        switch spec.output {
        case .signs: kernel.setSigns(signs, patterns: patterns)
        case .values: kernel.setCounts(counts, stride: kernel.countsStride)
        }
        if let team, team.size > 1 { team.run(self) } else { run(part: .whole) }
        self.input = nil
        guard case .values = spec.output else { return .signs(signs) }
        let plane = spec.height * spec.width, k = 9 * spec.inChannels, stride = kernel.countsStride
        // Channel-major floats, as the trained layers after it read them.
        let y = values.data, cout = spec.outChannels
        for r in 0..<rows {
            let image = r / plane, p = r % plane, pattern = Int(patterns[r])
            for o in 0..<cout {
                y[(o * n + image) * plane + p] = Float(k - 2 * Int(counts[r * stride + o]) - corrections[pattern][o])
            }
        }
        return .floats(values)
    }

    func run(part: TeamPart) {
        guard let input else { return }
        let rows = part.evenShare(images * spec.height * spec.width)
        BinaryIm2Col.unfold(input, images: images, height: spec.height, width: spec.width, into: columns, rows: rows)
        kernel.run(part: part)
    }
}
