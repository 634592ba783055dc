/// Evaluation over whole Float buffers, a piece at a time.
///
/// A single piece runs its loop over the whole buffer. A compound expression
/// is evaluated in chunks that stay in L1 cache: each node evaluates its
/// children over the chunk into stack scratch, then combines them (chain rule
/// for compositions). Nothing is allocated on the heap, so the trainer can call
/// this inside a step.
extension Quantizer {
    /// Elements per chunk for compound expressions: 2 buffers of this size per
    /// tree level fit comfortably in L1.
    public static let chunkSize = 1024

    /// Writes F(x) into `value` and F'(x) into `derivative` (either may be nil).
    /// An output may be `x` itself (`QuantizerPair.backwardMultiplier` passes
    /// its scratch as both); otherwise outputs must not overlap `x`.
    public func evaluate(_ x: UnsafeBufferPointer<Float>, mu: Double,
                         value: UnsafeMutableBufferPointer<Float>?, derivative: UnsafeMutableBufferPointer<Float>?) {
        guard let base = x.baseAddress, x.count > 0 else { return }
        precondition(value.map { $0.count >= x.count } ?? true, "value buffer too small")
        precondition(derivative.map { $0.count >= x.count } ?? true, "derivative buffer too small")
        if case .piece(let p) = self {
            p.apply(base, count: x.count, mu: mu, value: value?.baseAddress, derivative: derivative?.baseAddress)
            return
        }
        let wantsDerivative = derivative != nil
        // Chunks are written straight into the outputs, unless one of them is
        // x, which a node may read again after writing its value.
        let input = UnsafeRawPointer(base)
        let staged = UnsafeRawPointer(value?.baseAddress) == input || UnsafeRawPointer(derivative?.baseAddress) == input
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 2 * Self.chunkSize) { scratch in
            let sv = scratch.baseAddress!, sd = sv + Self.chunkSize
            var start = 0
            while start < x.count {
                let n = min(Self.chunkSize, x.count - start)
                let v = staged ? sv : (value?.baseAddress).map { $0 + start } ?? sv
                let d = staged ? sd : (derivative?.baseAddress).map { $0 + start } ?? sd
                evaluateChunk(base + start, n, mu: mu, value: v, derivative: wantsDerivative ? d : nil)
                if v == sv, let out = value?.baseAddress { (out + start).update(from: v, count: n) }
                if d == sd, let out = derivative?.baseAddress { (out + start).update(from: d, count: n) }
                start += n
            }
        }
    }

    /// Array convenience for plots, tests and the CLI.
    public func evaluate(_ xs: [Float], mu: Double) -> (values: [Float], derivatives: [Float]) {
        var values = [Float](repeating: 0, count: xs.count)
        var derivatives = [Float](repeating: 0, count: xs.count)
        xs.withUnsafeBufferPointer { x in
            values.withUnsafeMutableBufferPointer { v in
                derivatives.withUnsafeMutableBufferPointer { d in
                    evaluate(x, mu: mu, value: v, derivative: d)
                }
            }
        }
        return (values, derivatives)
    }

    /// Value (always) and derivative (when asked) of this node over one chunk;
    /// `value` and `derivative` never alias `x`.
    func evaluateChunk(_ x: UnsafePointer<Float>, _ n: Int, mu: Double,
                       value: UnsafeMutablePointer<Float>, derivative: UnsafeMutablePointer<Float>?) {
        switch self {
        case .piece(let p):
            p.apply(x, count: n, mu: mu, value: value, derivative: derivative)
        case .scaled(let c, let f):
            f.evaluateChunk(x, n, mu: mu, value: value, derivative: derivative)
            let c = Float(c.value(mu: mu))
            for i in 0..<n { value[i] *= c }
            if let d = derivative { for i in 0..<n { d[i] *= c } }
        case .sum(let fs):
            fs[0].evaluateChunk(x, n, mu: mu, value: value, derivative: derivative)
            withUnsafeTemporaryAllocation(of: Float.self, capacity: 2 * n) { scratch in
                let tv = scratch.baseAddress!, td = tv + n
                for f in fs.dropFirst() {
                    // c * g is added as c * g(x) in one pass, not scaled in a pass of its own first.
                    var (c, g): (Float, Quantizer) = (1, f)
                    if case .scaled(let p, let inner) = f { (c, g) = (Float(p.value(mu: mu)), inner) }
                    g.evaluateChunk(x, n, mu: mu, value: tv, derivative: derivative == nil ? nil : td)
                    for i in 0..<n { value[i] += c * tv[i] }
                    if let d = derivative { for i in 0..<n { d[i] += c * td[i] } }
                }
            }
        case .compose(let fs):
            if fs.count > 1, case .piece(.sign) = fs[fs.count - 1] {
                Self.composeAfterSign(fs, x, n, mu: mu, value: value, derivative: derivative)
            } else {
                Self.compose(fs, x, n, mu: mu, value: value, derivative: derivative)
            }
        }
    }

    /// The chain rule over a chunk: innermost first; then each outer factor
    /// maps the running value, and the running derivative is multiplied.
    static func compose(_ fs: [Quantizer], _ x: UnsafePointer<Float>, _ n: Int, mu: Double,
                        value: UnsafeMutablePointer<Float>, derivative: UnsafeMutablePointer<Float>?) {
        fs[fs.count - 1].evaluateChunk(x, n, mu: mu, value: value, derivative: derivative)
        guard fs.count > 1 else { return }
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 2 * n) { scratch in
            let tv = scratch.baseAddress!, td = tv + n
            for f in fs.dropLast().reversed() {
                tv.update(from: value, count: n)
                f.evaluateChunk(tv, n, mu: mu, value: value, derivative: derivative == nil ? nil : td)
                if let d = derivative { for i in 0..<n { d[i] *= td[i] } }
            }
        }
    }

    /// `F . sign` (BNN++'s forward map): every x >= 0 has what x = 1 has, value
    /// and derivative (sign's 0 included), and every other x (NaN too) what
    /// x = -1 has; so the chain runs on those two points and the chunk is a
    /// select, element for element what `compose` gives.
    static func composeAfterSign(_ fs: [Quantizer], _ x: UnsafePointer<Float>, _ n: Int, mu: Double,
                                 value: UnsafeMutablePointer<Float>, derivative: UnsafeMutablePointer<Float>?) {
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 6) { scratch in
            let points = scratch.baseAddress!, v = points + 2, d = points + 4
            points[0] = -1
            points[1] = 1
            compose(fs, points, 2, mu: mu, value: v, derivative: derivative == nil ? nil : d)
            let (vm, vp) = (v[0], v[1])
            for i in 0..<n { value[i] = x[i] >= 0 ? vp : vm }
            if let out = derivative {
                let (dm, dp) = (d[0], d[1])
                for i in 0..<n { out[i] = x[i] >= 0 ? dp : dm }
            }
        }
    }
}
