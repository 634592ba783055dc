/// A syntax or domain error in an expression, located by a 1-based column.
///
/// `rendered` shows the text with a caret under the column, which is how the
/// CLI and the composer present it; `message` alone is the one-line form.
public struct ParseError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String
    /// 1-based column in characters of `text`.
    public let column: Int
    public let text: String

    public init(_ message: String, column: Int, text: String) {
        self.message = message
        self.column = max(1, column)
        self.text = text
    }

    public var description: String { "column \(column): \(message)" }

    /// The text and a caret under the offending column.
    public var caretLines: [String] {
        let shown = text.map { $0 == "\t" || $0 == "\n" || $0 == "\r" ? " " : $0 }
        return [String(shown), String(repeating: " ", count: column - 1) + "^"]
    }
}
