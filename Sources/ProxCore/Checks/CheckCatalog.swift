import Foundation

/// One guarantee check of docs/THEORY.md section 4.
public struct CheckDefinition: Sendable {
    /// The stable identifier used in JSON output.
    public let id: String
    public let title: String
    /// Why it matters, shown in help and in the workbench's checks pane.
    public let why: String
    /// Whether the verdict `guaranteed` requires this check to pass, on a
    /// route and with B' read where the pair reads it.
    public let required: @Sendable (GuaranteeRoute, EvaluationPoint) -> Bool
    /// Measures the check: passed, witness and a one-line detail.
    public let measure: @Sendable (CheckContext) -> (passed: Bool, witness: Witness?, detail: String)
}

/// The two results a pair can inherit a guarantee from (docs/THEORY.md section 4).
public enum GuaranteeRoute: String, Hashable, Sendable {
    /// F = B o P with P a proximal quantizer onto Q: PC++ with B' read at
    /// P(theta) is ProxConnect on Loss o B.
    case decomposition
    /// F = id, B = id and the post-step reset theta <- P(theta): a
    /// prox-gradient step, ProxQuant's form.
    case proxGradient = "prox-gradient"

    /// The route a pair's shape puts it on.
    public static func of(_ pair: QuantizerPair) -> GuaranteeRoute {
        pair.forward == .identity && pair.backward == .identity && pair.resetAfterStep ? .proxGradient : .decomposition
    }

    /// How reports name it.
    public var title: String { self == .decomposition ? "PC++ decomposition" : "prox-gradient" }
}

/// The check table. Each criterion lives in exactly one row, so a corrected
/// reading of the theory is a change to one closure or one tolerance here.
public enum CheckCatalog {
    /// Relative tolerance of `F.quantizes` and of P reaching Q (docs/THEORY.md section 4).
    public static let quantizeTolerance = 1e-2
    /// Relative tolerance of `decomposition` (docs/THEORY.md section 4).
    public static let decompositionTolerance = 1e-6
    /// Slack for monotonicity and sign tests, relative to the map's scale:
    /// rounding in the pieces' formulas, never a real decrease.
    public static let monotoneTolerance = 1e-9

    public static let all: [CheckDefinition] = [
        CheckDefinition(
            id: "F.monotone", title: "F is non-decreasing",
            why: "a 1-D map is a proximal map iff it is monotone: F is a proximal quantizer only if this holds",
            required: { _, _ in false }
        ) { c in
            let worst = c.worst { s, i in i == 0 ? nil : s.f[i - 1] - s.f[i] }
            let scale = c.scale(\.f)
            let passed = worst.amount <= monotoneTolerance * scale
            return (passed, worst.witness, passed
                ? "non-decreasing at every grid point and mu"
                : "F decreases by \(formatCompact(worst.amount)) at x = \(formatCompact(worst.witness.x)), mu = \(formatCompact(worst.witness.mu))")
        },
        CheckDefinition(
            id: "F.quantizes", title: "F is binary at the largest mu",
            why: "the trained network is binary: F must take two values -c, +c",
            required: { route, _ in route == .decomposition }
        ) { c in
            let s = c.strongest
            let magnitudes = s.f.map(abs)
            let top = magnitudes.max() ?? 0
            guard top > 0, top.isFinite else {
                return (false, Witness(x: 0, mu: s.mu, amount: top), "F is identically 0 or not finite at mu = \(formatCompact(s.mu))")
            }
            let level = ((magnitudes.min() ?? 0) + top) / 2
            var worst = Witness(x: s.xs[0], mu: s.mu, amount: -1)
            for (i, m) in magnitudes.enumerated() {
                let deviation = abs(m - level) / top
                if deviation > worst.amount { worst = Witness(x: s.xs[i], mu: s.mu, amount: deviation) }
            }
            let passed = worst.amount <= quantizeTolerance
            return (passed, worst, passed
                ? "F takes values within \(formatPercent(worst.amount, decimals: nil)) of +-\(formatCompact(level)) at mu = \(formatCompact(s.mu))"
                : "F is not binary at mu = \(formatCompact(s.mu)): |F(\(formatCompact(worst.x)))| is \(formatPercent(worst.amount, decimals: nil)) away from +-\(formatCompact(level))")
        },
        CheckDefinition(
            id: "F.fixesQ", title: "F fixes the points of Q",
            why: "quantized weights are fixed points: F(q) = c q for q = +-1 and one c > 0",
            required: { _, _ in false }
        ) { c in
            // The witness is the worst asymmetry |F(-1) + F(1)| / F(1); the
            // detail names c = F(1) at the first and last mu, so a scale that
            // drifts along the schedule (BNN++: 1.053 at mu = 5) is never
            // reported as 1.
            var worst = Witness(x: 1, mu: c.samples[0].mu, amount: -1)
            var scales: [(mu: Double, c: Double)] = []
            for s in c.samples {
                let plus = c.pair.forward.value(1, mu: s.mu), minus = c.pair.forward.value(-1, mu: s.mu)
                let violation = plus > 0 ? abs(minus + plus) / plus : 1 + abs(plus)
                if violation > worst.amount { worst = Witness(x: plus > 0 ? -1 : 1, mu: s.mu, amount: violation) }
                scales.append((s.mu, plus))
            }
            let passed = worst.amount <= 1e-6
            guard passed else {
                return (false, worst, "F(1) = \(formatCompact(c.pair.forward.value(1, mu: worst.mu))), F(-1) = \(formatCompact(c.pair.forward.value(-1, mu: worst.mu))) at mu = \(formatCompact(worst.mu))")
            }
            if scales.allSatisfy({ abs($0.c - 1) < 1e-12 }) { return (true, worst, "F(+-1) = +-1 at every mu") }
            let first = scales.min { $0.mu < $1.mu }!, last = scales.max { $0.mu < $1.mu }!
            let detail = first.mu == last.mu || formatCompact(first.c) == formatCompact(last.c)
                ? "F(+-1) = +-c with c = \(formatCompact(first.c)) at mu = \(formatCompact(first.mu))"
                : "F(+-1) = +-c with c = \(formatCompact(first.c)) at mu = \(formatCompact(first.mu)), \(formatCompact(last.c)) at mu = \(formatCompact(last.mu))"
            return (true, worst, detail)
        },
        CheckDefinition(
            id: "B.monotone", title: "B is non-decreasing (B' >= 0)",
            why: "a negative multiplier reverses the gradient's sign: those steps go uphill",
            required: { _, _ in false }
        ) { c in
            let worst = c.worst { s, i in -s.bPrime[i] }
            let passed = worst.amount <= monotoneTolerance * c.scale(\.bPrime)
            if passed { return (true, worst.witness, "B' >= 0 everywhere on [-\(formatCompact(c.radius)), \(formatCompact(c.radius))]") }
            let s = c.samples.first { $0.mu == worst.witness.mu } ?? c.strongest
            let share = Double(s.bPrime.filter { $0 < 0 }.count) / Double(s.bPrime.count)
            return (false, worst.witness,
                    "B' < 0 on \(formatPercent(share, decimals: nil)) of the range at mu = \(formatCompact(s.mu)); min B' = \(formatCompact(-worst.amount)) at x = \(formatCompact(worst.witness.x))")
        },
        CheckDefinition(
            id: "B.lipschitz", title: "B' is bounded",
            why: "sup |B'| bounds the effective step size",
            required: { _, _ in false }
        ) { c in
            let worst = c.worst { s, i in abs(s.bPrime[i]) }
            let passed = worst.amount.isFinite
            return (passed, worst.witness, passed
                ? "sup |B'| = \(formatCompact(worst.amount)) at x = \(formatCompact(worst.witness.x)), mu = \(formatCompact(worst.witness.mu))"
                : "B' is not finite at x = \(formatCompact(worst.witness.x)), mu = \(formatCompact(worst.witness.mu))")
        },
        CheckDefinition(
            id: "B.atQ", title: "B' > 0 at the points of Q",
            why: "with backward_at quantized every multiplier is B'(+-1): zero means no weight ever moves, a negative one reverses every gradient",
            required: { route, at in route == .decomposition && at == .quantized }
        ) { c in
            // Amount: -min B'(q), so a failure is positive as elsewhere.
            var worst = Witness(x: 1, mu: c.samples[0].mu, amount: -.infinity)
            for s in c.samples {
                for q in [-1.0, 1.0] {
                    let d = c.pair.backward.derivative(q, mu: s.mu)
                    if -d > worst.amount || d.isNaN { worst = Witness(x: q, mu: s.mu, amount: d.isNaN ? .infinity : -d) }
                }
            }
            let minimum = -worst.amount
            let at = "B'(\(formatCompact(worst.x))) = \(formatCompact(minimum)) at mu = \(formatCompact(worst.mu))"
            if minimum > 0 { return (true, worst, "B'(+-1) > 0 at every mu; smallest \(at)") }
            if minimum == 0 { return (false, worst, "\(at): with B' read at P(theta) = +-1 every multiplier is 0 and no weight moves") }
            return (false, worst, "\(at): with B' read at P(theta) = +-1 every multiplier is negative and every step goes uphill")
        },
        CheckDefinition(
            id: "P.proximal", title: "P is a proximal quantizer onto Q",
            why: "P must be monotone and move every x toward Q = {-1, +1}; a forward-side P must also reach Q as mu grows",
            required: { _, _ in true }
        ) { c in
            let name = c.proxDeclared ? "P = \(c.prox)" : "P = sign (assumed)"
            let drop = c.worst { s, i in i == 0 ? nil : s.p[i - 1] - s.p[i] }
            if drop.amount > monotoneTolerance * c.scale(\.p) {
                return (false, drop.witness, "\(name) decreases by \(formatCompact(drop.amount)) at x = \(formatCompact(drop.witness.x)), mu = \(formatCompact(drop.witness.mu))")
            }
            let away = c.worst { s, i in distanceToQ(s.p[i]) - distanceToQ(s.xs[i]) }
            if away.amount > monotoneTolerance * c.radius {
                return (false, away.witness, "\(name) moves x = \(formatCompact(away.witness.x)) away from Q by \(formatCompact(away.amount)) at mu = \(formatCompact(away.witness.mu))")
            }
            let s = c.strongest
            var reach = Witness(x: s.xs[0], mu: s.mu, amount: -1)
            for (i, p) in s.p.enumerated() where distanceToQ(p) > reach.amount {
                reach = Witness(x: s.xs[i], mu: s.mu, amount: distanceToQ(p))
            }
            let lr = c.prox.dependsOnLearningRate ? ", lr = \(formatCompact(Param.nominalLearningRate)) (nominal)" : ""
            if c.route == .proxGradient {
                // One prox-gradient step need not reach Q: the iterates get
                // there by repetition, and the freeze sets theta to sign(theta).
                let step = c.worst { s, i in abs(s.p[i] - s.xs[i]) }
                let freeze = c.pair.freeze.map { ", and the freeze after \(formatPercent($0, decimals: nil)) of the run sets theta to sign(theta)" } ?? ""
                return (true, reach, "\(name): monotone, moves every x toward Q by at most \(formatCompact(step.amount)) a step at mu = \(formatCompact(step.witness.mu))\(lr)\(freeze)")
            }
            if reach.amount > quantizeTolerance {
                return (false, reach, "\(name) does not reach Q at mu = \(formatCompact(s.mu))\(lr): P(\(formatCompact(reach.x))) = \(formatCompact(c.prox.value(reach.x, mu: s.mu)))")
            }
            return (true, reach, "\(name): monotone, moves every x toward Q, within \(formatCompact(reach.amount)) of Q at mu = \(formatCompact(s.mu))")
        },
        CheckDefinition(
            id: "decomposition", title: "F = B o P",
            why: "then PC++ with B' read at P(theta) is ProxConnect on Loss o B",
            required: { route, _ in route == .decomposition }
        ) { c in
            let worst = c.worst { s, i in s.nearProxJump.contains(i) ? nil : abs(s.f[i] - s.bOfP[i]) }
            let relative = worst.amount / max(1, c.scale(\.f))
            let w = Witness(x: worst.witness.x, mu: worst.witness.mu, amount: relative)
            let passed = relative <= decompositionTolerance
            let f = c.pair.forward.value(w.x, mu: w.mu)
            let bop = c.pair.backward.value(c.prox.value(w.x, mu: w.mu), mu: w.mu)
            let route = c.route == .proxGradient ? "not the route of a prox-gradient pair; " : ""
            if passed {
                return (true, w, "\(route)max |F - B o P| = \(formatCompact(worst.amount)) with \(c.proxDeclared ? "P = \(c.prox)" : "P = sign (assumed)")")
            }
            var detail = "\(route)F(\(formatCompact(w.x))) = \(formatCompact(f)) but B(P(\(formatCompact(w.x)))) = \(formatCompact(bop)) at mu = \(formatCompact(w.mu)), off by \(formatCompact(worst.amount))"
            if let scales = c.scaledProxDecomposition() {
                let list = scales.map(formatCompact).joined(separator: ", ")
                detail += "; F = B o (c P) holds with c = \(list): c P maps onto {-c, +c}, not onto Q, so the decomposition fails only because P must map onto Q"
            }
            return (false, w, detail)
        },
    ]

    public static func definition(_ id: String) -> CheckDefinition? { all.first { $0.id == id } }

    /// Identifiers whose passing makes the verdict `guaranteed` on a route,
    /// with B' read at `at`.
    public static func requiredIDs(_ route: GuaranteeRoute, _ at: EvaluationPoint) -> [String] {
        all.filter { $0.required(route, at) }.map(\.id)
    }
}

/// dist(z, Q) for Q = {-1, +1}.
func distanceToQ(_ z: Double) -> Double { abs(abs(z) - 1) }


extension CheckContext {
    /// The largest violation over every sample and grid index; nil entries are skipped.
    func worst(_ violation: (Sample, Int) -> Double?) -> (amount: Double, witness: Witness) {
        var best = Witness(x: samples[0].xs[0], mu: samples[0].mu, amount: -.infinity)
        for s in samples {
            for i in s.xs.indices {
                guard let v = violation(s, i) else { continue }
                if v > best.amount || v.isNaN {
                    best = Witness(x: s.xs[i], mu: s.mu, amount: v.isNaN ? .infinity : v)
                    if v.isNaN { return (best.amount, best) }
                }
            }
        }
        return (best.amount, best)
    }

    /// The largest magnitude a sampled series reaches, for relative tolerances.
    func scale(_ series: KeyPath<Sample, [Double]>) -> Double {
        max(1, samples.map { $0[keyPath: series].map(abs).max() ?? 0 }.max() ?? 0)
    }
}
