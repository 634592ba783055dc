/// Sign thresholds in the form the kernel compares: a bound on the popcount
/// per (border pattern, output), and a flip bit per output.
///
/// From a `SignThreshold` on the exact dot product y (docs/THEORY.md section 1:
/// sign(0) = +1) and the kernel's popcount p, with y = K - 2p - c and c the
/// pattern's border correction (0 for a dense layer):
///
///     ascending:  +1 iff y >= T  iff p <= floor((K - c - T) / 2)        -> bit = p > P,          flip 0
///     descending: +1 iff y <= T  iff p >= Q = ceil((K - c - T) / 2)     -> bit = not (p > Q - 1), flip 1
///
/// Integer arithmetic only, so the comparison is exact.
public final class PopcountThresholds {
    public let outputs: Int
    public let patterns: Int
    let panels: Int
    /// [patterns][panels * 8] bounds (lanes past `outputs` unused).
    let values: UnsafeMutablePointer<Int64>
    /// [panels] bytes, bit l for output 8 * panel + l.
    let flips: UnsafeMutablePointer<UInt8>

    /// - Parameters:
    ///   - thresholds: one per output.
    ///   - inner: K, the signs per output.
    ///   - corrections: per pattern, per output, c (empty or nil: one pattern of zeros).
    public init(_ thresholds: [SignThreshold], inner: Int, corrections: [[Int]]? = nil) {
        outputs = thresholds.count
        panels = (outputs + 7) / 8
        let c = corrections ?? [Array(repeating: 0, count: outputs)]
        patterns = c.count
        values = .allocate(capacity: max(patterns * panels * 8, 1))
        values.initialize(repeating: 0, count: max(patterns * panels * 8, 1))
        flips = .allocate(capacity: max(panels, 1))
        flips.initialize(repeating: 0, count: max(panels, 1))
        for (o, t) in thresholds.enumerated() {
            if !t.ascending { flips[o / 8] |= 1 << UInt8(o % 8) }
            for (pattern, row) in c.enumerated() {
                precondition(row.count == outputs, "a correction row of \(row.count) for \(outputs) outputs")
                let a = inner - row[o] - t.value
                values[pattern * panels * 8 + o] = Int64(t.ascending ? floorDiv2(a) : ceilDiv2(a) - 1)
            }
        }
    }

    deinit {
        values.deallocate()
        flips.deallocate()
    }
}

@inline(__always) func floorDiv2(_ a: Int) -> Int { a >= 0 ? a / 2 : -((-a + 1) / 2) }
@inline(__always) func ceilDiv2(_ a: Int) -> Int { -floorDiv2(-a) }
