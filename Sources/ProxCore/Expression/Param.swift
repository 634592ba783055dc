import Foundation

/// A piece's parameter: a number or an arithmetic expression of `mu` and
/// the learning rate `lr`.
///
/// Parameters are kept symbolic rather than evaluated at parse time because
/// mu moves along a schedule during training (docs/THEORY.md section 5): the
/// same `lq(0, mu - 1)` is the identity at the first step and nearly `sign`
/// at the last. Evaluation walks this small tree once per buffer chunk, which
/// costs nothing next to the element loops and allocates nothing.
///
/// `lr` is the optimizer's current step size eta_t, so that a prox step can
/// scale with it as ProxQuant's does (threshold eta_t lambda_t, docs/THEORY.md
/// section 2). A run binds its rate before every step (`binding(learningRate:)`);
/// everything that evaluates a pair outside a run (checks, plots, eval, the
/// workbench) reads `nominalLearningRate`.
public indirect enum Param: Hashable, Sendable {
    case number(Double)
    case mu
    case learningRate
    case negate(Param)
    case binary(ParamOperator, Param, Param)

    /// The rate `lr` reads when no run has bound one: Adam's 1e-3 of the
    /// Fashion-MNIST reference setup (presets/experiments/fashion-mlp.json).
    public static let nominalLearningRate = 1e-3

    /// The value at a given mu. Division by zero and overflow give inf or NaN,
    /// which `Quantizer.validate(mu:)` reports as a domain error.
    public func value(mu: Double) -> Double {
        switch self {
        case .number(let v): return v
        case .mu: return mu
        case .learningRate: return Self.nominalLearningRate
        case .negate(let p): return -p.value(mu: mu)
        case .binary(let op, let l, let r):
            let a = l.value(mu: mu), b = r.value(mu: mu)
            switch op {
            case .add: return a + b
            case .subtract: return a - b
            case .multiply: return a * b
            case .divide: return a / b
            case .power: return Foundation.pow(a, b)
            }
        }
    }

    /// Whether the value depends on mu (a constant parameter can be checked
    /// once, at parse time).
    public var dependsOnMu: Bool { mentions(.mu) }

    /// Whether the value depends on the learning rate.
    public var dependsOnLearningRate: Bool { mentions(.learningRate) }

    /// Whether the variable `leaf` (`.mu` or `.learningRate`) appears.
    func mentions(_ leaf: Param) -> Bool {
        switch self {
        case .negate(let p): return p.mentions(leaf)
        case .binary(_, let l, let r): return l.mentions(leaf) || r.mentions(leaf)
        default: return self == leaf
        }
    }

    /// Whether the value moves during a run (mu or lr appears), so that a
    /// domain check must wait for the schedule.
    public var isVariable: Bool { dependsOnMu || dependsOnLearningRate }

    /// The same expression with `lr` replaced by a number: what a run
    /// evaluates during one step.
    public func binding(learningRate lr: Double) -> Param {
        switch self {
        case .number, .mu: return self
        case .learningRate: return .number(lr)
        case .negate(let p): return .negate(p.binding(learningRate: lr))
        case .binary(let op, let l, let r): return .binary(op, l.binding(learningRate: lr), r.binding(learningRate: lr))
        }
    }

    /// Negation that folds literals, so `-1` is one number and printing then
    /// parsing gives back the same tree.
    public static func negated(_ p: Param) -> Param {
        if case .number(let v) = p { return .number(-v) }
        return .negate(p)
    }
}

public enum ParamOperator: String, Hashable, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", power = "^"

    /// Binding strength for printing with the fewest parentheses.
    var precedence: Int {
        switch self {
        case .add, .subtract: return 1
        case .multiply, .divide: return 2
        case .power: return 4
        }
    }
}

// MARK: - Printing

extension Param: CustomStringConvertible {
    public var description: String { text }

    /// Precedence of the outermost operation: 1 sums, 2 products, 3 unary
    /// minus (and negative literals), 4 powers, 5 atoms.
    var precedence: Int {
        switch self {
        // -0 prints as "0" (formatNumber), so it binds like an atom.
        case .number(let v): return v < 0 ? 3 : 5
        case .mu, .learningRate: return 5
        case .negate: return 3
        case .binary(let op, _, _): return op.precedence
        }
    }

    var text: String {
        switch self {
        case .number(let v): return formatNumber(v)
        case .mu: return "mu"
        case .learningRate: return "lr"
        case .negate(let p): return "-" + p.wrapped(if: p.precedence < 3)
        case .binary(let op, let l, let r):
            let p = op.precedence
            let leftNeedsParens = op == .power ? l.precedence <= p : l.precedence < p
            let rightNeedsParens = op == .power ? r.precedence < p : r.precedence <= p
            return "\(l.wrapped(if: leftNeedsParens)) \(op.rawValue) \(r.wrapped(if: rightNeedsParens))"
        }
    }

    func wrapped(if condition: Bool) -> String { condition ? "(\(text))" : text }
}

/// The shortest text that parses back to the same Double: integers without a
/// decimal point, everything else in Swift's shortest round-trip form.
public func formatNumber(_ v: Double) -> String {
    if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
    return "\(v)"
}
