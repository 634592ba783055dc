import Foundation
import ProxCore
import Testing
import TestHelpers

/// `eval`, `presets`, `plot` and the help texts, run as processes.
@Suite struct CLICommandTests {
    static let subcommands = ["workbench", "presets", "plot", "check", "eval", "train", "runs", "summary", "principled", "export"]

    @Test func evalJSON() throws {
        let r = try proxlab("eval", "signswish(5)", "--at", "0.2", "--json")
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try json(r)
        let items = try #require(doc.arrayValue)
        #expect(items.count == 1)
        let item = items[0]
        #expect(item.keys == ["x", "value", "derivative"])
        #expect(item["x"] == .number(0.2))
        // docs/THEORY.md section 3: SS_5(0.2) = 0.855341, SS'_5(0.2) = 3.023661 (six decimals).
        #expect(abs((item["value"]?.numberValue ?? 0) - 0.855341) <= 6e-7)
        #expect(abs((item["derivative"]?.numberValue ?? 0) - 3.023661) <= 6e-7)
    }

    @Test func evalSeveralPointsInOrder() throws {
        let r = try proxlab("eval", "lq(0, mu - 1)", "--at", "-0.5, 0.5,2", "--mu", "10", "--json")
        #expect(r.status == 0, "\(r.stderr)")
        let items = try #require(try json(r).arrayValue)
        #expect(items.compactMap { $0["x"]?.numberValue } == [-0.5, 0.5, 2])
        let values = items.compactMap { $0["value"]?.numberValue }
        #expect(values.count == 3)
        #expect(abs(values[0] - -0.95) <= 1e-15 && abs(values[1] - 0.95) <= 1e-15 && abs(values[2] - 1.1) <= 1e-15)
        #expect(items.compactMap { $0["derivative"]?.numberValue }.allSatisfy { abs($0 - 0.1) <= 1e-15 })
    }

    @Test func evalText() throws {
        let r = try proxlab("eval", "signswish(5)", "--at", "0,0.2,1")
        #expect(r.status == 0)
        let rows = r.stdout.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        #expect(rows.count == 5)
        #expect(rows.first == ["signswish(5)", "at", "mu", "=", "1"])
        #expect(rows[1] == ["x", "value", "derivative"])
        #expect(rows[2] == ["0", "0", "5"])
        #expect(rows[3] == ["0.2", "0.855341", "3.023661"])
        #expect(rows[4] == ["1", "1.053095", "-0.194992"])
        // Right-hand derivative at a kink; sign(0) = +1.
        let kink = try proxlab("eval", "clip(1) + sign", "--at", "1,0", "--json")
        let items = try #require(try json(kink).arrayValue)
        #expect(items.map { $0["value"] } == [.number(2), .number(1)])
        #expect(items.map { $0["derivative"] } == [.number(1), .number(1)])
    }

    /// `presets` lists the built-in pairs (the seven methods and the BNN++
    /// what-if) with their verdicts.
    @Test func presetsListsAll() throws {
        let r = try proxlab("presets")
        #expect(r.status == 0, "\(r.stderr)")
        let rows = r.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
        let expected: [(String, String)] = [("bc", "guaranteed"), ("bnn", "guaranteed"), ("bireal", "guaranteed"),
                                            ("bnnplus", "heuristic"), ("bnnplusplus", "guaranteed"),
                                            ("proxconnect", "guaranteed"), ("proxquant", "guaranteed"),
                                            ("bnnplusplus-ssforward", "heuristic")]
        #expect(rows.count == 1 + expected.count, "a header and one line per preset")
        for (name, verdict) in expected {
            let row = rows.first { $0.first == name }
            #expect(row?.contains(verdict) == true, "\(name): \(row ?? [])")
        }
        let listing = try json(try proxlab("presets", "--json"))
        let items = try #require(listing.arrayValue)
        #expect(items.compactMap { $0["name"]?.stringValue } == expected.map(\.0))
        #expect(items.compactMap { $0["verdict"]?.stringValue } == expected.map(\.1))
    }

    /// Without PROXLAB_PRESETS the presets are found from the working
    /// directory (or above the executable): running in the checkout works.
    @Test func presetsFoundFromTheCheckout() throws {
        let r = try proxlab("check", "bnn", environment: ["PROXLAB_PRESETS": ""], in: RepositoryPaths.root)
        #expect(r.status == 0, "\(r.stderr)")
    }

    @Test(arguments: subcommands as [String])
    func helpForEverySubcommand(_ command: String) throws {
        for flag in ["--help", "-h"] {
            let r = try proxlab(command, flag)
            #expect(r.status == 0, "\(command) \(flag): \(r.stderr)")
            let usage = r.stdout.split(separator: "\n").first.map(String.init) ?? ""
            #expect(usage.hasPrefix("usage: proxlab ") && usage.contains(command), "\(usage)")
            #expect(r.stderr.isEmpty)
        }
    }

    @Test func topLevelHelp() throws {
        // (No arguments opens the workbench, which needs a terminal.)
        for args in [["--help"], ["-h"], ["help"]] {
            let r = try ProxlabProcess.run(args)
            #expect(r.status == 0)
            let lines = r.stdout.split(separator: "\n").map(String.init)
            for command in Self.subcommands {
                #expect(lines.contains { $0.hasPrefix("  \(command) ") }, "\(args): \(command) listed")
            }
        }
    }

    /// `plot` draws a pair or an expression: a title and exactly H rows of at
    /// most W characters, no escape bytes without a terminal.
    @Test(arguments: [("bnn", "40x10"), ("bnnplusplus", "72x20"), ("tanh(2) . clip(1)", "30x8"), ("lq(0.3, 0)", "60x14")] as [(String, String)])
    func plotDraws(target: String, size: String) throws {
        let r = try proxlab("plot", target, "--size", size)
        #expect(r.status == 0, "\(r.stderr)")
        let parts = size.split(separator: "x").compactMap { Int($0) }
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        #expect(lines.count == 1 + parts[1], "title and \(parts[1]) rows")
        #expect(lines.dropFirst().allSatisfy { $0.count <= parts[0] })
        #expect(lines.first?.contains("at mu =") == true)
        #expect(!r.stdout.contains("\u{1B}"))
    }
}
