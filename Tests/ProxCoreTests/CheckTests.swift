import Foundation
import ProxCore
import Testing
import TestHelpers

/// One row of docs/THEORY.md section 4's expected-verdict table.
struct ExpectedVerdict: Sendable, CustomTestStringConvertible {
    let preset: String
    let forward: String
    let backward: String
    let prox: String
    let route: GuaranteeRoute
    /// The checks that fail, in table order (the same with B' read at theta or at P(theta)).
    let failing: [String]
    /// The verdict with the preset's own `backward_at: latent`, and with `quantized`.
    let latent: Verdict
    let quantized: Verdict
    var testDescription: String { preset }
}

/// docs/THEORY.md section 4, check by check.
@Suite struct CheckVerdictTableTests {
    static let ids = ["F.monotone", "F.quantizes", "F.fixesQ", "B.monotone", "B.lipschitz", "B.atQ", "P.proximal", "decomposition"]

    /// docs/THEORY.md section 4, "Expected verdicts for the built-in methods".
    static let table: [ExpectedVerdict] = [
        ExpectedVerdict(preset: "bc", forward: "sign", backward: "id", prox: "sign", route: .decomposition,
                        failing: [], latent: .guaranteed, quantized: .guaranteed),
        ExpectedVerdict(preset: "bnn", forward: "sign", backward: "clip(1)", prox: "sign", route: .decomposition,
                        failing: [], latent: .guaranteed, quantized: .guaranteed),
        // approxsign'(+-1) = 0: read at P(theta) = +-1, no weight ever moves.
        ExpectedVerdict(preset: "bireal", forward: "sign", backward: "approxsign", prox: "sign", route: .decomposition,
                        failing: ["B.atQ"], latent: .guaranteed, quantized: .heuristic),
        ExpectedVerdict(preset: "bnnplus", forward: "sign", backward: "signswish(5)", prox: "sign", route: .decomposition,
                        failing: ["B.monotone", "B.atQ", "decomposition"], latent: .heuristic, quantized: .heuristic),
        // SS'_mu(1) < 0 for every mu of the schedule: quantized, every gradient is reversed.
        ExpectedVerdict(preset: "bnnplusplus", forward: "signswish(mu) . sign", backward: "signswish(mu)", prox: "sign",
                        route: .decomposition, failing: ["B.monotone", "B.atQ"], latent: .guaranteed, quantized: .heuristic),
        ExpectedVerdict(preset: "proxconnect", forward: "lq(0, mu - 1)", backward: "id", prox: "lq(0, mu - 1)",
                        route: .decomposition, failing: [], latent: .guaranteed, quantized: .guaranteed),
        // F = id is not binary and not B o P: neither is the prox-gradient route's business.
        ExpectedVerdict(preset: "proxquant", forward: "id", backward: "id", prox: "lq(lr * mu, 0)", route: .proxGradient,
                        failing: ["F.quantizes", "decomposition"], latent: .guaranteed, quantized: .guaranteed),
        // The what-if reading of BNN++: P = id is no quantizer, F = SS_mu is not binary (nor monotone).
        ExpectedVerdict(preset: "bnnplusplus-ssforward", forward: "signswish(mu)", backward: "signswish(mu)", prox: "id",
                        route: .decomposition, failing: ["F.monotone", "F.quantizes", "B.monotone", "B.atQ", "P.proximal"],
                        latent: .heuristic, quantized: .heuristic),
    ]

    static func load(_ name: String) throws -> QuantizerPair {
        try PairPreset.load(path: RepositoryPaths.quantizerPreset(name))
    }

    @Test(arguments: table as [ExpectedVerdict])
    func presetMatchesTheTable(_ row: ExpectedVerdict) throws {
        let pair = try Self.load(row.preset)
        #expect(pair.forward == (try q(row.forward)))
        #expect(pair.backward == (try q(row.backward)))
        #expect(pair.effectiveProx == (try q(row.prox)))
        #expect(pair.backwardAt == .latent)

        let report = GuaranteeChecker.check(pair)
        #expect(report.results.map(\.id) == Self.ids)
        #expect(report.route == row.route)
        #expect(report.failing == row.failing, "\(report.results.filter { !$0.passed }.map { "\($0.id): \($0.detail)" })")
        #expect(report.verdict == row.latent)
        // The verdict is exactly "every check the route requires passes".
        #expect((report.verdict == .guaranteed) == report.failingRequired.isEmpty)
        #expect(report.required == CheckCatalog.requiredIDs(row.route, .latent))
        // Witnesses exist and sit on the grid at a checked mu.
        for r in report.results {
            guard let w = r.witness else { Issue.record("\(row.preset) \(r.id): no witness"); continue }
            #expect(abs(w.x) <= 3, "\(row.preset) \(r.id) witness x = \(w.x)")
            #expect(report.mus.contains(w.mu), "\(row.preset) \(r.id) witness mu = \(w.mu)")
            #expect(!r.detail.isEmpty && !r.detail.contains("\n"))
        }
        // The schedule visits at least its first, middle and last mu.
        #expect(report.mus == pair.schedule.checkPoints)
    }

    /// What each route requires (docs/THEORY.md section 4, "Verdict").
    @Test func requiredChecksPerRoute() {
        #expect(CheckCatalog.requiredIDs(.decomposition, .latent) == ["F.quantizes", "P.proximal", "decomposition"])
        #expect(CheckCatalog.requiredIDs(.decomposition, .quantized) == ["F.quantizes", "B.atQ", "P.proximal", "decomposition"])
        #expect(CheckCatalog.requiredIDs(.proxGradient, .latent) == ["P.proximal"])
        #expect(CheckCatalog.requiredIDs(.proxGradient, .quantized) == ["P.proximal"])
    }

    /// B.atQ for every preset in both modes: the same measurement, required
    /// only when B' is read at P(theta); the verdict follows.
    @Test(arguments: table as [ExpectedVerdict])
    func bAtQInBothModes(_ row: ExpectedVerdict) throws {
        var pair = try Self.load(row.preset)
        for (at, verdict) in [(EvaluationPoint.latent, row.latent), (.quantized, row.quantized)] {
            pair.backwardAt = at
            let report = GuaranteeChecker.check(pair)
            let check = try #require(report.result("B.atQ"))
            #expect(check.passed == !row.failing.contains("B.atQ"), "\(row.preset) \(at): \(check.detail)")
            #expect(check.required == (at == .quantized && row.route == .decomposition))
            #expect(report.verdict == verdict, "\(row.preset) \(at): \(report.claim)")
            // The witness is the smaller of B'(-1) and B'(+1), as an amount -B'(q).
            let w = try #require(check.witness)
            #expect(abs(w.x) == 1)
            let minimum = pair.schedule.checkPoints.flatMap { mu in [-1.0, 1].map { pair.backward.derivative($0, mu: mu) } }.min()!
            #expect(w.amount == -minimum)
        }
    }

    /// The B.atQ figures of docs/THEORY.md section 4: approxsign'(+-1) = 0, SS'_5(1) = -0.195.
    @Test func bAtQFigures() throws {
        let bireal = try #require(GuaranteeChecker.check(try Self.load("bireal")).result("B.atQ"))
        #expect(bireal.witness?.amount == 0)
        #expect(bireal.detail.contains("= 0 at mu = 1") && bireal.detail.contains("no weight moves"), "\(bireal.detail)")
        let bnnPlus = try #require(GuaranteeChecker.check(try Self.load("bnnplus")).result("B.atQ"))
        #expect(abs((bnnPlus.witness?.amount ?? 0) - 0.194992) <= 1e-6)
        #expect(bnnPlus.detail.contains("-0.195") && bnnPlus.detail.contains("uphill"), "\(bnnPlus.detail)")
        let bc = try #require(GuaranteeChecker.check(try Self.load("bc")).result("B.atQ"))
        #expect(bc.passed && bc.witness?.amount == -1)
    }

    /// BNN+: B o P = SS_5(+-1) = +-1.053095, so the decomposition is off by
    /// SS_5(1) - 1 = 0.053095 (docs/THEORY.md sections 3 and 4), at every x.
    @Test func bnnPlusDecompositionWitness() throws {
        let report = GuaranteeChecker.check(try Self.load("bnnplus"))
        let r = try #require(report.result("decomposition"))
        let w = try #require(r.witness)
        #expect(abs(w.amount - 0.053095) <= 1e-6, "amount \(w.amount)")
        #expect(w.mu == 1)
        #expect(r.detail.contains("1.053"), "\(r.detail)")
        #expect(report.failing == ["B.monotone", "B.atQ", "decomposition"])
    }

    /// BNN+'s sign is SS_5 o (c sign) with SS_5(c) = 1, c = 0.2557: the
    /// decomposition fails only because c sign maps onto {-c, +c}, not onto
    /// Q, and the detail says so (docs/THEORY.md section 4, "Finding P").
    @Test func bnnPlusFailsOnlyBecausePMustMapOntoQ() throws {
        let pair = try Self.load("bnnplus")
        let detail = try #require(GuaranteeChecker.check(pair).result("decomposition")?.detail)
        #expect(detail.contains("F = B o (c P) holds with c = 0.2557"), "\(detail)")
        #expect(detail.contains("not onto Q"), "\(detail)")
        // The scale is the root of SS_5(c) = 1 on the rising side of SS_5 (below its peak at 0.48).
        let c = try #require(CheckContext.smallestRoot({ pair.backward.value($0, mu: 1) - 1 }, upTo: 3))
        #expect(abs(pair.backward.value(c, mu: 1) - 1) <= 1e-12)
        #expect(c > 0.2556 && c < 0.2558 && c < 0.479871)
        // Where no scale can help (F = -sign is not B o (c P) for B = id), the detail does not claim it.
        let reversed = GuaranteeChecker.check(QuantizerPair(name: "t", forward: try q("-1 * sign"), backward: .identity))
        #expect(reversed.result("decomposition")?.detail.contains("c P") == false)
    }

    /// BNN++'s report says what holds: F(+-1) = +-SS_mu(1) is not +-1 at
    /// mu = 5, and with B' read at theta the claim is the common practice,
    /// not the literal ProxConnect equivalence; read at P(theta), B.atQ
    /// fails (SS'_mu(1) < 0) and nothing is claimed.
    @Test func bnnPlusPlusCheckText() throws {
        var pair = try Self.load("bnnplusplus")
        let report = GuaranteeChecker.check(pair)
        let fixes = try #require(report.result("F.fixesQ"))
        #expect(fixes.passed)
        #expect(fixes.detail == "F(+-1) = +-c with c = 1.053 at mu = 5, 1 at mu = 50", "\(fixes.detail)")
        #expect(report.claim.hasPrefix("F = B o P with P a proximal quantizer onto Q; B' is read at theta (backward_at latent), the common practice the paper analyses, not the literal equivalence"), "\(report.claim)")
        #expect(report.claim.contains("B.atQ fails there"), "\(report.claim)")
        pair.backwardAt = .quantized
        let quantized = GuaranteeChecker.check(pair)
        #expect(quantized.verdict == .heuristic)
        #expect(quantized.failingRequired == ["B.atQ"])
        #expect(quantized.claim == "nothing is proven: the PC++ decomposition route needs B.atQ; the pair trains as a heuristic")
    }

    /// The claims of the guaranteed routes (docs/THEORY.md section 4, "What guaranteed means").
    @Test func claims() throws {
        var bnn = try Self.load("bnn")
        let latent = GuaranteeChecker.check(bnn).claim
        #expect(latent.contains("backward_at latent") && latent.contains("would be exactly ProxConnect on Loss o B"), "\(latent)")
        bnn.backwardAt = .quantized
        let quantized = GuaranteeChecker.check(bnn).claim
        #expect(quantized.hasPrefix("F = B o P with P a proximal quantizer onto Q and B' read at P(theta): each step is exactly ProxConnect on Loss o B"), "\(quantized)")
        #expect(quantized.contains("Dockhorn et al. 2021: a bound for the averaged iterate when the loss is convex, stationarity when it is not"))
        // B = id: B' = 1 wherever it is read, so latent is literally the quantized step.
        let bc = GuaranteeChecker.check(try Self.load("bc")).claim
        #expect(bc.contains("B' is constant") && bc.contains("exactly ProxConnect on Loss o B"), "\(bc)")
        let proxQuant = GuaranteeChecker.check(try Self.load("proxquant"))
        #expect(proxQuant.route == .proxGradient)
        #expect(proxQuant.claim.contains("prox-gradient step on Loss + lambda R"), "\(proxQuant.claim)")
        #expect(proxQuant.claim.contains("a growing lambda and the freeze are the authors' practice, outside that result"))
        #expect(proxQuant.claim.contains("for the last 33.33% of the run"))
    }

    /// BNN+: SS'_5 has its minimum -0.369144 at |x| = 0.687 (docs/THEORY.md
    /// section 3); on the 2001-point grid the witness is within 0.005 of it
    /// and its amount within 1e-4.
    @Test func bnnPlusBMonotoneWitness() throws {
        let report = GuaranteeChecker.check(try Self.load("bnnplus"))
        let w = try #require(report.result("B.monotone")?.witness)
        #expect(abs(w.amount - 0.369144) <= 1e-4, "amount \(w.amount)")
        #expect(abs(abs(w.x) - 0.687) <= 0.005, "x \(w.x)")
        #expect(report.result("B.monotone")?.detail.contains("-0.369") == true)
        // sup |B'| = SS'_5(0) = 5, at x = 0.
        let lip = try #require(report.result("B.lipschitz")?.witness)
        #expect(lip.amount == 5)
        #expect(lip.x == 0)
    }

    /// Bi-Real: sup |approxsign'| = 2 at 0; BNN: 1.
    @Test func lipschitzNumbers() throws {
        #expect(GuaranteeChecker.check(try Self.load("bireal")).result("B.lipschitz")?.witness?.amount == 2)
        #expect(GuaranteeChecker.check(try Self.load("bnn")).result("B.lipschitz")?.witness?.amount == 1)
        #expect(GuaranteeChecker.check(try Self.load("bc")).result("B.lipschitz")?.witness?.amount == 1)
    }

    /// BNN++ is BNN+ made principled: `principled()` keeps B and P, sets
    /// F = B . P, and the decomposition passes; F equals B(P(x)) pointwise.
    @Test func principledBnnPlus() throws {
        let bnnPlus = try Self.load("bnnplus")
        let principled = bnnPlus.principled()
        #expect(principled.backward == bnnPlus.backward)
        #expect(principled.effectiveProx == .sign)
        #expect(principled.forward == (try q("signswish(5) . sign")))
        #expect(principled.forward.description == "signswish(5) . sign")
        let report = GuaranteeChecker.check(principled)
        #expect(report.result("decomposition")?.passed == true)
        #expect(report.result("B.monotone")?.passed == false)
        #expect(report.verdict == .guaranteed)

        var rng = SplitMix64(seed: 0xB0B0)
        for _ in 0..<1000 {
            let x = -3 + 6 * rng.nextUnitDouble()
            let f = principled.forward.value(x, mu: 1)
            let bop = principled.backward.value(principled.effectiveProx.value(x, mu: 1), mu: 1)
            #expect(f == bop, "x = \(x)")
        }
        // The built-in BNN++ preset is the same construction with b = mu.
        let bnnPlusPlus = try Self.load("bnnplusplus")
        #expect(bnnPlusPlus.principled().forward == bnnPlusPlus.forward)
    }

    /// Synthesis works for any backward map and proximal map: F = B o P
    /// passes the decomposition by construction, and compositions flatten.
    @Test(arguments: [
        ("tanh(3)", nil), ("signswish(mu)", nil), ("clip(0.5) . tanh(2)", nil),
        ("id", "lq(0, mu - 1)"), ("approxsign", "lq(mu, 0)"), ("2 * tanh(2) + scale(0.1)", "sign . id"),
    ] as [(String, String?)])
    func synthesisPassesDecomposition(backward: String, prox: String?) throws {
        let b = try q(backward)
        let p = try prox.map { try q($0) }
        let pair = QuantizerPair(name: "t", forward: .sign, backward: b, prox: p, schedule: .linear(2, 40)).principled()
        let report = GuaranteeChecker.check(pair)
        #expect(report.result("decomposition")?.passed == true, "\(report.result("decomposition")?.detail ?? "")")
        let pp = p ?? .sign
        var factors: [Quantizer] = []
        for part in [b, pp] {
            if case .compose(let fs) = part { factors += fs } else { factors.append(part) }
        }
        #expect(pair.forward == .compose(factors))
        var rng = SplitMix64(seed: 11)
        for _ in 0..<200 {
            let x = -3 + 6 * rng.nextUnitDouble(), mu = 2 + 38 * rng.nextUnitDouble()
            #expect(pair.forward.value(x, mu: mu) == b.value(pp.value(x, mu: mu), mu: mu))
        }
    }
}

/// Constructed pairs that must fail (or pass) one check each.
@Suite struct CheckConstructedPairTests {
    static func report(_ forward: String, _ backward: String, prox: String? = nil,
                       schedule: Schedule = .constant(1)) throws -> CheckReport {
        let pair = QuantizerPair(name: "t", forward: try q(forward), backward: try q(backward),
                                 prox: try prox.map { try q($0) }, schedule: schedule)
        return GuaranteeChecker.check(pair)
    }

    @Test func decreasingForwardFailsFMonotone() throws {
        let r = try Self.report("-1 * sign", "id")
        let check = try #require(r.result("F.monotone"))
        #expect(!check.passed)
        #expect(check.witness?.amount == 2, "sign flips from +1 to -1: F drops by 2")
        #expect(abs(check.witness?.x ?? 9) <= 0.003)
        #expect(r.result("F.fixesQ")?.passed == false)
        #expect(r.verdict == .heuristic)
    }

    @Test func smoothForwardWithConstantScheduleFailsFQuantizes() throws {
        let r = try Self.report("tanh(1)", "tanh(1)", schedule: .constant(1))
        let check = try #require(r.result("F.quantizes"))
        #expect(!check.passed)
        // |F| spans [0, tanh(3)]: every point is half the span from the middle level.
        #expect(abs((check.witness?.amount ?? 0) - 0.5) <= 1e-12)
        #expect(r.verdict == .heuristic)
        #expect(r.failing.contains("F.quantizes"))
        // However strong mu gets, tanh(mu x) is 0 at x = 0: never binary on the grid.
        let strong = try Self.report("tanh(mu)", "tanh(mu)", schedule: .linear(1, 5000))
        #expect(strong.result("F.quantizes")?.passed == false)
        #expect(strong.result("F.quantizes")?.witness?.mu == 5000)
    }

    /// F = 2 sign fixes Q with scale 2, but 2 sign != id o sign.
    @Test func scaledSign() throws {
        let r = try Self.report("2 * sign", "id")
        let fixes = try #require(r.result("F.fixesQ"))
        #expect(fixes.passed)
        #expect(fixes.detail.contains("c = 2"), "\(fixes.detail)")
        #expect(r.result("F.quantizes")?.passed == true)
        let d = try #require(r.result("decomposition"))
        #expect(!d.passed)
        #expect(d.witness?.amount == 0.5, "|2 sign - sign| = 1, relative to max |F| = 2")
        #expect(r.verdict == .heuristic)
    }

    /// A P onto {-2, 2} does not count (docs/THEORY.md section 4, "Finding P").
    @Test func proxOntoWrongSetFailsPProximal() throws {
        let r = try Self.report("2 * sign", "id", prox: "2 * sign")
        #expect(r.result("P.proximal")?.passed == false)
        #expect(r.result("decomposition")?.passed == true)
        #expect(r.verdict == .heuristic)
    }

    @Test func proxMovingAwayFromQFailsPProximal() throws {
        let r = try Self.report("sign", "id", prox: "scale(2)")
        let check = try #require(r.result("P.proximal"))
        #expect(!check.passed)
        #expect(check.detail.contains("away from Q"), "\(check.detail)")
        // scale(2) moves x = 3 to 6: from distance 2 to 5.
        #expect(check.witness?.amount == 3)
        #expect(abs(check.witness?.x ?? 0) == 3)
        let shrink = try Self.report("sign", "id", prox: "scale(0.5)")
        #expect(shrink.result("P.proximal")?.passed == false, "0.5 x moves x = 1 to 0.5, away from Q")
    }

    @Test func decreasingProxFailsPProximal() throws {
        let r = try Self.report("sign", "id", prox: "-1 * sign")
        let check = try #require(r.result("P.proximal"))
        #expect(!check.passed)
        #expect(check.detail.contains("decreases"), "\(check.detail)")
    }

    @Test func proxThatNeverReachesQFailsPProximal() throws {
        // lq(0, mu - 1) at mu = 2 stops halfway: P(0) = +-0.5.
        let r = try Self.report("lq(0, mu - 1)", "id", prox: "lq(0, mu - 1)", schedule: .constant(2))
        let check = try #require(r.result("P.proximal"))
        #expect(!check.passed)
        #expect(check.detail.contains("does not reach Q"), "\(check.detail)")
        #expect(r.result("F.quantizes")?.passed == false)
    }

    @Test func nonMonotoneBackwardFailsBMonotone() throws {
        let r = try Self.report("sign", "-1 * clip(1)")
        let check = try #require(r.result("B.monotone"))
        #expect(!check.passed)
        #expect(check.witness?.amount == 1)
        #expect(abs(check.witness?.x ?? 9) <= 1)
        #expect(r.result("decomposition")?.passed == false)
    }

    /// Decomposition with an assumed P = sign when none is declared.
    @Test func assumedProxIsSign() throws {
        let r = try Self.report("clip(1) . sign", "clip(1)")
        #expect(!r.proxDeclared)
        #expect(r.prox == "sign")
        #expect(r.result("decomposition")?.passed == true)
        #expect(r.result("decomposition")?.detail.contains("P = sign (assumed)") == true)
        #expect(r.verdict == .guaranteed)
    }

    /// A decomposition error below 1e-6 relative passes; above it fails.
    @Test func decompositionTolerance() throws {
        #expect(CheckCatalog.decompositionTolerance == 1e-6)
        let near = try Self.report("scale(1.0000005) . sign", "id")
        #expect(near.result("decomposition")?.passed == true)
        let far = try Self.report("scale(1.000002) . sign", "id")
        #expect(far.result("decomposition")?.passed == false)
        #expect(abs((far.result("decomposition")?.witness?.amount ?? 0) - 2e-6 / 1.000002) <= 1e-12)
    }

    /// F.quantizes: within 1e-2 relative of two points +-c.
    @Test func quantizeTolerance() throws {
        #expect(CheckCatalog.quantizeTolerance == 1e-2)
        // lq(0, mu - 1) at mu = 1000: |F| in [1 - 1e-3, 1 + 2e-3].
        #expect(try Self.report("lq(0, mu - 1)", "id", schedule: .constant(1000)).result("F.quantizes")?.passed == true)
        // at mu = 20: |F| spans 1 +- 0.1.
        #expect(try Self.report("lq(0, mu - 1)", "id", schedule: .constant(20)).result("F.quantizes")?.passed == false)
    }

    /// The checks judge F.quantizes at the largest mu the schedule reaches,
    /// even when the schedule decreases.
    @Test func quantizesJudgedAtLargestMu() throws {
        let r = try Self.report("lq(0, mu - 1)", "id", schedule: .linear(1000, 1))
        #expect(r.result("F.quantizes")?.witness?.mu == 1000)
        #expect(r.result("F.quantizes")?.passed == true)
    }

    /// Notes: a reset pair says it is prox-gradient; a failing decomposition
    /// points at `principled`.
    @Test func notes() throws {
        let proxquant = GuaranteeChecker.check(try CheckVerdictTableTests.load("proxquant"))
        #expect(proxquant.notes.contains { $0.contains("prox-gradient") })
        let bnnPlus = GuaranteeChecker.check(try CheckVerdictTableTests.load("bnnplus"))
        #expect(bnnPlus.notes.contains { $0.contains("principled") })
        let bnnPlusPlus = GuaranteeChecker.check(try CheckVerdictTableTests.load("bnnplusplus"))
        #expect(bnnPlusPlus.notes.contains { $0.contains("negative") })
    }
}
