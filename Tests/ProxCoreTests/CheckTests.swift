import Foundation
import ProxCore
import Testing
import TestHelpers

/// One row of THEORY.md section 4's expected-verdict table.
struct ExpectedVerdict: Sendable, CustomTestStringConvertible {
    let preset: String
    let forward: String
    let backward: String
    let prox: String
    let decomposition: Bool
    let bMonotone: Bool
    let verdict: Verdict
    var testDescription: String { preset }
}

/// THEORY.md section 4, check by check.
@Suite struct CheckVerdictTableTests {
    /// THEORY.md section 4, "Expected verdicts for the built-in methods".
    static let table: [ExpectedVerdict] = [
        ExpectedVerdict(preset: "bc", forward: "sign", backward: "id", prox: "sign",
                        decomposition: true, bMonotone: true, verdict: .guaranteed),
        ExpectedVerdict(preset: "bnn", forward: "sign", backward: "clip(1)", prox: "sign",
                        decomposition: true, bMonotone: true, verdict: .guaranteed),
        ExpectedVerdict(preset: "bireal", forward: "sign", backward: "approxsign", prox: "sign",
                        decomposition: true, bMonotone: true, verdict: .guaranteed),
        ExpectedVerdict(preset: "bnnplus", forward: "sign", backward: "signswish(5)", prox: "sign",
                        decomposition: false, bMonotone: false, verdict: .heuristic),
        ExpectedVerdict(preset: "bnnplusplus", forward: "signswish(mu) . sign", backward: "signswish(mu)", prox: "sign",
                        decomposition: true, bMonotone: false, verdict: .guaranteed),
        ExpectedVerdict(preset: "proxconnect", forward: "lq(0, mu - 1)", backward: "id", prox: "lq(0, mu - 1)",
                        decomposition: true, bMonotone: true, verdict: .guaranteed),
        ExpectedVerdict(preset: "proxquant", forward: "lq(mu, 0)", backward: "id", prox: "lq(mu, 0)",
                        decomposition: true, bMonotone: true, verdict: .guaranteed),
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

        let report = GuaranteeChecker.check(pair)
        #expect(report.results.map(\.id) == ["F.monotone", "F.quantizes", "F.fixesQ", "B.monotone", "B.lipschitz", "P.proximal", "decomposition"])
        func passed(_ id: String) -> Bool? { report.result(id)?.passed }
        #expect(passed("decomposition") == row.decomposition, "\(report.result("decomposition")?.detail ?? "")")
        #expect(passed("B.monotone") == row.bMonotone, "\(report.result("B.monotone")?.detail ?? "")")
        #expect(report.verdict == row.verdict)
        // Every built-in pair has a monotone F that quantizes, fixes Q, a bounded
        // B' and a proximal P; the verdict follows the three deciding checks.
        for id in ["F.monotone", "F.quantizes", "F.fixesQ", "B.lipschitz", "P.proximal"] {
            #expect(passed(id) == true, "\(row.preset) \(id): \(report.result(id)?.detail ?? "missing")")
        }
        let deciding = ["decomposition", "P.proximal", "F.quantizes"].allSatisfy { passed($0) == true }
        #expect((report.verdict == .guaranteed) == deciding)
        #expect(Set(CheckCatalog.verdictIDs) == ["decomposition", "P.proximal", "F.quantizes"])
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

    /// BNN+: B o P = SS_5(+-1) = +-1.053095, so the decomposition is off by
    /// SS_5(1) - 1 = 0.053095 (THEORY.md sections 3 and 4), at every x.
    @Test func bnnPlusDecompositionWitness() throws {
        let report = GuaranteeChecker.check(try Self.load("bnnplus"))
        let r = try #require(report.result("decomposition"))
        let w = try #require(r.witness)
        #expect(abs(w.amount - 0.053095) <= 1e-6, "amount \(w.amount)")
        #expect(w.mu == 1)
        #expect(r.detail.contains("1.053"), "\(r.detail)")
        #expect(report.failing == ["B.monotone", "decomposition"])
    }

    /// BNN+: SS'_5 has its minimum -0.369144 at |x| = 0.687 (THEORY.md
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

    /// A P onto {-2, 2} does not count (THEORY.md section 4, "Finding P").
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
