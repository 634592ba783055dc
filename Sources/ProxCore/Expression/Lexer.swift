/// Tokens of the expression language shared by quantizers, parameters and
/// schedules.
struct Token: Equatable {
    enum Kind: Equatable {
        case number(Double)
        case identifier(String)
        case symbol(Character)   // ( ) , + - * / ^ .
        case end
    }
    let kind: Kind
    /// 1-based column of the token's first character.
    let column: Int
}

/// Splits text into tokens. Numbers start with a digit (so `f.g` is a
/// composition, never a decimal), identifiers are ASCII letters, digits and
/// underscores, and any other character is an error at its column.
enum Lexer {
    static func tokenize(_ text: String) throws(ParseError) -> [Token] {
        let chars = Array(text)
        var tokens: [Token] = []
        var i = 0
        while i < chars.count {
            let c = chars[i]
            let column = i + 1
            if c == " " || c == "\t" || c == "\n" || c == "\r" { i += 1; continue }
            if c.isASCII && c.isNumber {
                var j = i
                while j < chars.count, chars[j].isASCII, chars[j].isNumber { j += 1 }
                if j + 1 < chars.count, chars[j] == ".", chars[j + 1].isASCII, chars[j + 1].isNumber {
                    j += 1
                    while j < chars.count, chars[j].isASCII, chars[j].isNumber { j += 1 }
                }
                if j < chars.count, chars[j] == "e" || chars[j] == "E" {
                    var k = j + 1
                    if k < chars.count, chars[k] == "+" || chars[k] == "-" { k += 1 }
                    if k < chars.count, chars[k].isASCII, chars[k].isNumber {
                        while k < chars.count, chars[k].isASCII, chars[k].isNumber { k += 1 }
                        j = k
                    }
                }
                let literal = String(chars[i..<j])
                guard let v = Double(literal), v.isFinite else {
                    throw ParseError("number \(literal) is out of range", column: column, text: text)
                }
                tokens.append(Token(kind: .number(v), column: column))
                i = j
            } else if c.isASCII && (c.isLetter || c == "_") {
                var j = i
                while j < chars.count, chars[j].isASCII, chars[j].isLetter || chars[j].isNumber || chars[j] == "_" { j += 1 }
                tokens.append(Token(kind: .identifier(String(chars[i..<j])), column: column))
                i = j
            } else if "(),+-*/^.".contains(c) {
                tokens.append(Token(kind: .symbol(c), column: column))
                i += 1
            } else {
                throw ParseError("unexpected character '\(c)'", column: column, text: text)
            }
        }
        tokens.append(Token(kind: .end, column: chars.count + 1))
        return tokens
    }
}
