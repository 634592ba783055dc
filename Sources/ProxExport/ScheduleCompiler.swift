import ProxCore

/// A mu schedule (docs/THEORY.md section 5) as the Python function
/// `mu_at(step, total_steps, epoch, lr_sum)`, with `Schedule.mu(at:)`'s
/// arithmetic: the fraction of the run done is `step / max(total_steps - 1, 1)`
/// clamped to [0, 1], as the trainer computes it before each step (0-based
/// step, 0-based epoch, learning rates of the steps before this one summed).
enum ScheduleCompiler {
    static func function(_ s: Schedule) -> String {
        let n = PythonLiteral.float
        let body: [String]
        let about: String
        switch s {
        case .constant(let v):
            about = "constant: mu = \(formatNumber(v)) throughout"
            body = ["return \(n(v))"]
        case .linear(let a, let b):
            about = "linear from \(formatNumber(a)) to \(formatNumber(b)) over the run"
            body = ["return \(n(a)) + (\(n(b)) - \(n(a))) * run_fraction(step, total_steps)"]
        case .exponential(let a, let b):
            about = "exponential from \(formatNumber(a)) to \(formatNumber(b)): equal ratios per step"
            body = ["return \(n(a)) * math.pow(\(n(b)) / \(n(a)), run_fraction(step, total_steps))"]
        case .cumulativeLR(let c):
            about = "1 + \(formatNumber(c)) times the sum of the learning rates so far"
            body = ["return 1 + \(n(c)) * lr_sum"]
        case .stepwise(let steps):
            about = "stepwise: the value of the last step whose (0-based) epoch has been reached"
            let list = steps.map { "(\($0.epoch), \(n($0.value)))" }.joined(separator: ", ")
            body = [
                "mu = \(n(steps.first?.value ?? 1))",
                "for start, value in (\(list)\(steps.count == 1 ? "," : "")):",
                "    if start <= epoch:",
                "        mu = value",
                "return mu",
            ]
        }
        var lines = [
            "def mu_at(step, total_steps, epoch, lr_sum):",
            "    \"\"\"mu along \(PythonLiteral.docText(s.description)).",
            "",
        ]
        lines += PythonLiteral.wrap(PythonLiteral.docText(about) + ".", width: 88, indent: "    ")
        lines.append("    \"\"\"")
        lines += body.map { "    " + $0 }
        return lines.joined(separator: "\n")
    }

    static let runFraction = """
    def run_fraction(step, total_steps):
        \"\"\"The fraction of the run done before 0-based step `step`, in [0, 1].\"\"\"
        return min(max(step / max(total_steps - 1, 1), 0.0), 1.0)
    """

    static func needsRunFraction(_ s: Schedule) -> Bool {
        switch s {
        case .linear, .exponential: return true
        case .constant, .cumulativeLR, .stepwise: return false
        }
    }

    static func needsMath(_ s: Schedule) -> Bool {
        if case .exponential = s { return true }
        return false
    }
}
