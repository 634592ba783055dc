import ProxCore

/// A quantizer expression compiled into Python over torch tensors.
///
/// The value is one nested expression that reads like the formula
/// (`signswish(sign(x), mu)` for `signswish(mu) . sign`), or straight-line
/// code when that expression would not fit a line. The derivative is
/// straight-line code: the chain rule through compositions, the sum rule,
/// and constant factors, in the order `Quantizer.valueAndDerivative`
/// multiplies and adds, so float64 results match `proxlab eval` to rounding.
enum QuantizerCompiler {
    /// The longest `return ...` line kept as one nested expression.
    static let lineLimit = 96

    /// F(x) as one Python expression of the tensor named `x`.
    static func value(_ q: Quantizer, _ x: String) -> String {
        switch q {
        case .piece(let p): return PieceSource.call(p, x, slope: false)
        case .compose(let fs):
            return fs.reversed().reduce(x) { inner, f in value(f, inner) }
        case .scaled(let c, let f):
            if case .sum = f { return "\(ParamCompiler.coefficient(c)) * (\(value(f, x)))" }
            return "\(ParamCompiler.coefficient(c)) * \(value(f, x))"
        case .sum(let fs):
            return fs.map { f -> String in
                if case .sum = f { return "(\(value(f, x)))" }
                return value(f, x)
            }.joined(separator: " + ")
        }
    }

    /// Statements computing F(x), the last of which returns it.
    static func valueBody(_ q: Quantizer, _ x: String) -> [String] {
        let line = "return " + value(q, x)
        if line.count + 4 <= lineLimit { return [line] }
        var e = Emitter(slopes: false)
        let (v, _) = e.both(q, x, needsValue: true)
        return e.lines + ["return \(v ?? x)"]
    }

    /// Statements computing F'(x), the last of which returns it.
    static func slopeBody(_ q: Quantizer, _ x: String) -> [String] {
        var e = Emitter(slopes: true)
        let (_, d) = e.both(q, x, needsValue: false)
        // A single statement reads better returned directly.
        if e.lines.count == 1, e.lines[0].hasPrefix("\(d) = ") { return ["return " + e.lines[0].dropFirst(d.count + 3)] }
        return e.lines + ["return \(d)"]
    }

    /// Names the intermediate values and slopes as it emits them.
    struct Emitter {
        /// False: values only (the slope names returned are meaningless).
        var slopes: Bool
        var lines: [String] = []
        var values = 0
        var slopeCount = 0

        mutating func value(_ expression: String) -> String {
            values += 1
            lines.append("v\(values) = \(expression)")
            return "v\(values)"
        }

        mutating func slope(_ expression: String) -> String {
            guard slopes else { return "" }
            slopeCount += 1
            lines.append("d\(slopeCount) = \(expression)")
            return "d\(slopeCount)"
        }

        /// The value (when asked) and the slope of `q` at `x`, as names.
        mutating func both(_ q: Quantizer, _ x: String, needsValue: Bool) -> (value: String?, slope: String) {
            switch q {
            case .piece(let p):
                let v = needsValue ? value(PieceSource.call(p, x, slope: false)) : nil
                return (v, slope(PieceSource.call(p, x, slope: true)))
            case .compose(let fs):
                // Innermost first; each outer factor reads the running value,
                // and the running slope is multiplied by the factor's slope.
                var current = x
                var d: String?
                for (i, f) in fs.reversed().enumerated() {
                    let outermost = i == fs.count - 1
                    let (v, s) = both(f, current, needsValue: !outermost || needsValue)
                    d = d.map { slope("\($0) * \(s)") } ?? s
                    if let v { current = v }
                }
                return (needsValue ? current : nil, d ?? slope("torch.ones_like(\(x))"))
            case .scaled(let c, let f):
                let (v, s) = both(f, x, needsValue: needsValue)
                let coefficient = ParamCompiler.coefficient(c)
                return (v.map { value("\(coefficient) * \($0)") }, slope("\(coefficient) * \(s)"))
            case .sum(let fs):
                var vs: [String] = [], ds: [String] = []
                for f in fs {
                    let (v, s) = both(f, x, needsValue: needsValue)
                    if let v { vs.append(v) }
                    ds.append(s)
                }
                return (needsValue ? value(vs.joined(separator: " + ")) : nil, slope(ds.joined(separator: " + ")))
            }
        }
    }

    /// Every distinct kind of piece in the expressions, in first-use order.
    static func pieceKinds(_ qs: [Quantizer]) -> [Piece] {
        var seen: [String] = [], kinds: [Piece] = []
        for p in qs.flatMap(\.pieces) where !seen.contains(PieceSource.names(p).value) {
            seen.append(PieceSource.names(p).value)
            kinds.append(p)
        }
        return kinds
    }

    /// Whether any parameter needs `import math`.
    static func needsMath(_ qs: [Quantizer]) -> Bool {
        qs.flatMap(\.parameters).contains(where: ParamCompiler.needsMath)
    }
}
