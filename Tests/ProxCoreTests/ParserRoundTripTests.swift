import Foundation
import ProxCore
import Testing
import TestHelpers

/// print(parse(s)) parses to the same tree, and parse(print(t)) == t.
@Suite struct ParserRoundTripTests {
    /// The forward, backward and prox texts of every built-in preset file.
    static var presetExpressions: [String] {
        var texts: [String] = []
        for name in ["bc", "bnn", "bireal", "bnnplus", "bnnplusplus", "proxconnect", "proxquant", "bnnplusplus-ssforward"] {
            let path = RepositoryPaths.quantizerPreset(name)
            guard let data = FileManager.default.contents(atPath: path),
                  let json = try? JSONValue(parsing: String(decoding: data, as: UTF8.self)) else {
                texts.append("<unreadable \(path)>")
                continue
            }
            for key in ["forward", "backward", "prox"] {
                if let s = json[key]?.stringValue { texts.append(s) }
            }
        }
        return texts
    }

    /// Hand-written texts with the grammar's corners: aliases, unary minus,
    /// subtraction, nested and parenthesised compositions, coefficients that
    /// look like quantizers, powers, scientific numbers, spacing.
    static let handWritten: [String] = [
        "sign", "id", "identity", "hardtanh", "hardtanh()", "clip(1)", "approxsign",
        "signswish(mu) . sign", "lq(0, mu - 1)", "lq(mu, 0)", "pwl((-1, -1), (0, 0.5), (1, 1))",
        "2 * clip(1) + id", "sign - clip(1)", "sign - 2 * clip(1)", "-sign", "- 2 * sign", "-(sign)",
        "(mu - 1) * tanh(1)", "(sign . clip(1))", "sign . (clip(1) . tanh(2))", "(sign . clip(1)) . tanh(2)",
        "2 * (tanh(1) + id)", "mu * mu * sign", "-mu * sign", "(-mu) * sign", "(2 ^ (mu / 10)) * tanh(mu ^ -1)",
        "tanh(-mu ^ 2)", "tanh((-mu) ^ 2)", "tanh(2 ^ 3 ^ 2)", "tanh((2 ^ 3) ^ 2)", "scale(1 - 2 - 3)", "scale(1 - (2 - 3))",
        "scale(8 / 4 / 2)", "scale(8 / (4 / 2))", "scale(--mu)", "scale(1e-3)", "scale(2.5E+3)", "scale(1e20)",
        "scale(0.1)", "scale(123456789.123)", "  sign\t.\nclip( 1 )  ", "tanh(2) . clip(1) + -1 * sign . sign",
        "((((sign))))", "(((2))) * sign", "signswish(mu/2)", "lq(0.3,0.5)",
        "lq(lr * mu, 0)", "lr * id", "-lr * sign", "scale(lr / (1 + mu))", "(lr ^ 2) * tanh(1)",
    ]

    static func check(_ text: String) {
        let first: Quantizer
        do { first = try Quantizer(parsing: text) } catch {
            Issue.record("\"\(text)\" does not parse: \(error)")
            return
        }
        let printed = first.description
        do {
            let second = try Quantizer(parsing: printed)
            #expect(second == first, "\"\(text)\" printed as \"\(printed)\" parses to another tree")
            #expect(second.description == printed, "printing is not a fixed point for \"\(text)\"")
        } catch {
            Issue.record("\"\(text)\" printed as \"\(printed)\", which does not parse: \(error)")
        }
    }

    @Test(arguments: presetExpressions as [String])
    func presetExpressionRoundTrips(_ text: String) {
        Self.check(text)
    }

    @Test func everyPresetHasItsExpressions() {
        // 8 presets, each with forward, backward and prox.
        #expect(Self.presetExpressions.count == 24)
    }

    @Test(arguments: handWritten as [String])
    func handWrittenRoundTrips(_ text: String) {
        Self.check(text)
    }

    /// Printed forms of chosen trees, so that "fewest parentheses" is pinned.
    @Test func printedForms() throws {
        let expectations: [(String, String)] = [
            ("sign - clip(1)", "sign + -1 * clip(1)"),
            ("sign - 2 * clip(1)", "sign + -2 * clip(1)"),
            ("-sign", "-1 * sign"),
            ("hardtanh", "clip(1)"),
            ("identity", "id"),
            ("(sign . clip(1))", "sign . clip(1)"),
            ("sign . (clip(1) . tanh(2))", "sign . (clip(1) . tanh(2))"),
            ("2 * (tanh(1) + id)", "2 * (tanh(1) + id)"),
            ("(-mu) * sign", "(-mu) * sign"),
            ("-mu * sign", "(-mu) * sign"),
            ("tanh(-mu ^ 2)", "tanh(-mu ^ 2)"),
            ("tanh((-mu) ^ 2)", "tanh((-mu) ^ 2)"),
            ("scale(1 - (2 - 3))", "scale(1 - (2 - 3))"),
            ("scale(1 - 2 - 3)", "scale(1 - 2 - 3)"),
            ("tanh((2 ^ 3) ^ 2)", "tanh((2 ^ 3) ^ 2)"),
            ("tanh(2 ^ 3 ^ 2)", "tanh(2 ^ 3 ^ 2)"),
            ("scale(2.5E+3)", "scale(2500)"),
            ("scale(1e20)", "scale(1e+20)"),
            ("lq(0.3,0.5)", "lq(0.3, 0.5)"),
            ("  sign\t.\nclip( 1 )  ", "sign . clip(1)"),
            ("pwl((-1, -1), (0, 0.5), (1, 1))", "pwl((-1, -1), (0, 0.5), (1, 1))"),
            ("(2 ^ (mu / 10)) * tanh(1)", "(2 ^ (mu / 10)) * tanh(1)"),
        ]
        for (text, printed) in expectations {
            #expect(try q(text).description == printed, "\"\(text)\"")
        }
    }

    /// Trees the parser builds for chosen texts.
    @Test func parsedTrees() throws {
        #expect(try q("signswish(mu) . sign") == .compose([.piece(.signSwish(.mu)), .sign]))
        #expect(try q("lq(0, mu - 1)") == .piece(.linearQuadratic(k: .number(0), r: .binary(.subtract, .mu, .number(1)))))
        #expect(try q("2 * clip(1) + id") == .sum([.scaled(.number(2), .piece(.clip(.number(1)))), .identity]))
        #expect(try q("sign - clip(1)") == .sum([.sign, .scaled(.number(-1), .piece(.clip(.number(1))))]))
        #expect(try q("sign . id . approxsign") == .compose([.sign, .identity, .piece(.approxSign)]))
        #expect(try q("sign . (id . approxsign)") == .compose([.sign, .compose([.identity, .piece(.approxSign)])]))
        #expect(try q("tanh(-mu ^ 2)") == .piece(.tanh(.negate(.binary(.power, .mu, .number(2))))))
        #expect(try q("scale(-2)") == .piece(.scale(.number(-2))))
        #expect(try q("-2 * sign") == .scaled(.number(-2), .sign))
        #expect(try q("(mu - 1) * tanh(1)") == .scaled(.binary(.subtract, .mu, .number(1)), .piece(.tanh(.number(1)))))
    }

    /// parse(print(t)) == t for 5,000 generated trees, and print is a fixed point.
    @Test func generatedTreesRoundTrip() {
        var gen = ExpressionGenerator(seed: 0x5EED_0001, maximumDepth: 5)
        var failures = 0
        for _ in 0..<5000 {
            let tree = gen.quantizer()
            let text = tree.description
            do {
                let parsed = try Quantizer(parsing: text)
                if parsed != tree || parsed.description != text {
                    failures += 1
                    if failures <= 5 { Issue.record("\(tree)\n  printed \"\(text)\"\n  parsed back as \(String(reflecting: parsed))\n  from tree \(String(reflecting: tree))") }
                }
            } catch {
                failures += 1
                if failures <= 5 { Issue.record("printed \"\(text)\" does not parse: \(error)\n  tree \(String(reflecting: tree))") }
            }
        }
        #expect(failures == 0)
    }

    /// A negative zero (from "-0") prints as "0" but was wrapped like a
    /// negative number, so printing was not a fixed point: "(0) ^ 2" then "0 ^ 2".
    @Test func negativeZeroPrintsConsistently() throws {
        for text in ["scale((-0) ^ 2)", "scale(mu ^ -0)", "scale(-0)", "-0 * sign", "scale(mu - -0)"] {
            let printed = try q(text).description
            let reprinted = try q(printed).description
            #expect(reprinted == printed, "\"\(text)\" prints as \"\(printed)\", which prints as \"\(reprinted)\"")
        }
    }

    /// Parameters alone: parse(print(p)) == p for 5,000 generated parameters.
    @Test func generatedParamsRoundTrip() throws {
        var gen = ExpressionGenerator(seed: 0x5EED_0002)
        for _ in 0..<5000 {
            let p = gen.param(depth: 5)
            let text = p.description
            let parsed = try Param(parsing: text)
            #expect(parsed == p, "\"\(text)\" parses to \(String(reflecting: parsed)), not \(String(reflecting: p))")
            if parsed != p { break }
        }
    }

    /// Parsing preserves meaning: the printed form evaluates to the same
    /// values as the tree at a few points (a guard against a round trip that
    /// is consistent but wrong, such as a sign lost in subtraction).
    @Test func parsedTextsEvaluateAsWritten() throws {
        let cases: [(String, (Double) -> Double)] = [
            ("sign - 2 * clip(1)", { ($0 >= 0 ? 1 : -1) - 2 * max(-1, min(1, $0)) }),
            ("-sign", { $0 >= 0 ? -1 : 1 }),
            ("scale(1 - 2 - 3)", { -4 * $0 }),
            ("scale(1 - (2 - 3))", { 2 * $0 }),
            ("scale(8 / 4 / 2)", { $0 }),
            ("scale(2 ^ 3 ^ 2)", { 512 * $0 }),
            ("scale(-2 ^ 2)", { -4 * $0 }),
            ("scale((-2) ^ 2)", { 4 * $0 }),
            ("scale(2 * -3)", { -6 * $0 }),
            ("scale(2 - -3)", { 5 * $0 }),
            ("scale(3 * (2 + mu))", { 3 * (2 + 2) * $0 }),
            ("scale(1) . scale(2) + scale(3)", { 5 * $0 }),
            ("2 * scale(3) . scale(5)", { 30 * $0 }),
        ]
        for (text, expected) in cases {
            let f = try q(text)
            for x in [-1.5, -0.25, 0, 0.7, 2] {
                #expect(isClose(f.value(x, mu: 2), expected(x), rtol: 1e-15, atol: 1e-15), "\(text) at \(x)")
                #expect(isClose(try q(f.description).value(x, mu: 2), expected(x), rtol: 1e-15, atol: 1e-15), "printed \(f) at \(x)")
            }
        }
    }
}
