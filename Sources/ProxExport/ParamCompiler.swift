import ProxCore

/// A piece's parameter as a Python expression of the variables `mu` and `lr`, evaluated in Python floats, which are
/// the binary64 numbers `Param.value(mu:)` computes with.
///
/// Parentheses follow `Param`'s own precedences (docs/THEORY.md section 3's
/// parameter grammar), which are Python's for + - * / and unary minus; a
/// power becomes `math.pow(a, b)`, because Python's `**` turns a negative
/// base with a fractional exponent into a complex number where proxlab
/// gets NaN, and `math.pow` raises instead.
enum ParamCompiler {
    static func python(_ p: Param) -> String { text(p).text }

    /// The text and the precedence of its outermost operation (5 for atoms).
    private static func text(_ p: Param) -> (text: String, precedence: Int) {
        switch p {
        case .number(let v): return (PythonLiteral.number(v), v < 0 ? 3 : 5)
        case .mu: return ("mu", 5)
        // The optimizer's step size: every generated map takes `lr`, which
        // defaults to the nominal rate `LR` that proxlab's checks and eval read.
        case .learningRate: return ("lr", 5)
        case .negate(let inner):
            let t = text(inner)
            return ("-" + (t.precedence < 3 ? "(\(t.text))" : t.text), 3)
        case .binary(let op, let l, let r):
            if op == .power {
                return ("math.pow(\(text(l).text), \(text(r).text))", 5)
            }
            let precedence = op == .add || op == .subtract ? 1 : 2
            let (lt, rt) = (text(l), text(r))
            let left = lt.precedence < precedence ? "(\(lt.text))" : lt.text
            let right = rt.precedence <= precedence ? "(\(rt.text))" : rt.text
            return ("\(left) \(op.rawValue) \(right)", precedence)
        }
    }

    /// The parameter as a coefficient in front of a product: bare when it
    /// is a number or a variable, else in parentheses.
    static func coefficient(_ p: Param) -> String {
        let t = text(p)
        return t.precedence == 5 && !t.text.hasPrefix("math.") ? t.text : "(\(t.text))"
    }

    /// Whether the generated code needs `import math` for this parameter.
    static func needsMath(_ p: Param) -> Bool {
        switch p {
        case .number(let v): return !v.isFinite
        case .mu, .learningRate: return false
        case .negate(let inner): return needsMath(inner)
        case .binary(let op, let l, let r): return op == .power || needsMath(l) || needsMath(r)
        }
    }
}
