import Foundation
import ProxCore
import Testing
import TestHelpers

/// `proxlab check` and `proxlab principled` run as processes: exit status
/// carries the verdict (0 guaranteed, 3 heuristic, 2 bad input).
@Suite struct CLICheckTests {
    /// docs/THEORY.md section 4's verdicts as exit statuses.
    @Test(arguments: [
        ("bc", 0), ("bnn", 0), ("bireal", 0), ("bnnplus", 3), ("bnnplusplus", 0), ("proxconnect", 0), ("proxquant", 0),
        ("bnnplusplus-ssforward", 3),
    ] as [(String, Int32)])
    func exitStatusIsTheVerdict(preset: String, status: Int32) throws {
        let r = try proxlab("check", preset)
        #expect(r.status == status, "\(r.stderr)")
        #expect(r.stderr.isEmpty)
        let verdict = status == 0 ? "verdict: guaranteed" : "verdict: heuristic"
        #expect(r.stdout.split(separator: "\n").contains { $0.hasPrefix(verdict) }, "\(r.stdout)")
        #expect(!r.stdout.contains("\u{1B}"), "no colour when stdout is not a terminal")
    }

    @Test func textReportOfBnnPlus() throws {
        let r = try proxlab("check", "bnnplus")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "BNN+: F = sign   B = signswish(5)   P = sign")
        for id in ["F.monotone", "F.quantizes", "F.fixesQ", "B.lipschitz", "P.proximal"] {
            #expect(lines.contains { $0.hasPrefix("pass  \(id) ") }, "\(id) passes")
        }
        #expect(lines.contains { $0.hasPrefix("FAIL  B.monotone ") && $0.contains("min B' = -0.3691") })
        #expect(lines.contains { $0.hasPrefix("FAIL  B.atQ ") && $0.contains("B'(-1) = -0.195") })
        #expect(lines.contains { $0.hasPrefix("FAIL  decomposition  yes ") && $0.contains("off by 0.05309") && $0.contains("c = 0.2557") })
        #expect(lines.contains("verdict: heuristic on the PC++ decomposition route (needs decomposition; failing: B.monotone, B.atQ, decomposition)"))
        #expect(lines.contains("claim: nothing is proven: the PC++ decomposition route needs decomposition; the pair trains as a heuristic"))
    }

    /// `--backward-at` works with a preset: read at P(theta) = +-1, Bi-Real's
    /// approxsign'(+-1) = 0 moves no weight, so B.atQ is needed and fails.
    @Test func backwardAtForAPreset() throws {
        let latent = try proxlab("check", "bireal")
        #expect(latent.status == 0)
        #expect(latent.stdout.contains("FAIL  B.atQ          -  "), "\(latent.stdout)")
        let quantized = try proxlab("check", "bireal", "--backward-at", "quantized")
        #expect(quantized.status == 3, "\(quantized.stderr)")
        #expect(quantized.stdout.contains("backward at: quantized"))
        #expect(quantized.stdout.contains("FAIL  B.atQ          yes"), "\(quantized.stdout)")
        #expect(quantized.stdout.contains("verdict: heuristic on the PC++ decomposition route (needs B.atQ; failing: B.atQ)"))
        let json = try json(try proxlab("check", "bnn", "--backward-at", "quantized", "--json"))
        #expect(json["backward_at"] == .string("quantized"))
        #expect(json["claim"]?.stringValue?.contains("each step is exactly ProxConnect on Loss o B") == true)
        let bad = try proxlab("check", "bnn", "--backward-at", "theta")
        #expect(bad.status == 2)
        #expect(bad.stderr == "proxlab check: --backward-at expects latent or quantized, got 'theta'\n")
    }

    /// `check --json`: {"pair", "route", "verdict", "claim", "checks": [{"id",
    /// "passed", "required", "witness": {"x", "mu", "amount"}, "detail"}]}.
    @Test func jsonShape() throws {
        let r = try proxlab("check", "bnn", "--json")
        #expect(r.status == 0)
        let doc = try json(r)
        #expect(doc.keySet.isSuperset(of: ["pair", "route", "verdict", "claim", "checks"]), "\(doc.keys)")
        #expect(doc["pair"] == .string("bnn"))
        #expect(doc["route"] == .string("decomposition"))
        #expect(doc["verdict"] == .string("guaranteed"))
        #expect(doc["claim"]?.stringValue?.contains("B' is read at theta (backward_at latent)") == true)
        let checks = try #require(doc["checks"]?.arrayValue)
        #expect(checks.compactMap { $0["id"]?.stringValue }
            == ["F.monotone", "F.quantizes", "F.fixesQ", "B.monotone", "B.lipschitz", "B.atQ", "P.proximal", "decomposition"])
        #expect(checks.filter { $0["required"] == .bool(true) }.compactMap { $0["id"]?.stringValue }
            == ["F.quantizes", "P.proximal", "decomposition"])
        for check in checks {
            #expect(check.keySet == ["id", "passed", "required", "witness", "detail"], "\(check.keys)")
            #expect(check["passed"]?.boolValue == true)
            #expect(check["detail"]?.stringValue?.isEmpty == false)
            let witness = try #require(check["witness"])
            #expect(witness.keySet == ["x", "mu", "amount"])
            for key in ["x", "mu", "amount"] { #expect(witness[key]?.numberValue != nil, "\(key) is a number") }
        }
    }

    @Test func jsonOfBnnPlusCarriesTheWitnesses() throws {
        let r = try proxlab("check", "bnnplus", "--json")
        #expect(r.status == 3, "the exit status is the verdict with --json too")
        let doc = try json(r)
        #expect(doc["verdict"] == .string("heuristic"))
        let checks = try #require(doc["checks"]?.arrayValue)
        func check(_ id: String) -> JSONValue? { checks.first { $0["id"] == .string(id) } }
        #expect(check("decomposition")?["passed"] == .bool(false))
        let amount = try #require(check("decomposition")?["witness"]?["amount"]?.numberValue)
        #expect(abs(amount - 0.053095) <= 1e-6)
        #expect(check("B.monotone")?["passed"] == .bool(false))
        let x = try #require(check("B.monotone")?["witness"]?["x"]?.numberValue)
        #expect(abs(abs(x) - 0.687) <= 0.005)
        #expect(check("B.lipschitz")?["witness"]?["amount"] == .number(5))
    }

    /// A pair given as expressions; options given with a preset override it.
    @Test func customPairsAndOverrides() throws {
        let heuristic = try proxlab("check", "--forward", "sign", "--backward", "signswish(5)", "--json")
        #expect(heuristic.status == 3)
        #expect(try json(heuristic)["pair"] == .string("custom"))
        let principled = try proxlab("check", "--forward", "signswish(mu) . sign", "--backward", "signswish(mu)",
                                     "--schedule", "linear(5, 50)", "--json")
        #expect(principled.status == 0, "\(principled.stderr)")
        #expect(try json(principled)["schedule"] == .string("linear(5, 50)"))
        // bnnplusplus with a constant schedule at b = 5 is still guaranteed (F = B o P).
        let constant = try proxlab("check", "bnnplusplus", "--schedule", "constant(5)", "--json")
        #expect(constant.status == 0)
        #expect(try json(constant)["mus"] == .array([.number(5)]))
        // ProxConnect stopped at mu = 2 never quantizes.
        let weak = try proxlab("check", "proxconnect", "--schedule", "constant(2)")
        #expect(weak.status == 3)
        // A preset file given by path.
        let byPath = try proxlab("check", RepositoryPaths.quantizerPreset("bireal"))
        #expect(byPath.status == 0)
        #expect(byPath.stdout.hasPrefix("Bi-Real: "))
    }

    @Test func principledSynthesizesBnnPlusPlus() throws {
        let r = try proxlab("principled", "--backward", "signswish(mu)", "--schedule", "linear(5, 50)")
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "synthesized: F = B o P = signswish(mu) . sign")
        #expect(lines.contains { $0.hasPrefix("pass  decomposition ") })
        #expect(lines.contains { $0.hasPrefix("FAIL  B.monotone ") })
        #expect(lines.contains { $0.hasPrefix("verdict: guaranteed") })

        let fromPreset = try proxlab("principled", "bnnplus", "--json")
        #expect(fromPreset.status == 0)
        let doc = try json(fromPreset)
        #expect(doc["forward"] == .string("signswish(5) . sign"))
        #expect(doc["verdict"] == .string("guaranteed"))

        let withProx = try proxlab("principled", "--backward", "id", "--prox", "lq(0, mu - 1)", "--schedule", "exponential(1, 1000)")
        #expect(withProx.status == 0, "\(withProx.stderr)")
        #expect(withProx.stdout.hasPrefix("synthesized: F = B o P = id . lq(0, mu - 1)\n"))
    }
}
