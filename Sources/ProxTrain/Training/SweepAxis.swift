import Foundation
import ProxCore

/// One number a sweep varies, and the values it takes:
/// `NAME=START:END:COUNT` (evenly spaced, ends included; `:log` for equal
/// ratios, as learning rates want).
///
/// Names:
/// - `lr`: the learning rate;
/// - `mu`: a constant schedule's value or cumulativeLR's c; `mu.start`,
///   `mu.end`: a linear or exponential schedule's ends;
/// - `F.N`, `B.N`, `P.N`: the N-th number (from 1) written in the pair's
///   forward, backward or proximal expression, as the composer's Left/Right
///   choose it (`B.1` is the 5 of `signswish(5)`);
/// - `F.piece.param`, `B.piece.param`, `P.piece.param` (with `#K` for the
///   K-th such piece): a piece's parameter by name, e.g. `B.signswish.b`,
///   `P.lq.k`; the parameter becomes that number, even where it followed mu.
public struct SweepAxis: Sendable, Equatable {
    public enum Field: String, Sendable, CaseIterable { case F, B, P }

    public enum Target: Sendable, Equatable {
        case learningRate
        case mu, muStart, muEnd
        case literal(Field, index: Int)
        case parameter(Field, piece: String, parameter: Int, occurrence: Int)
    }

    public let name: String
    public let target: Target
    public let values: [Double]

    public init(name: String, target: Target, values: [Double]) {
        self.name = name
        self.target = target
        self.values = values
    }

    /// Parses `NAME=START:END:COUNT[:log]`; the error is one line.
    public init(parsing text: String) throws(SweepError) {
        guard let eq = text.firstIndex(of: "=") else {
            throw SweepError("'\(text)': expected NAME=START:END:COUNT, e.g. B.signswish.b=1:10:5 or lr=0.001:0.1:5:log")
        }
        let name = text[..<eq].trimmingCharacters(in: .whitespaces)
        let parts = text[text.index(after: eq)...].split(separator: ":", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 3 || (parts.count == 4 && parts[3] == "log"),
              let a = Double(parts[0]), let b = Double(parts[1]), a.isFinite, b.isFinite, let n = Int(parts[2]), (1...100).contains(n) else {
            throw SweepError("'\(text)': the values are START:END:COUNT with numbers and a COUNT of 1 to 100, optionally :log")
        }
        let log = parts.count == 4
        if log && !(a > 0 && b > 0) { throw SweepError("'\(text)': :log needs START > 0 and END > 0") }
        self.name = name
        target = try Self.target(name)
        values = (0..<n).map { i in
            let f = n == 1 ? 0 : Double(i) / Double(n - 1)
            return log ? a * pow(b / a, f) : a + (b - a) * f
        }
    }

    static func target(_ name: String) throws(SweepError) -> Target {
        switch name {
        case "lr": return .learningRate
        case "mu": return .mu
        case "mu.start": return .muStart
        case "mu.end": return .muEnd
        default: break
        }
        let parts = name.split(separator: ".").map(String.init)
        guard parts.count >= 2, let field = Field(rawValue: parts[0]) else {
            throw SweepError("unknown sweep variable '\(name)'; use lr, mu, mu.start, mu.end, F.N, B.N, P.N or FIELD.piece.param (e.g. B.signswish.b)")
        }
        if parts.count == 2, let n = Int(parts[1]) {
            guard n >= 1 else { throw SweepError("'\(name)': numbers are counted from 1") }
            return .literal(field, index: n - 1)
        }
        guard parts.count == 3 else { throw SweepError("'\(name)': expected \(field).N or \(field).piece.param") }
        var piece = parts[1], occurrence = 1
        if let hash = piece.firstIndex(of: "#") {
            guard let k = Int(piece[piece.index(after: hash)...]), k >= 1 else { throw SweepError("'\(name)': #K counts pieces from 1") }
            occurrence = k
            piece = String(piece[..<hash])
        }
        guard let spec = PieceCatalog.spec(named: piece) else {
            throw SweepError("'\(name)': unknown piece '\(piece)'; pieces: \(PieceCatalog.all.map(\.name).joined(separator: ", "))")
        }
        guard let p = spec.parameterNames.firstIndex(of: parts[2]) else {
            throw SweepError("'\(name)': \(piece) has \(spec.parameterNames.isEmpty ? "no parameters" : "parameters " + spec.parameterNames.joined(separator: ", "))")
        }
        return .parameter(field, piece: piece, parameter: p, occurrence: occurrence)
    }

    /// The plan with this axis at `value`; the error says why the pair or
    /// schedule has no such number.
    public func apply(_ value: Double, to plan: RunPlan) throws(SweepError) -> RunPlan {
        var plan = plan
        switch target {
        case .learningRate:
            guard value > 0 else { throw SweepError("\(name) = \(formatNumber(value)): the learning rate must be positive") }
            plan.experiment.learningRate = value
        case .mu, .muStart, .muEnd:
            plan.pair.schedule = try schedule(plan.pair.schedule, value)
        case .literal(let field, let index):
            let text = Self.expression(plan.pair, field).description
            guard let changed = NumberLiterals.replacing(text, index: index, with: value) else {
                throw SweepError("\(name): \(field) = \(text) has \(NumberLiterals.find(in: text).count) numbers, no number \(index + 1)")
            }
            do { try Self.set(&plan.pair, field, Quantizer(parsing: changed)) } catch {
                throw SweepError("\(name) = \(formatNumber(value)): \(field) = \(changed): \(error.message)")
            }
        case .parameter(let field, let piece, let parameter, let occurrence):
            var seen = 0
            guard let changed = Self.expression(plan.pair, field).settingParameter(piece: piece, index: parameter, occurrence: occurrence, to: value, seen: &seen) else {
                throw SweepError("\(name): \(field) = \(Self.expression(plan.pair, field)) has \(seen == 0 ? "no \(piece)" : "only \(seen) \(piece)")")
            }
            Self.set(&plan.pair, field, changed)
        }
        if let problem = plan.pair.problem { throw SweepError("\(name) = \(formatNumber(value)): \(problem)") }
        return plan
    }

    private func schedule(_ s: Schedule, _ v: Double) throws(SweepError) -> Schedule {
        switch (target, s) {
        case (.mu, .constant): return .constant(v)
        case (.mu, .cumulativeLR): return .cumulativeLR(v)
        case (.muStart, .linear(_, let b)): return .linear(v, b)
        case (.muEnd, .linear(let a, _)): return .linear(a, v)
        case (.muStart, .exponential(_, let b)): return .exponential(v, b)
        case (.muEnd, .exponential(let a, _)): return .exponential(a, v)
        default:
            throw SweepError("\(name) does not apply to the schedule \(s): mu varies constant(v) and cumulativeLR(c), mu.start and mu.end linear and exponential")
        }
    }

    static func expression(_ pair: QuantizerPair, _ field: Field) -> Quantizer {
        switch field {
        case .F: return pair.forward
        case .B: return pair.backward
        case .P: return pair.effectiveProx
        }
    }

    static func set(_ pair: inout QuantizerPair, _ field: Field, _ q: Quantizer) {
        switch field {
        case .F: pair.forward = q
        case .B: pair.backward = q
        case .P: pair.prox = q
        }
    }
}

/// A sweep that cannot be set up: one line.
public struct SweepError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension Quantizer {
    /// The tree with parameter `index` of the `occurrence`-th piece named
    /// `piece` (left to right) set to `value`; nil when there is no such piece.
    /// `seen` counts the pieces of that name met.
    func settingParameter(piece name: String, index: Int, occurrence: Int, to value: Double, seen: inout Int) -> Quantizer? {
        switch self {
        case .piece(let p):
            guard p.name == name else { return nil }
            seen += 1
            guard seen == occurrence, let changed = p.settingParameter(index, to: .number(value)) else { return nil }
            return .piece(changed)
        case .compose(let fs), .sum(let fs):
            for (i, f) in fs.enumerated() {
                if let changed = f.settingParameter(piece: name, index: index, occurrence: occurrence, to: value, seen: &seen) {
                    var out = fs
                    out[i] = changed
                    if case .compose = self { return .compose(out) }
                    return .sum(out)
                }
            }
            return nil
        case .scaled(let c, let f):
            return f.settingParameter(piece: name, index: index, occurrence: occurrence, to: value, seen: &seen).map { .scaled(c, $0) }
        }
    }
}

extension Piece {
    func settingParameter(_ i: Int, to v: Param) -> Piece? {
        switch (self, i) {
        case (.clip, 0): return .clip(v)
        case (.scale, 0): return .scale(v)
        case (.tanh, 0): return .tanh(v)
        case (.signSwish, 0): return .signSwish(v)
        case (.linearQuadratic(_, let r), 0): return .linearQuadratic(k: v, r: r)
        case (.linearQuadratic(let k, _), 1): return .linearQuadratic(k: k, r: v)
        default: return nil
        }
    }
}
