/// Printing with the fewest parentheses that keep the tree: the grammar is
/// `sum := term ('+' term)*`, `term := factor ('.' factor)*`,
/// `factor := coefficient '*' factor | atom`, and a node is wrapped only where
/// the grammar would otherwise read it differently.
extension Quantizer: CustomStringConvertible {
    public var description: String { text(level: .sum) }

    enum Level: Int { case sum = 0, term = 1, factor = 2 }

    func text(level: Level) -> String {
        switch self {
        case .piece(let p): return p.description
        case .sum(let fs):
            let s = fs.map { $0.text(level: .term) }.joined(separator: " + ")
            return level == .sum ? s : "(\(s))"
        case .compose(let fs):
            // A nested composition stays nested: it is wrapped like any other factor.
            let s = fs.map { $0.text(level: .factor) }.joined(separator: " . ")
            return level.rawValue <= Level.term.rawValue ? s : "(\(s))"
        case .scaled(let c, let f):
            let coefficient: String
            switch c {
            case .number, .mu, .learningRate: coefficient = c.description
            default: coefficient = "(\(c))"
            }
            return "\(coefficient) * \(f.text(level: .factor))"
        }
    }
}

extension Piece: CustomStringConvertible {
    public var description: String {
        switch self {
        case .identity, .sign, .approxSign: return name
        case .piecewiseLinear(let points):
            let list = points.map { "(\(formatNumber($0.x)), \(formatNumber($0.y)))" }.joined(separator: ", ")
            return "pwl(\(list))"
        default:
            return "\(name)(\(parameters.map(\.description).joined(separator: ", ")))"
        }
    }
}
