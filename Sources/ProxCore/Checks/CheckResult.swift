/// Where a check fails worst (or comes closest to failing), and by how much.
public struct Witness: Hashable, Sendable {
    public var x: Double
    public var mu: Double
    /// The size of the violation in the check's own unit (see its detail).
    public var amount: Double

    public init(x: Double, mu: Double, amount: Double) {
        self.x = x
        self.mu = mu
        self.amount = amount
    }
}

/// The outcome of one check on one pair.
public struct CheckResult: Hashable, Sendable {
    public var id: String
    public var passed: Bool
    public var witness: Witness?
    /// One line a person reads: what was measured and where.
    public var detail: String

    public init(id: String, passed: Bool, witness: Witness?, detail: String) {
        self.id = id
        self.passed = passed
        self.witness = witness
        self.detail = detail
    }
}

public enum Verdict: String, Hashable, Sendable {
    /// `decomposition`, `P.proximal` and `F.quantizes` pass: PC++ is ProxConnect
    /// on Loss o B and inherits its guarantees (THEORY.md section 4).
    case guaranteed
    case heuristic
}

/// All checks of a pair with the verdict and the teaching notes.
public struct CheckReport: Hashable, Sendable {
    public var pairName: String
    public var prox: String
    public var proxDeclared: Bool
    public var mus: [Double]
    public var results: [CheckResult]
    public var verdict: Verdict
    /// The checks that failed, in table order.
    public var failing: [String] { results.filter { !$0.passed }.map(\.id) }
    public var notes: [String]

    public func result(_ id: String) -> CheckResult? { results.first { $0.id == id } }
}
