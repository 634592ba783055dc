import Foundation

/// Relative-or-absolute closeness used by every numerical test: passes when
/// |a - b| <= atol + rtol * max(|a|, |b|).
public func isClose(_ a: Double, _ b: Double, rtol: Double = 1e-6, atol: Double = 1e-9) -> Bool {
    if a.isNaN || b.isNaN { return false }
    if a == b { return true }
    return abs(a - b) <= atol + rtol * max(abs(a), abs(b))
}
