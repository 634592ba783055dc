/// The quantizer grammar (printing in `Quantizer+Printing.swift` mirrors it):
///
///     sum         := term (('+' | '-') term)*
///     term        := factor ('.' factor)*          f . g is f after g
///     factor      := coefficient '*' factor | '-' factor | atom
///     coefficient := number | 'mu' | 'lr' | '-' coefficient | '(' parameter ')'
///     atom        := piece | piece '(' arguments ')' | '(' sum ')'
///
/// `f - g` is read as `f + -1 * g`. A parenthesis at the start of a factor
/// may open a coefficient (`(mu - 1) * tanh(1)`) or a quantizer
/// (`(sign . clip(1))`); the parser tries the coefficient first and backs up.
extension TokenStream {
    mutating func parseSum() throws(ParseError) -> Quantizer {
        try enter(); defer { leave() }
        var terms = [try parseTerm()]
        while true {
            if accept("+") {
                terms.append(try parseTerm())
            } else if accept("-") {
                let t = try parseTerm()
                if case .scaled(.number(let c), let f) = t { terms.append(.scaled(.number(-c), f)) }
                else { terms.append(.scaled(.number(-1), t)) }
            } else {
                return terms.count == 1 ? terms[0] : .sum(terms)
            }
        }
    }

    mutating func parseTerm() throws(ParseError) -> Quantizer {
        var factors = [try parseFactor()]
        while accept(".") { factors.append(try parseFactor()) }
        return factors.count == 1 ? factors[0] : .compose(factors)
    }

    mutating func parseFactor() throws(ParseError) -> Quantizer {
        try enter(); defer { leave() }
        let start = position
        switch current.kind {
        case .number, .identifier("mu"), .identifier("lr"):
            let c = try parseCoefficient()
            try expect("*", "after the coefficient \(c) (write c * f to scale a quantizer)")
            return .scaled(c, try parseFactor())
        case .symbol("-"):
            advance()
            switch current.kind {
            case .number, .identifier("mu"), .identifier("lr"), .symbol("-"), .symbol("("):
                if let c = try? parseCoefficient(), accept("*") {
                    return .scaled(Param.negated(c), try parseFactor())
                }
                position = start + 1
            default: break
            }
            return .scaled(.number(-1), try parseFactor())
        case .symbol("("):
            if let c = try? parseCoefficient(), accept("*") {
                return .scaled(c, try parseFactor())
            }
            position = start
            return try parseAtom()
        default:
            return try parseAtom()
        }
    }

    mutating func parseCoefficient() throws(ParseError) -> Param {
        try enter(); defer { leave() }
        switch current.kind {
        case .number(let v): advance(); return .number(v)
        case .identifier("mu"): advance(); return .mu
        case .identifier("lr"): advance(); return .learningRate
        case .symbol("-"): advance(); return Param.negated(try parseCoefficient())
        case .symbol("("):
            advance()
            let p = try parseParam()
            try expect(")", "to close the coefficient")
            return p
        default: throw error("expected a coefficient, found \(describe(current))")
        }
    }

    mutating func parseAtom() throws(ParseError) -> Quantizer {
        let token = current
        switch token.kind {
        case .symbol("("):
            advance()
            let inner = try parseSum()
            try expect(")", "to close the parenthesis")
            return inner
        case .identifier(let name):
            advance()
            return .piece(try parsePiece(name, column: token.column))
        case .end:
            throw error("expected a quantizer (a piece such as sign or clip(1)), found end of text")
        default:
            throw error("expected a quantizer (a piece such as sign or clip(1)), found \(describe(token))")
        }
    }

    mutating func parsePiece(_ name: String, column: Int) throws(ParseError) -> Piece {
        if let alias = PieceCatalog.aliases[name] {
            if accept("(") { try expect(")", "(\(name) takes no arguments)") }
            return alias
        }
        guard let spec = PieceCatalog.spec(named: name) else {
            var message = "unknown piece '\(name)'"
            if let guess = PieceCatalog.closestName(to: name) { message += " (did you mean '\(guess)'?)" }
            message += "; pieces: " + PieceCatalog.all.map(\.name).joined(separator: ", ")
            throw error(message, at: column)
        }
        if name == "pwl" { return try parsePoints(column: column) }
        var args: [(Param, Int)] = []
        if accept("(") {
            if !isSymbol(")") {
                repeat {
                    let argColumn = current.column
                    args.append((try parseParam(), argColumn))
                } while accept(",")
            }
            try expect(")", "to close \(name)'s arguments")
        }
        let expected = spec.parameterNames.count
        guard args.count == expected else {
            let list = spec.parameterNames.joined(separator: ", ")
            let wanted = expected == 0 ? "no arguments" : "\(expected) argument\(expected == 1 ? "" : "s") (\(list))"
            throw error("\(name) takes \(wanted), got \(args.count)", at: column)
        }
        let p = args.map(\.0)
        let piece: Piece
        switch name {
        case "id": piece = .identity
        case "sign": piece = .sign
        case "approxsign": piece = .approxSign
        case "clip": piece = .clip(p[0])
        case "scale": piece = .scale(p[0])
        case "tanh": piece = .tanh(p[0])
        case "signswish": piece = .signSwish(p[0])
        case "lq": piece = .linearQuadratic(k: p[0], r: p[1])
        default: throw error("unknown piece '\(name)'", at: column)
        }
        // Constant parameters are checked now, at their own column; those that
        // follow mu or lr are checked against the schedule when the pair is built.
        for (i, (param, argColumn)) in args.enumerated() where !param.isVariable {
            if let problem = Piece.parameterProblem(piece: name, index: i, value: param.value(mu: 0)) {
                throw error(problem, at: argColumn)
            }
        }
        return piece
    }

    /// `pwl((x1, y1), (x2, y2), ...)` with constant coordinates.
    mutating func parsePoints(column: Int) throws(ParseError) -> Piece {
        try expect("(", "after pwl (write pwl((x1, y1), (x2, y2), ...))")
        var points: [PWLPoint] = []
        repeat {
            try expect("(", "to open a point (x, y)")
            let xColumn = current.column
            let x = try parseParam()
            try expect(",", "between a point's x and y")
            let y = try parseParam()
            try expect(")", "to close the point")
            if x.isVariable || y.isVariable { throw error("pwl points must be numbers, not expressions of mu or lr", at: xColumn) }
            points.append(PWLPoint(x: x.value(mu: 1), y: y.value(mu: 1)))
        } while accept(",")
        try expect(")", "to close pwl's points")
        let piece = Piece.piecewiseLinear(points)
        if let message = piece.domainError(mu: 1) { throw error(message, at: column) }
        return piece
    }
}

extension Quantizer {
    /// Parses an expression such as `signswish(mu) . sign` or `2 * clip(1) + id`.
    public init(parsing text: String) throws(ParseError) {
        var stream = try TokenStream(text)
        if stream.current.kind == .end { throw stream.error("empty expression: expected a quantizer such as sign") }
        let q = try stream.parseSum()
        try stream.expectEnd("expression")
        self = q
    }
}

extension PieceCatalog {
    /// The known name nearest to a misspelling (at most 2 edits).
    static func closestName(to name: String) -> String? {
        Suggestion.closest(to: name, among: all.map(\.name) + aliases.keys.sorted())
    }
}
