import ProxCore
import ProxDeploy
import ProxTrain
import Testing

/// The packed product against the integer product of the same +-1 matrices,
/// for every popcount form this CPU executes (the AVX2 and scalar fallbacks
/// run on an AVX-512 machine too), on shapes whose inner size is not a
/// multiple of 64 and whose output count is not a multiple of 8.
@Suite struct XnorKernelTests {
    static let shapes: [(rows: Int, inner: Int, outputs: Int)] = [
        (1, 1, 1), (3, 63, 7), (5, 64, 8), (4, 65, 9), (7, 127, 33), (9, 200, 16), (2, 513, 40),
        (6, 784, 17), (13, 1999, 70), (4, 31 * 64 + 5, 12),
    ]

    /// Random operands of a shape and their exact integer product.
    static func operands(_ s: (rows: Int, inner: Int, outputs: Int), rng: inout SplitMix64) -> (SignMatrix, SignMatrix, [Int]) {
        let (x, xf) = randomSignMatrix(rows: s.rows, bits: s.inner, rng: &rng)
        let (w, wf) = randomSignMatrix(rows: s.outputs, bits: s.inner, rng: &rng)
        return (x, w, integerProduct(xf, wf, rows: s.rows, inner: s.inner, outputs: s.outputs))
    }

    @Test(arguments: PopcountForm.supported)
    func popcountsGiveTheExactDotProduct(form: PopcountForm) {
        var rng = SplitMix64(seed: 7)
        for s in Self.shapes {
            let (x, w, expected) = Self.operands(s, rng: &rng)
            let kernel = XnorKernel(weights: PackedWeights(w), form: form)
            let stride = kernel.countsStride
            let counts = [Int32](unsafeUninitializedCapacity: s.rows * stride) { buffer, n in
                kernel.popcounts(x, rows: s.rows, into: buffer.baseAddress!, stride: stride)
                n = s.rows * stride
            }
            var dots: [Int] = []
            for r in 0..<s.rows { for o in 0..<s.outputs { dots.append(s.inner - 2 * Int(counts[r * stride + o])) } }
            #expect(mismatch(expected, dots) == nil, "\(form), \(s): \(mismatch(expected, dots)!)")
        }
    }

    @Test(arguments: PopcountForm.supported)
    func signsCompareEachCountWithItsThreshold(form: PopcountForm) {
        var rng = SplitMix64(seed: 8)
        for s in Self.shapes {
            let (x, w, dots) = Self.operands(s, rng: &rng)
            let thresholds = (0..<s.outputs).map { _ in
                SignThreshold(ascending: rng.next() & 1 == 0, value: Int(rng.next() % UInt64(2 * s.inner + 3)) - s.inner - 1)
            }
            let kernel = XnorKernel(weights: PackedWeights(w), form: form)
            kernel.setThresholds(PopcountThresholds(thresholds, inner: s.inner))
            let out = SignMatrix(rows: s.rows, bits: s.outputs)
            kernel.signs(x, rows: s.rows, into: out)
            var expected: [Float] = [], actual: [Float] = []
            for r in 0..<s.rows {
                for o in 0..<s.outputs {
                    expected.append(thresholds[o].sign(dots[r * s.outputs + o]))
                    actual.append(out.sign(row: r, o))
                }
                // Padding past the last output stays zero, so the row is a valid input of the next layer.
                let used = s.outputs % 64
                if used > 0 { #expect(out.row(r)[out.words - 1] >> UInt64(used) == 0, "padding bits set in row \(r)") }
            }
            #expect(mismatch(expected, actual) == nil, "\(form), \(s): \(mismatch(expected, actual)!)")
        }
    }

    /// Members of a team take slices of the rows: the result is the one-thread result.
    @Test func aTeamGivesTheSameCounts() {
        var rng = SplitMix64(seed: 9)
        let (x, _) = randomSignMatrix(rows: 37, bits: 300, rng: &rng)
        let (w, _) = randomSignMatrix(rows: 21, bits: 300, rng: &rng)
        let kernel = XnorKernel(weights: PackedWeights(w))
        let stride = kernel.countsStride
        var alone = [Int32](repeating: -1, count: 37 * stride), shared = alone
        alone.withUnsafeMutableBufferPointer { kernel.popcounts(x, rows: 37, into: $0.baseAddress!, stride: stride) }
        let team = Team(size: 3)
        shared.withUnsafeMutableBufferPointer { kernel.popcounts(x, rows: 37, into: $0.baseAddress!, stride: stride, team: team) }
        #expect(mismatch(alone, shared) == nil)
        #expect(alone.contains(-1) == false)
    }
}
