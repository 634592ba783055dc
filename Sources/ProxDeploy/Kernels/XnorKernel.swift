import CXnor
import ProxTrain

// Shapes (n = rows, K = inner signs, O = outputs):
//   x [n, K] signs (a SignMatrix)   w [O, K] signs (PackedWeights)
//   popcounts p[r, o] = popcount(x_r XOR w_o), so x_r . w_o = K - 2 p[r, o]
//   or signs  s[r, o] = bit (p[r, o] > t[pattern(r), o]) XOR flip[o]   (PopcountThresholds)

/// The XNOR-popcount product of one layer, the binary counterpart of sgemm.
///
/// One object per layer, made once: it holds the packed weights, the
/// thresholds and the arguments of the C kernel, so a product allocates
/// nothing. On a team each member takes an even share of the rows (examples,
/// or pixels of a convolution; the results are exact integers, so how the
/// rows are cut cannot change them): the weights are a few KiB and every
/// member reads all of them, while outputs never share a row, so members
/// write disjoint memory and need no barrier.
public final class XnorKernel: TeamWork {
    public let weights: PackedWeights
    /// The popcount instructions; `PopcountForm.best` unless a test forces another.
    public var form: PopcountForm {
        didSet { precondition(form.isSupported, "\(form) is not supported by this CPU") }
    }
    private let job: UnsafeMutablePointer<proxlab_xnor_job>
    private var rows = 0
    private var thresholds: PopcountThresholds?

    public init(weights: PackedWeights, form: PopcountForm = .best) {
        precondition(form.isSupported, "\(form) is not supported by this CPU")
        self.weights = weights
        self.form = form
        job = .allocate(capacity: 1)
        job.initialize(to: proxlab_xnor_job())
        job.pointee.w = UnsafePointer(weights.storage)
        job.pointee.kw = weights.words
        job.pointee.panels = weights.panels
        job.pointee.outputs = weights.outputs
    }

    deinit { job.deallocate() }

    /// The row stride a popcount buffer needs: whole panels of 8 outputs.
    public var countsStride: Int { weights.panels * 8 }

    /// The thresholds `signs` compares with (one set per border pattern).
    public func setThresholds(_ t: PopcountThresholds) {
        precondition(t.outputs == weights.outputs, "thresholds for \(t.outputs) outputs, weights have \(weights.outputs)")
        thresholds = t
        job.pointee.thresholds = UnsafePointer(t.values)
        job.pointee.flips = UnsafePointer(t.flips)
    }

    /// p[r, o] for the first `rows` rows of x, into counts[r * stride + o] (stride >= `countsStride`).
    public func popcounts(_ x: SignMatrix, rows n: Int, into counts: UnsafeMutablePointer<Int32>, stride: Int,
                          team: Team? = nil) {
        setInput(x, rows: n)
        setCounts(counts, stride: stride)
        runOn(team)
    }

    /// Sign bits for the first `rows` rows of x into the rows of `out` (outputs signs each),
    /// with `patterns` choosing each row's thresholds (nil: pattern 0 for all).
    public func signs(_ x: SignMatrix, rows n: Int, patterns: UnsafePointer<UInt8>? = nil, into out: SignMatrix,
                      team: Team? = nil) {
        setInput(x, rows: n)
        setSigns(out, patterns: patterns)
        runOn(team)
    }

    /// The operand of the next product (for a caller that runs the kernel
    /// inside its own team work, as the binary convolution does).
    public func setInput(_ x: SignMatrix, rows n: Int) {
        precondition(x.bits == weights.inner, "inputs of \(x.bits) signs, weights of \(weights.inner)")
        precondition(n >= 0 && n <= x.rows, "\(n) rows of a matrix of \(x.rows)")
        job.pointee.x = UnsafePointer(x.data)
        job.pointee.x_stride = x.words
        rows = n
    }

    /// The next product writes popcounts (stride >= `countsStride`).
    public func setCounts(_ counts: UnsafeMutablePointer<Int32>, stride: Int) {
        precondition(stride >= countsStride, "popcount rows of \(stride), need \(countsStride)")
        job.pointee.counts = counts
        job.pointee.counts_stride = stride
    }

    /// The next product writes thresholded signs into `out`.
    public func setSigns(_ out: SignMatrix, patterns: UnsafePointer<UInt8>?) {
        precondition(out.bits == weights.outputs && out.rows >= rows, "sign buffer of the wrong size")
        guard thresholds != nil else { preconditionFailure("signs before setThresholds") }
        job.pointee.counts = nil
        job.pointee.patterns = patterns
        job.pointee.bits = UnsafeMutableRawPointer(out.data).assumingMemoryBound(to: UInt8.self)
        job.pointee.bits_stride = out.words * 8
    }

    private func runOn(_ team: Team?) {
        if let team, team.size > 1 { team.run(self) } else { run(part: .whole) }
    }

    public func run(part: TeamPart) {
        let r = part.evenShare(rows)
        if !r.isEmpty { proxlab_xnor_rows(form.rawValue, job, r.lowerBound, r.upperBound) }
    }
}
