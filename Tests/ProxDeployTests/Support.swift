import ProxCore
import ProxDeploy
import ProxTrain

// Seeded operands for the deploy tests, and a mismatch report that names the
// first differing index and the count instead of printing every value.

/// Floats of -1 and +1, with a zero now and then (sign(0) = +1).
func randomSigns(_ count: Int, rng: inout SplitMix64) -> [Float] {
    (0..<count).map { _ in
        let r = rng.next() % 16
        return r == 0 ? 0 : (r & 1 == 0 ? 1 : -1)
    }
}

/// A sign matrix packed from random signs, and the floats (+-1) it holds.
func randomSignMatrix(rows: Int, bits: Int, rng: inout SplitMix64) -> (SignMatrix, [Float]) {
    let values = randomSigns(rows * bits, rng: &rng)
    let m = SignMatrix(rows: rows, bits: bits)
    for r in 0..<rows { m.pack(row: r, from: Array(values[(r * bits)..<((r + 1) * bits)])) }
    return (m, values.map { $0 >= 0 ? 1 : -1 })
}

/// The first index where two sequences differ, and how many differ.
struct Mismatch: CustomStringConvertible {
    let first: Int
    let count: Int
    let expected: String
    let actual: String
    var description: String { "\(count) differ; first at \(first): expected \(expected), got \(actual)" }
}

func mismatch<T: Equatable>(_ expected: [T], _ actual: [T]) -> Mismatch? {
    guard expected.count == actual.count else {
        return Mismatch(first: min(expected.count, actual.count), count: abs(expected.count - actual.count),
                        expected: "\(expected.count) values", actual: "\(actual.count) values")
    }
    var first = -1, count = 0
    for i in expected.indices where expected[i] != actual[i] {
        if first < 0 { first = i }
        count += 1
    }
    return count == 0 ? nil : Mismatch(first: first, count: count, expected: "\(expected[first])", actual: "\(actual[first])")
}

/// x . w for rows of +-1 floats, in integers (exact).
func integerProduct(_ x: [Float], _ w: [Float], rows n: Int, inner k: Int, outputs o: Int) -> [Int] {
    var y = [Int](repeating: 0, count: n * o)
    for r in 0..<n {
        for j in 0..<o {
            var s = 0
            for i in 0..<k { s += Int(x[r * k + i]) * Int(w[j * k + i]) }
            y[r * o + j] = s
        }
    }
    return y
}
