/// A cursor over tokens with the small helpers every parser here needs.
struct TokenStream {
    let tokens: [Token]
    let text: String
    var position = 0
    /// Nesting depth, bounded so hostile input cannot overflow the stack.
    var depth = 0
    static let maximumDepth = 64

    init(_ text: String) throws(ParseError) {
        self.text = text
        self.tokens = try Lexer.tokenize(text)
    }

    var current: Token { tokens[position] }
    var next: Token { tokens[min(position + 1, tokens.count - 1)] }

    mutating func advance() { if position < tokens.count - 1 { position += 1 } }

    func isSymbol(_ c: Character) -> Bool { current.kind == .symbol(c) }

    mutating func accept(_ c: Character) -> Bool {
        if isSymbol(c) { advance(); return true }
        return false
    }

    mutating func expect(_ c: Character, _ context: String) throws(ParseError) {
        guard accept(c) else { throw error("expected '\(c)' \(context), found \(describe(current))") }
    }

    mutating func enter() throws(ParseError) {
        depth += 1
        if depth > Self.maximumDepth { throw error("expression nested deeper than \(Self.maximumDepth) levels") }
    }

    mutating func leave() { depth -= 1 }

    func error(_ message: String, at column: Int? = nil) -> ParseError {
        ParseError(message, column: column ?? current.column, text: text)
    }

    func describe(_ token: Token) -> String {
        switch token.kind {
        case .number(let v): return "number \(formatNumber(v))"
        case .identifier(let s): return "'\(s)'"
        case .symbol(let c): return "'\(c)'"
        case .end: return "end of text"
        }
    }

    mutating func expectEnd(_ what: String) throws(ParseError) {
        guard current.kind == .end else {
            throw error("unexpected \(describe(current)) after the \(what)")
        }
    }
}
