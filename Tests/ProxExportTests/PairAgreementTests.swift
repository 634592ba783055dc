import Foundation
import ProxCore
import Testing
import TestHelpers

/// The exported torch code computes what proxlab computes: F, B, B' and P of
/// every preset and of composed expressions, in float64 on 10,000 points
/// and five mu values, agree with `proxlab eval` to 1e-6 relative; and the
/// autograd function multiplies by B' at the right point, under autograd,
/// `torch.func.grad` and `vmap` alike.
@Suite(.enabled(if: TorchPython.available, "needs a Python with torch (make test-torch)"))
struct PairAgreementTests {
    struct Case {
        var label: String
        /// Arguments of `proxlab export torch` before `--out`.
        var arguments: [String]
        var forward: String
        var backward: String
        var prox: String
    }

    /// Every built-in preset, a preset with B' read at P(theta), and
    /// compositions, sums, scales, pwl and lq with mu-dependent parameters.
    static func cases() throws -> [Case] {
        var cases: [Case] = []
        for pair in try PresetLibrary.builtinPairs() {
            cases.append(Case(label: pair.name, arguments: [pair.name], forward: pair.forward.description,
                              backward: pair.backward.description, prox: pair.effectiveProx.description))
        }
        cases.append(Case(label: "bnnplus quantized", arguments: ["bnnplus", "--backward-at", "quantized"],
                          forward: "sign", backward: "signswish(5)", prox: "sign"))
        let composed = [
            "signswish(mu) . clip(1)",
            "2 * clip(1) + -1 * id",
            "(mu / 10) * tanh(mu) + 0.5 * approxsign",
            "pwl((-2, -1), (-0.5, -0.75), (0, 0), (0.5, 0.75), (2, 1)) . tanh(2)",
            "lq(mu / 4, mu - 1) . scale(1.5)",
            "lq(0.25, 2 ^ (mu / 10) - 1) + 0.1 * sign",
            "scale(mu) . tanh(1 / mu) . (id + -0.5 * clip(0.5))",
            "-signswish(mu) . (approxsign . scale(0.75) + 0.2 * lq(mu / 8, 0))",
            "lq(lr * mu * 100, 0) . tanh(mu + 1000 * lr)",
        ]
        for (i, e) in composed.enumerated() {
            cases.append(Case(label: "composed \(i + 1): \(e)",
                              arguments: ["--forward=" + e, "--backward=" + e, "--prox=" + e, "--schedule", "linear(1, 2)"],
                              forward: e, backward: e, prox: e))
        }
        return cases
    }

    static let mus: [Double] = [0.5, 1, 2.5, 7, 40]

    /// 10,000 points over [-3.125, 3.125) at a spacing of 1/1600: every
    /// multiple of 1/32 is among them, so the kinks at 0, +-0.5, +-1, +-2 are hit exactly.
    static let points = (0..<10_000).map { "\(Double($0 - 5000) / 1600)" }.joined(separator: ",")

    @Test func exportedMapsAgreeWithEval() throws {
        let folder = try RepositoryPaths.temporaryFolder("proxlab-export-agreement")
        defer { try? FileManager.default.removeItem(at: folder) }
        var evals: [String: String] = [:]
        func eval(_ expression: String, mu: Double) throws -> String {
            let key = "\(expression) @ \(mu)"
            if let path = evals[key] { return path }
            let r = try ProxlabProcess.run(["eval", "--at", Self.points, "--mu", "\(mu)", "--json", "--", expression])
            try #require(r.status == 0, "proxlab eval '\(expression)' --mu \(mu): \(r.stderr)")
            let path = folder.appendingPathComponent("eval-\(evals.count).json").path
            try r.stdout.write(toFile: path, atomically: true, encoding: .utf8)
            evals[key] = path
            return path
        }
        let cases = try Self.cases()
        var manifest: [JSONValue] = []
        var labels: [String] = []
        for (i, c) in cases.enumerated() {
            let out = folder.appendingPathComponent("case\(i)")
            let r = try ProxlabProcess.run(["export", "torch"] + c.arguments + ["--out", out.path])
            try #require(r.status == 0, "export \(c.label): \(r.stderr)")
            let modules = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("proxtorch").path)
                .filter { $0.hasSuffix(".py") && $0 != "layers.py" && $0 != "__init__.py" }
            try #require(modules.count == 1, "\(c.label): pair modules \(modules)")
            let module = out.appendingPathComponent("proxtorch/\(modules[0])").path
            for mu in Self.mus {
                manifest.append(.object([
                    ("module", .string(module)), ("mu", .number(mu)),
                    ("F", .string(try eval(c.forward, mu: mu))), ("B", .string(try eval(c.backward, mu: mu))),
                    ("P", .string(try eval(c.prox, mu: mu))),
                ]))
                labels.append("\(c.label) at mu = \(formatNumber(mu))")
            }
        }
        let manifestPath = folder.appendingPathComponent("manifest.json")
        try JSONValue.object([("tolerance", .number(1e-6)), ("cases", .array(manifest))]).compactText
            .write(to: manifestPath, atomically: true, encoding: .utf8)
        let r = try TorchPython.run(TorchPython.script("agreement.py"), [manifestPath.path])
        try #require(r.status == 0, "agreement.py failed: \(r.stderr.suffix(2000))")
        let results = try r.stdout.split(separator: "\n").map { try JSONValue(parsing: String($0)) }
        #expect(results.count == manifest.count)
        var worst = 0.0
        for result in results {
            let i = Int(result["case"]?.numberValue ?? -1)
            let label = i >= 0 && i < labels.count ? labels[i] : "case \(i)"
            for map in ["F", "B", "dB", "P"] {
                guard let m = result[map] else {
                    Issue.record("\(label): no \(map) comparison")
                    continue
                }
                let bad = Int(m["bad"]?.numberValue ?? -1)
                #expect(m["points"]?.numberValue == 10_000, "\(label) \(map)")
                #expect(bad == 0, """
                    \(label): \(map) differs from proxlab eval beyond 1e-6 at \(bad) of 10000 points; \
                    worst at index \(Int(m["worst"]?.numberValue ?? -1)): torch \(m["got"]?.numberValue ?? .nan), \
                    proxlab \(m["want"]?.numberValue ?? .nan)
                    """)
                if bad == 0 { worst = max(worst, m["max_rel"]?.numberValue ?? 0) }
            }
            if let f = result["function"] {
                for check in ["forward", "autograd", "func_grad", "vmap", "after_step"] {
                    #expect(f[check]?.boolValue == true, "\(label): \(check) of the autograd function")
                }
            }
        }
        #expect(results.filter { $0["function"] != nil }.count == cases.count)
        // The largest relative difference seen, for the notes (rounding only).
        print("export agreement: \(results.count) cases of 10000 points, largest relative difference \(worst)")
    }
}
