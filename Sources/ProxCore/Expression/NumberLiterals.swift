/// The numbers in an expression's text, so keys can nudge a parameter
/// without retyping the expression.
public enum NumberLiterals {
    /// Ranges (in characters) of each number, a leading unary minus included.
    public static func find(in text: String) -> [Range<Int>] {
        let c = Array(text)
        var out: [Range<Int>] = []
        var i = 0
        while i < c.count {
            let isDigit = c[i].isASCII && c[i].isNumber
            let previous = i > 0 ? c[i - 1] : " "
            if isDigit && !(previous.isLetter || previous == "_" || (previous.isNumber && previous.isASCII)) {
                var start = i
                var j = i
                while j < c.count, (c[j].isASCII && c[j].isNumber) || c[j] == "." { j += 1 }
                if j < c.count, c[j] == "e" || c[j] == "E" {
                    var k = j + 1
                    if k < c.count, c[k] == "+" || c[k] == "-" { k += 1 }
                    if k < c.count, c[k].isNumber { while k < c.count, c[k].isNumber { k += 1 }; j = k }
                }
                // A minus counts when it is unary: after an opening, a comma or an operator.
                var p = start - 1
                while p >= 0, c[p] == " " { p -= 1 }
                if p >= 0, c[p] == "-" {
                    var q = p - 1
                    while q >= 0, c[q] == " " { q -= 1 }
                    if q < 0 || "(,*+-/^".contains(c[q]) { start = p }
                }
                out.append(start..<j)
                i = j
            } else {
                i += 1
            }
        }
        return out
    }

    /// The text with number `index` moved by `delta`, or nil when there is none.
    public static func nudge(_ text: String, index: Int, by delta: Double) -> String? {
        guard let v = value(in: text, index: index) else { return nil }
        return replacing(text, index: index, with: ((v + delta) * 1e6).rounded() / 1e6)
    }

    /// The value of number `index`, or nil when there is none.
    public static func value(in text: String, index: Int) -> Double? {
        let ranges = find(in: text)
        guard index >= 0, index < ranges.count else { return nil }
        return Double(String(Array(text)[ranges[index]]).replacingOccurrences(of: " ", with: ""))
    }

    /// The text with number `index` replaced by `value`, or nil when there is none.
    public static func replacing(_ text: String, index: Int, with value: Double) -> String? {
        let ranges = find(in: text)
        guard index >= 0, index < ranges.count else { return nil }
        let c = Array(text), r = ranges[index]
        return String(c[..<r.lowerBound]) + formatNumber(value) + String(c[r.upperBound...])
    }
}
