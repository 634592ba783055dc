/// Parameter expressions: numbers, `mu`, `lr`, + - * / ^ and parentheses, with the
/// usual precedence (^ binds tightest and to the right; -mu^2 is -(mu^2)).
extension TokenStream {
    mutating func parseParam() throws(ParseError) -> Param {
        try enter(); defer { leave() }
        var left = try parseParamTerm()
        while true {
            if accept("+") { left = .binary(.add, left, try parseParamTerm()) }
            else if accept("-") { left = .binary(.subtract, left, try parseParamTerm()) }
            else { return left }
        }
    }

    mutating func parseParamTerm() throws(ParseError) -> Param {
        var left = try parseParamUnary()
        while true {
            if accept("*") { left = .binary(.multiply, left, try parseParamUnary()) }
            else if accept("/") { left = .binary(.divide, left, try parseParamUnary()) }
            else { return left }
        }
    }

    mutating func parseParamUnary() throws(ParseError) -> Param {
        if accept("-") {
            try enter(); defer { leave() }
            return Param.negated(try parseParamUnary())
        }
        return try parseParamPower()
    }

    mutating func parseParamPower() throws(ParseError) -> Param {
        let base = try parseParamAtom()
        if accept("^") {
            try enter(); defer { leave() }
            return .binary(.power, base, try parseParamUnary())
        }
        return base
    }

    mutating func parseParamAtom() throws(ParseError) -> Param {
        let token = current
        switch token.kind {
        case .number(let v):
            advance()
            return .number(v)
        case .identifier("mu"):
            advance()
            return .mu
        case .identifier("lr"):
            advance()
            return .learningRate
        case .identifier(let name):
            throw error("unknown name '\(name)' in a parameter: only numbers, mu and lr may appear")
        case .symbol("("):
            advance()
            let inner = try parseParam()
            try expect(")", "to close the parenthesis")
            return inner
        default:
            throw error("expected a number, mu or lr, found \(describe(token))")
        }
    }
}

extension Param {
    /// Parses a parameter expression such as `mu - 1` or `2 ^ (mu / 10)`.
    public init(parsing text: String) throws(ParseError) {
        var stream = try TokenStream(text)
        let p = try stream.parseParam()
        try stream.expectEnd("parameter")
        self = p
    }
}
