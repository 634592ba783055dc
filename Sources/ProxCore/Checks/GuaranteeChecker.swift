/// Runs the check table on a pair, decides the verdict on the pair's route
/// and says what exactly it proves (docs/THEORY.md section 4).
public enum GuaranteeChecker {
    public static func check(_ pair: QuantizerPair, radius: Double = 3, gridPoints: Int = 2001) -> CheckReport {
        let context = CheckContext(pair: pair, radius: radius, gridPoints: gridPoints)
        let route = context.route
        let results = CheckCatalog.all.map { definition -> CheckResult in
            let (passed, witness, detail) = definition.measure(context)
            return CheckResult(id: definition.id, passed: passed, witness: witness, detail: detail,
                               required: definition.required(route, pair.backwardAt))
        }
        let guaranteed = results.allSatisfy { !$0.required || $0.passed }
        return CheckReport(pairName: pair.name, prox: context.prox.description, proxDeclared: context.proxDeclared,
                           mus: pair.schedule.checkPoints, results: results, route: route,
                           verdict: guaranteed ? .guaranteed : .heuristic,
                           claim: claim(pair, context, results, guaranteed),
                           notes: notes(pair, route, results, guaranteed))
    }

    /// ProxConnect's results, as Dockhorn et al. (2021) state them.
    static let proxConnectResults = "ProxConnect's results then hold under their own assumptions (Dockhorn et al. 2021: a bound for the averaged iterate when the loss is convex, stationarity when it is not)"

    /// What is proven, exactly, and for which reading of B'.
    static func claim(_ pair: QuantizerPair, _ c: CheckContext, _ results: [CheckResult], _ guaranteed: Bool) -> String {
        let passed = { (id: String) in results.first { $0.id == id }?.passed == true }
        guard guaranteed else {
            let needs = results.filter { $0.required && !$0.passed }.map(\.id)
            return "nothing is proven: the \(c.route.title) route needs \(needs.joined(separator: ", ")); the pair trains as a heuristic"
        }
        if c.route == .proxGradient {
            let schedule = pair.schedule.dependsOnProgress ? "a growing lambda" : nil
            let freeze = pair.freeze.map { _ in "the freeze" }
            let practice = [schedule, freeze].compactMap { $0 }
            let outside = practice.isEmpty ? "" : "; \(practice.joined(separator: " and ")) \(practice.count > 1 ? "are" : "is") the authors' practice, outside that result"
            let hold = pair.freeze.map { "; the freeze holds theta = sign(theta) for the last \(formatPercent(1 - $0, decimals: nil)) of the run" } ?? ""
            return "F = id, B = id and the reset theta <- P(theta) after each optimizer step: a prox-gradient step on Loss + lambda R, P being the prox of eta lambda R (Bai, Wang, Liberty 2019); for a smooth loss and a fixed lambda such steps converge to a stationary point of Loss + lambda R (the prox-gradient analysis, not ProxConnect's dual averaging)\(outside). The deployed network is sign(theta)\(hold)"
        }
        let decomposition = "F = B o P with P a proximal quantizer onto Q"
        switch pair.backwardAt {
        case .quantized:
            return "\(decomposition) and B' read at P(theta): each step is exactly ProxConnect on Loss o B; \(proxConnectResults)"
        case .latent:
            if c.samples.allSatisfy({ s in s.bPrime.allSatisfy { $0 == s.bPrime[0] } }) {
                return "\(decomposition), and B' is constant, so reading it at theta is the step read at P(theta): exactly ProxConnect on Loss o B; \(proxConnectResults)"
            }
            let quantized = passed("B.atQ")
                ? "with backward_at quantized each step would be exactly ProxConnect on Loss o B, and \(proxConnectResults)"
                : "with backward_at quantized each step would be ProxConnect on Loss o B, but B.atQ fails there, so that step moves no weight or goes uphill"
            return "\(decomposition); B' is read at theta (backward_at latent), the common practice the paper analyses, not the literal equivalence: \(quantized)"
        }
    }

    /// What a student should take from the report beyond pass and fail.
    static func notes(_ pair: QuantizerPair, _ route: GuaranteeRoute, _ results: [CheckResult], _ guaranteed: Bool) -> [String] {
        var notes: [String] = []
        let passed = { (id: String) in results.first { $0.id == id }?.passed == true }
        if pair.resetAfterStep {
            notes.append("the post-step reset theta <- P(theta) makes this a prox-gradient method (ProxQuant), not dual averaging as in ProxConnect: same pieces, another evaluation point (Dockhorn et al. 2021)")
        }
        if route == .proxGradient && !(pair.prox?.dependsOnLearningRate ?? false) {
            notes.append("P does not read lr: each step shrinks theta by the same amount whatever the step size; ProxQuant's threshold is the step size times lambda, e.g. lq(lr * mu, 0)")
        }
        if guaranteed && !passed("B.monotone") {
            notes.append("B' turns negative where B.monotone says: the guarantee is about the decomposition F = B o P, and the plot shows where the multiplier reverses the gradient")
        }
        if route == .decomposition && !passed("decomposition") {
            notes.append("F is not B o P: try 'principled' to set F = B o P and keep the backward map")
        }
        return notes
    }
}
