import Foundation

/// How mu grows during a run (docs/THEORY.md section 5).
public enum Schedule: Hashable, Sendable {
    case constant(Double)
    /// start + (end - start) * fraction of the run done.
    case linear(Double, Double)
    /// start * (end / start) ^ fraction: equal ratios per step, as mu spans decades.
    case exponential(Double, Double)
    /// mu_t = 1 + c * (sum of learning rates so far), ProxConnect's choice.
    case cumulativeLR(Double)
    /// mu = the value of the last step whose epoch (0-based) has been reached.
    case stepwise([ScheduleStep])

    /// The learning-rate sum the checks assume for `cumulativeLR`: 5 epochs of
    /// 600 steps at 1e-3, the Fashion-MNIST reference setup.
    public static let nominalLearningRateSum = 3.0

    public func mu(at p: TrainingProgress) -> Double {
        let f = min(max(p.fraction, 0), 1)
        switch self {
        case .constant(let v): return v
        case .linear(let a, let b): return a + (b - a) * f
        case .exponential(let a, let b): return a * Foundation.pow(b / a, f)
        case .cumulativeLR(let c): return 1 + c * p.learningRateSum
        case .stepwise(let steps):
            var v = steps.first?.value ?? 1
            for s in steps where s.epoch <= p.epoch { v = s.value }
            return v
        }
    }

    /// mu at a fraction of a nominal run, for the checks and the workbench's
    /// scrubber: the learning-rate sum is `nominalLearningRateSum` times the
    /// fraction, and a stepwise schedule's levels are spread evenly over it.
    public func nominalMu(at fraction: Double) -> Double {
        let f = min(max(fraction, 0), 1)
        switch self {
        case .cumulativeLR(let c): return 1 + c * Self.nominalLearningRateSum * f
        case .stepwise(let steps):
            guard !steps.isEmpty else { return 1 }
            return steps[min(steps.count - 1, Int(f * Double(steps.count)))].value
        default: return mu(at: TrainingProgress(fraction: f))
        }
    }

    /// The mu values the guarantee checks visit: at least the first, middle and
    /// last (docs/THEORY.md section 4), here five evenly spaced points of the run, or
    /// every level of a stepwise schedule.
    public var checkPoints: [Double] {
        switch self {
        case .constant(let v): return [v]
        case .stepwise(let steps): return steps.map(\.value)
        default: return [0, 0.25, 0.5, 0.75, 1].map(nominalMu)
        }
    }

    /// Whether mu moves during a run.
    public var dependsOnProgress: Bool {
        if case .constant = self { return false }
        if case .stepwise(let steps) = self { return Set(steps.map(\.value)).count > 1 }
        return true
    }

    /// The strongest point: the checks judge `F.quantizes` there.
    public var finalMu: Double { checkPoints.last ?? 1 }

    /// Why the schedule is unusable, or nil.
    public var problem: String? {
        func finite(_ values: Double...) -> Bool { values.allSatisfy(\.isFinite) }
        switch self {
        case .constant(let v): return finite(v) ? nil : "constant value must be finite"
        case .linear(let a, let b): return finite(a, b) ? nil : "linear bounds must be finite"
        case .exponential(let a, let b):
            guard finite(a, b) else { return "exponential bounds must be finite" }
            return a > 0 && b > 0 ? nil : "exponential needs start > 0 and end > 0"
        case .cumulativeLR(let c): return finite(c) ? nil : "cumulativeLR's c must be finite"
        case .stepwise(let steps):
            if steps.isEmpty { return "stepwise needs at least one (epoch, value) step" }
            for s in steps where s.epoch < 0 || !s.value.isFinite {
                return "stepwise steps need epoch >= 0 and a finite value"
            }
            for i in steps.indices.dropFirst() where steps[i].epoch <= steps[i - 1].epoch {
                return "stepwise epochs must increase"
            }
            return nil
        }
    }
}

public struct ScheduleStep: Hashable, Sendable {
    public var epoch: Int
    public var value: Double
    public init(epoch: Int, value: Double) { self.epoch = epoch; self.value = value }
}

/// Where a run is, for schedules that read the fraction done, the epoch or the
/// learning rates used so far.
public struct TrainingProgress: Sendable {
    public var fraction: Double
    public var epoch: Int
    public var learningRateSum: Double
    public init(fraction: Double, epoch: Int = 0, learningRateSum: Double = 0) {
        self.fraction = fraction
        self.epoch = epoch
        self.learningRateSum = learningRateSum
    }
}

// MARK: - Text form

extension Schedule: CustomStringConvertible {
    public var description: String {
        let n = formatNumber
        switch self {
        case .constant(let v): return "constant(\(n(v)))"
        case .linear(let a, let b): return "linear(\(n(a)), \(n(b)))"
        case .exponential(let a, let b): return "exponential(\(n(a)), \(n(b)))"
        case .cumulativeLR(let c): return "cumulativeLR(\(n(c)))"
        case .stepwise(let steps):
            return "stepwise(" + steps.map { "(\($0.epoch), \(n($0.value)))" }.joined(separator: ", ") + ")"
        }
    }

    /// Parses `constant(1)`, `linear(1, 10)`, `exponential(1, 1000)`,
    /// `cumulativeLR(100)` or `stepwise((0, 1), (3, 10))`.
    public init(parsing text: String) throws(ParseError) {
        var s = try TokenStream(text)
        guard case .identifier(let name) = s.current.kind else {
            throw s.error("expected a schedule such as constant(1), linear(1, 10), exponential(1, 1000), cumulativeLR(100) or stepwise((0, 1), (3, 10))")
        }
        let nameColumn = s.current.column
        s.advance()
        try s.expect("(", "after \(name)")
        func number(_ s: inout TokenStream) throws(ParseError) -> Double {
            let column = s.current.column
            let p = try s.parseParam()
            if p.isVariable { throw s.error("a schedule's arguments are numbers; mu and lr cannot appear", at: column) }
            let v = p.value(mu: 0)
            if !v.isFinite { throw s.error("not a finite number", at: column) }
            return v
        }
        let schedule: Schedule
        switch name.lowercased() {
        case "constant":
            schedule = .constant(try number(&s))
        case "linear", "exponential":
            let a = try number(&s)
            try s.expect(",", "between \(name)'s start and end")
            let b = try number(&s)
            schedule = name.lowercased() == "linear" ? .linear(a, b) : .exponential(a, b)
        case "cumulativelr":
            schedule = .cumulativeLR(try number(&s))
        case "stepwise":
            var steps: [ScheduleStep] = []
            repeat {
                try s.expect("(", "to open a step (epoch, value)")
                let epochColumn = s.current.column
                let e = try number(&s)
                if e != e.rounded() || abs(e) > 1e9 { throw s.error("an epoch must be a whole number below 1e9", at: epochColumn) }
                try s.expect(",", "between a step's epoch and value")
                let v = try number(&s)
                try s.expect(")", "to close the step")
                steps.append(ScheduleStep(epoch: Int(e), value: v))
            } while s.accept(",")
            schedule = .stepwise(steps)
        default:
            throw s.error("unknown schedule '\(name)'; schedules: constant, linear, exponential, cumulativeLR, stepwise", at: nameColumn)
        }
        try s.expect(")", "to close \(name)'s arguments")
        try s.expectEnd("schedule")
        if let problem = schedule.problem { throw ParseError(problem, column: nameColumn, text: text) }
        self = schedule
    }
}
