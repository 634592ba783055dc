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
    /// Whether the verdict's route requires this check (`CheckDefinition.required`).
    public var required: Bool

    public init(id: String, passed: Bool, witness: Witness?, detail: String, required: Bool = false) {
        self.id = id
        self.passed = passed
        self.witness = witness
        self.detail = detail
        self.required = required
    }
}

public enum Verdict: String, Hashable, Sendable {
    /// Every check the route requires passes (docs/THEORY.md section 4);
    /// `CheckReport.claim` says what exactly is then proven.
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
    /// The route the verdict takes: the PC++ decomposition or prox-gradient.
    public var route: GuaranteeRoute
    public var verdict: Verdict
    /// What the verdict means, exactly: the result that applies and under
    /// which reading of B', or why nothing does.
    public var claim: String
    /// The checks that failed, in table order.
    public var failing: [String] { results.filter { !$0.passed }.map(\.id) }
    /// The checks the route requires, in table order.
    public var required: [String] { results.filter(\.required).map(\.id) }
    /// The required checks that failed: why the verdict is heuristic.
    public var failingRequired: [String] { results.filter { $0.required && !$0.passed }.map(\.id) }
    public var notes: [String]

    public func result(_ id: String) -> CheckResult? { results.first { $0.id == id } }
}
