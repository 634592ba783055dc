/// The common element-wise passes of a quantizer, as reusable `ParallelWork`.
///
/// A quantizer keeps one job, points it at the buffers of the current call
/// and runs it: no allocation, one vectorized loop per chunk. This is what
/// `SignQuantizer` uses, and a pattern for quantizers that need more.
public final class ElementwiseJob: ParallelWork {
    public enum Kind: Sendable {
        /// output = sign(input), sign(0) = +1.
        case sign
        /// output = input.
        case copy
        /// output = input2 where abs(input) <= bound, else 0 (a straight-through mask).
        case maskInside(Float)
        /// output = clip(output, -bound, bound), in place.
        case clip(Float)
    }

    public private(set) var kind: Kind = .copy
    private var input: UnsafePointer<Float>?
    private var input2: UnsafePointer<Float>?
    private var output: UnsafeMutablePointer<Float>?
    private var count = 0

    public init() {}

    /// Runs one pass over `count` elements, split across `Parallel.threads`.
    public func perform(_ kind: Kind, count: Int, input: UnsafePointer<Float>? = nil,
                        input2: UnsafePointer<Float>? = nil, output: UnsafeMutablePointer<Float>) {
        self.kind = kind
        self.input = input
        self.input2 = input2
        self.output = output
        self.count = count
        Parallel.run(self, chunks: Parallel.chunks(for: count))
        self.input = nil
        self.input2 = nil
        self.output = nil
    }

    public func run(chunk: Int, of chunks: Int) {
        guard let out = output else { return }
        let r = Parallel.range(chunk, of: chunks, count: count)
        let (lo, n) = (r.lowerBound, r.count)
        switch kind {
        case .sign:
            VectorOps.sign(input! + lo, to: out + lo, count: n)
        case .copy:
            VectorOps.copy(input! + lo, to: out + lo, count: n)
        case .maskInside(let bound):
            let (x, g, y) = (input! + lo, input2! + lo, out + lo)
            for i in 0..<n { y[i] = abs(x[i]) <= bound ? g[i] : 0 }
        case .clip(let bound):
            VectorOps.clip(out + lo, to: bound, count: n)
        }
    }
}
