import Foundation

/// Short tick labels: "-1.5", "0", "0.25", "1e3", "2.5e-4".
///
/// Terminal axes have room for four or five characters, so labels drop
/// trailing zeros ("1", not "1.0") and switch to a compact exponent form
/// ("1e4", no "+", no leading zeros) when fixed notation would be longer than
/// four characters and the exponent form is shorter. One axis always uses one
/// notation, so the labels read as a sequence.
public enum TickLabel {
    /// Labels for ticks spaced `step` apart.
    public static func labels(for values: [Double], step: Double) -> [String] {
        let decimals = max(0, Int((-log10(step) + 1e-9).rounded(.up)))
        let fixedLabels = values.map { fixed($0, decimals: decimals) }
        let fixedWidth = fixedLabels.map(\.count).max() ?? 0
        guard fixedWidth > 4 else { return fixedLabels }
        let expLabels = values.map { exponent($0) }
        let expWidth = expLabels.map(\.count).max() ?? 0
        return expWidth < fixedWidth ? expLabels : fixedLabels
    }

    /// One value as a short label with at most three significant digits, for
    /// ends of ranges and readouts that are not part of a tick sequence.
    public static func short(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
        if value == 0 { return "0" }
        let e = Int(log10(abs(value)).rounded(.down))
        let decimals = max(0, 2 - e)
        let f = fixed(value, decimals: decimals)
        if f.count <= 5 && abs(value) >= 1e-3 { return f }
        let x = exponent(value)
        return x.count <= f.count ? x : f
    }

    /// Fixed notation with at most `decimals` decimals, trailing zeros removed.
    public static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return short(value) }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e18 else { return exponent(value) }
        let n = Int(scaled)
        if n == 0 { return "0" }
        var digits = Array(String(n))
        if decimals > 0 {
            while digits.count <= decimals { digits.insert("0", at: 0) }
            digits.insert(".", at: digits.count - decimals)
            while digits.last == "0" { digits.removeLast() }
            if digits.last == "." { digits.removeLast() }
        }
        return (value < 0 ? "-" : "") + String(digits)
    }

    /// Compact exponent notation: mantissa with up to two decimals, "e", and
    /// the bare exponent ("1e3", "-2.5e-4").
    public static func exponent(_ value: Double) -> String {
        guard value.isFinite, value != 0 else { return value == 0 ? "0" : short(value) }
        var e = Int(log10(abs(value)).rounded(.down))
        var m = value / pow(10, Double(e))
        if (abs(m) * 100).rounded() >= 1000 { m /= 10; e += 1 }
        return fixed(m, decimals: 2) + "e" + String(e)
    }
}
