/// How two runs' numbers differ, bit for bit, in one short line.
///
/// Determinism tests compare whole weight vectors; printing them on failure
/// would bury the report under thousands of floats. This names the first
/// differing index and how many differ, or returns nil when every element has
/// the same bits (NaNs with the same payload count as equal, and -0 differs
/// from +0: the promise is the same bits, not the same values).
public func bitDifference<T: BinaryFloatingPoint>(_ a: [T], _ b: [T]) -> String? {
    guard a.count == b.count else { return "lengths differ: \(a.count) against \(b.count)" }
    var first: Int?
    var count = 0
    for i in a.indices where !sameBits(a[i], b[i]) {
        if first == nil { first = i }
        count += 1
    }
    guard let i = first else { return nil }
    return "\(count) of \(a.count) elements differ; the first at index \(i): \(a[i]) against \(b[i])"
}

private func sameBits<T>(_ x: T, _ y: T) -> Bool {
    withUnsafeBytes(of: x) { p in withUnsafeBytes(of: y) { q in p.elementsEqual(q) } }
}
