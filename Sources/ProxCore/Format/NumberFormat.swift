import Foundation

// The number formats of proxlab, each once: every table, pane, check detail
// and log reader writes its numbers with these.

/// Numbers for people: four significant digits, no trailing zeros,
/// exponent form only for the very large and very small.
public func formatCompact(_ v: Double) -> String {
    if v.isNaN { return "NaN" }
    if v.isInfinite { return v > 0 ? "inf" : "-inf" }
    if v == 0 { return "0" }
    if abs(v) >= 1e5 || abs(v) < 1e-4 { return String(format: "%.3g", v) }
    var s = String(format: "%.4g", v)
    if s.contains(".") && !s.contains("e") {
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
    }
    return s
}

/// A share (0.8612) as a percentage: "86.12%" with `decimals` places, or
/// with four significant digits ("0.001%", "84.06%") when `decimals` is nil,
/// "0%" for shares that round to nothing there. "-" when there is no number
/// (NaN or infinite: no test set, a run that never evaluated). Text longer
/// than `width` falls back to the compact form ("7.49e+31%") where that is
/// shorter.
public func formatPercent(_ share: Double, decimals: Int? = 2, width: Int = .max) -> String {
    guard share.isFinite else { return "-" }
    guard let decimals else { return abs(share) < 5e-7 ? "0%" : formatCompact(share * 100) + "%" }
    return fitted(String(format: "%.\(max(0, min(decimals, 6)))f%%", share * 100), width) { formatCompact(share * 100) + "%" }
}

/// `decimals` places ("0.4123") while that fits in `width` characters, the
/// compact form beyond ("7.49e+29"), so a number never runs into the next
/// column of a table; NaN and infinities as `formatCompact` writes them.
public func formatFixed(_ v: Double, decimals: Int, width: Int = .max) -> String {
    guard v.isFinite else { return formatCompact(v) }
    return fitted(String(format: "%.\(max(0, min(decimals, 9)))f", v), width) { formatCompact(v) }
}

/// A count or rate as a whole number ("663", "2836778") while it fits in
/// `width`, the compact form beyond; never traps on NaN or infinity.
public func formatWhole(_ v: Double, width: Int = .max) -> String {
    guard v.isFinite, abs(v) < 1e15 else { return formatCompact(v) }
    return fitted(String(Int64(v.rounded())), width) { formatCompact(v) }
}

/// `text` when it fits in `width`, else the compact form when that is
/// shorter (four significant digits can be wider than "12.3%").
private func fitted(_ text: String, _ width: Int, compact: () -> String) -> String {
    guard text.count > width else { return text }
    let short = compact()
    return short.count < text.count ? short : text
}

/// A size in bytes for people: "680 B", "49.0 KiB", "2.57 MiB", "261.3 GiB".
public func formatBytes(_ bytes: Double) -> String {
    guard bytes.isFinite else { return "-" }
    if bytes >= 1_073_741_824 { return String(format: "%.1f GiB", bytes / 1_073_741_824) }
    if bytes >= 1_048_576 { return String(format: "%.2f MiB", bytes / 1_048_576) }
    if bytes >= 1024 { return String(format: "%.1f KiB", bytes / 1024) }
    return String(format: "%.0f B", bytes)
}
