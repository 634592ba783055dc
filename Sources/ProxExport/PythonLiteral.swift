import ProxCore

/// Python spellings of the values the generated code embeds.
///
/// Numbers use the shortest text that parses back to the same Double
/// (`formatNumber`, the one the expression printer uses), so a constant in
/// the generated code is the same binary64 value proxlab computes with.
public enum PythonLiteral {
    public static func number(_ v: Double) -> String {
        if v.isNaN { return "math.nan" }
        if v.isInfinite { return v > 0 ? "math.inf" : "-math.inf" }
        return formatNumber(v)
    }

    /// A float literal even for whole numbers (`5.0`), where a Python int
    /// would change what the code means (a division, a tensor's dtype).
    public static func float(_ v: Double) -> String {
        let s = number(v)
        return s.allSatisfy({ $0.isNumber || $0 == "-" }) ? s + ".0" : s
    }

    /// A double-quoted string: JSON's escapes (`quote`) are Python's too.
    public static func string(_ s: String) -> String { quote(s) }

    /// Words filled into lines of at most `width` characters after `indent`.
    public static func wrap(_ text: String, width: Int = 88, indent: String = "") -> [String] {
        var lines: [String] = [], line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            if !line.isEmpty && indent.count + line.count + 1 + word.count > width {
                lines.append(indent + line)
                line = String(word)
            } else {
                line += (line.isEmpty ? "" : " ") + word
            }
        }
        if !line.isEmpty { lines.append(indent + line) }
        return lines
    }

    /// `NAME = "text"`, split into implicitly joined pieces in parentheses
    /// when the line would be longer than `width`.
    public static func assignment(_ name: String, _ text: String, width: Int = 88) -> String {
        let single = "\(name) = \(string(text))"
        if single.count <= width { return single }
        // Words (each with the space after it) packed greedily into pieces
        // that fit a line once indented and quoted.
        var pieces: [String] = [], piece = ""
        var word = ""
        func place() {
            if !piece.isEmpty && piece.count + word.count > width - 8 {
                pieces.append(piece)
                piece = ""
            }
            piece += word
            word = ""
        }
        for ch in text {
            word.append(ch)
            if ch == " " { place() }
        }
        place()
        if !piece.isEmpty { pieces.append(piece) }
        return "\(name) = (\n" + pieces.map { "    " + string($0) }.joined(separator: "\n") + "\n)"
    }

    public static func bool(_ b: Bool) -> String { b ? "True" : "False" }

    /// Text safe inside a triple-quoted docstring.
    public static func docText(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"\"\"", with: "\\\"\\\"\\\"")
    }

    /// A Python identifier made from a name such as `bnnplus-principled`.
    public static func identifier(_ name: String) -> String {
        var s = String(name.lowercased().map { $0.isLetter && $0.isASCII || $0.isNumber && $0.isASCII ? $0 : "_" })
        if s.isEmpty || s.first!.isNumber { s = "pair_" + s }
        if keywords.contains(s) { s += "_" }
        return s
    }

    static let keywords: Set<String> = [
        "false", "none", "true", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
        "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
        "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
    ]
}
