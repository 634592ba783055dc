/// Runs the check table on a pair and decides the verdict.
public enum GuaranteeChecker {
    public static func check(_ pair: QuantizerPair, radius: Double = 3, gridPoints: Int = 2001) -> CheckReport {
        let context = CheckContext(pair: pair, radius: radius, gridPoints: gridPoints)
        let results = CheckCatalog.all.map { definition -> CheckResult in
            let (passed, witness, detail) = definition.measure(context)
            return CheckResult(id: definition.id, passed: passed, witness: witness, detail: detail)
        }
        let guaranteed = CheckCatalog.verdictIDs.allSatisfy { id in results.first { $0.id == id }?.passed == true }
        return CheckReport(pairName: pair.name, prox: context.prox.description, proxDeclared: context.proxDeclared,
                           mus: pair.schedule.checkPoints, results: results,
                           verdict: guaranteed ? .guaranteed : .heuristic,
                           notes: notes(pair, results, guaranteed))
    }

    /// What a student should take from the report beyond pass and fail.
    static func notes(_ pair: QuantizerPair, _ results: [CheckResult], _ guaranteed: Bool) -> [String] {
        var notes: [String] = []
        let passed = { (id: String) in results.first { $0.id == id }?.passed == true }
        if pair.resetAfterStep {
            notes.append("the post-step reset theta <- P(theta) makes this a prox-gradient method (ProxQuant), not dual averaging as in ProxConnect: same pieces, another evaluation point (Dockhorn et al. 2021)")
        }
        if guaranteed && !passed("B.monotone") {
            notes.append("B' turns negative where B.monotone says: the guarantee is about the decomposition F = B o P, and the plot shows where the multiplier reverses the gradient")
        }
        if !passed("decomposition") {
            notes.append("F is not B o P: try 'principled' to set F = B o P and keep the backward map")
        }
        if guaranteed && pair.backwardAt == .latent && !isIdentity(pair.backward) {
            notes.append("with backward_at = quantized (x = P(theta)) the step is exactly ProxConnect on Loss o B; with latent, B' is read at theta")
        }
        return notes
    }

    static func isIdentity(_ q: Quantizer) -> Bool { q == .identity }
}
