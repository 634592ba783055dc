import Foundation
import ProxCore
import Testing
import TestHelpers

/// Bad input gets one line on stderr naming what and where, and exit status 2
/// (issue 2, item 6); an expression error adds the text with a caret.
@Suite struct CLIErrorTests {
    @Test func unknownPieceWithColumnAndCaret() throws {
        let r = try proxlab("eval", "sign . sgn(5)", "--at", "1")
        expectBadInput(r, command: "eval", ["expression column 8", "unknown piece 'sgn'", "did you mean 'sign'?"], caretLines: 2)
        #expect(Array(r.stderrLines.dropFirst()) == ["  sign . sgn(5)", "         ^"])
        let c = try proxlab("check", "--forward", "sign", "--backward", "clip(1, 2)")
        expectBadInput(c, command: "check", ["--backward column 1", "clip takes 1 argument (a), got 2"], caretLines: 2)
        let p = try proxlab("check", "bnn", "--prox", "sign . (id")
        expectBadInput(p, command: "check", ["--prox column 11", "expected ')'"], caretLines: 2)
        #expect(p.stderrLines.last == "  " + String(repeating: " ", count: 10) + "^")
    }

    @Test func unknownOptionAndCommand() throws {
        expectBadInput(try proxlab("eval", "sign", "--at", "1", "--bogus"), command: "eval", ["unknown option --bogus"])
        expectBadInput(try proxlab("check", "bnn", "--jsn"), command: "check", ["unknown option --jsn"])
        expectBadInput(try proxlab("check", "bnn", "-x"), command: "check", ["unknown option -x"])
        expectBadInput(try proxlab("check", "bnn", "--json=yes"), command: "check", ["--json takes no value"])
        expectBadInput(try proxlab("frobnicate"), command: "", ["unknown command 'frobnicate' and no preset of that name (proxlab presets lists them)", "presets, plot, check"])
        expectBadInput(try proxlab("eval", "sign", "--at"), command: "eval", ["--at needs a value"])
    }

    /// NaN or infinite numbers: options, points, and parameters.
    @Test func nanAndInfinity() throws {
        expectBadInput(try proxlab("eval", "sign", "--mu", "nan", "--at", "1"), command: "eval", ["--mu", "finite number", "'nan'"])
        expectBadInput(try proxlab("eval", "scale(mu)", "--mu", "inf", "--at", "1"), command: "eval", ["--mu", "'inf'"])
        expectBadInput(try proxlab("eval", "sign", "--at", "1,nan"), command: "eval", ["--at item 2 'nan'"])
        expectBadInput(try proxlab("eval", "tanh(0 / 0)", "--at", "1"), command: "eval", ["column 6", "NaN"], caretLines: 2)
        expectBadInput(try proxlab("eval", "scale(1 / (mu - 1))", "--at", "1"), command: "eval", ["infinite", "mu = 1"])
        expectBadInput(try proxlab("plot", "bnn", "--mu", "nan"), command: "plot", ["--mu", "'nan'"])
        expectBadInput(try proxlab("check", "bnn", "--clip", "inf"), command: "check", ["--clip", "'inf'"])
    }

    /// lq's r must stay above -1: at the argument's column for a constant,
    /// at the mu where it fails for an expression of mu.
    @Test func lqDomain() throws {
        let r = try proxlab("eval", "lq(0, -2)", "--at", "1")
        expectBadInput(r, command: "eval", ["expression column 7", "lq needs r > -1, got r = -2"], caretLines: 2)
        expectBadInput(try proxlab("eval", "lq(0, mu - 1)", "--mu", "0", "--at", "1"), command: "eval",
                       ["expression", "lq needs r > -1, got r = -1 at mu = 0"])
        expectBadInput(try proxlab("check", "--forward", "lq(0, mu - 1)", "--backward", "id", "--schedule", "constant(-1)"),
                       command: "check", ["forward", "lq needs r > -1", "mu = -1"])
        expectBadInput(try proxlab("check", "proxconnect", "--schedule", "linear(0, 10)"), command: "check",
                       ["forward", "lq needs r > -1", "mu = 0"])
    }

    @Test func unknownPreset() throws {
        expectBadInput(try proxlab("check", "bnnpp"), command: "check", ["no preset named 'bnnpp'", "proxlab presets"])
        expectBadInput(try proxlab("principled", "nothing"), command: "principled", ["no preset named 'nothing'"])
        let missing = try proxlab("check", "/nonexistent/folder/pair.json")
        expectBadInput(missing, command: "check", ["/nonexistent/folder/pair.json", "no such file"])
    }

    @Test func brokenPresetFiles() throws {
        let folder = try RepositoryPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        func write(_ name: String, _ text: String) throws -> String {
            let path = folder.appendingPathComponent(name).path
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            return path
        }
        let broken = try write("broken.json", "{\n  \"name\": \"x\",\n  \"forward\": sign\n}\n")
        expectBadInput(try proxlab("check", broken), command: "check", [broken, "not valid JSON at line 3, column 14"])
        let empty = try write("empty.json", "")
        expectBadInput(try proxlab("check", empty), command: "check", [empty, "empty"])
        let valid = try String(contentsOfFile: RepositoryPaths.quantizerPreset("bnn"), encoding: .utf8)
        let unknown = try write("unknown.json", valid.replacingOccurrences(of: "\"reset\"", with: "\"resett\""))
        expectBadInput(try proxlab("check", unknown), command: "check", [unknown, "field 'resett'", "unknown field"])
        let badExpr = try write("badexpr.json", valid.replacingOccurrences(of: "\"clip(1)\"", with: "\"clip(1\""))
        expectBadInput(try proxlab("plot", badExpr), command: "plot", [badExpr, "field 'backward'", "column 7"])
        let badDomain = try write("domain.json", valid.replacingOccurrences(of: "\"clip(1)\"", with: "\"lq(0, mu - 1)\"")
            .replacingOccurrences(of: "\"constant(1)\"", with: "\"constant(-1)\""))
        expectBadInput(try proxlab("check", badDomain), command: "check", [badDomain, "field 'backward'", "r > -1"])
        // A bad field in a preset listed by `presets` is reported the same way.
        let presets = folder.appendingPathComponent("presets/quantizers")
        try FileManager.default.createDirectory(at: presets, withIntermediateDirectories: true)
        try Data("{}".utf8).write(to: presets.appendingPathComponent("bad.json"))
        expectBadInput(try proxlab("presets", environment: ["PROXLAB_PRESETS": folder.appendingPathComponent("presets").path]),
                       command: "presets", ["bad.json", "field 'name'", "missing"])
    }

    @Test func missingArguments() throws {
        expectBadInput(try proxlab("eval", "sign"), command: "eval", ["--at"])
        expectBadInput(try proxlab("eval", "--at", "1"), command: "eval", ["give an expression"])
        expectBadInput(try proxlab("eval", "sign", "id", "--at", "1"), command: "eval", ["unexpected argument 'id'"])
        expectBadInput(try proxlab("check"), command: "check", ["--forward", "--backward"])
        expectBadInput(try proxlab("check", "--forward", "sign"), command: "check", ["--backward"])
        expectBadInput(try proxlab("check", "bnn", "--forward", "sign"), command: "check", ["not both"])
        expectBadInput(try proxlab("principled"), command: "principled", ["--backward"])
        expectBadInput(try proxlab("plot"), command: "plot", ["give a preset name"])
    }

    @Test func badOptionValues() throws {
        let s = try proxlab("check", "bnn", "--schedule", "linear(1)")
        expectBadInput(s, command: "check", ["--schedule column 9", "expected ','"], caretLines: 2)
        expectBadInput(try proxlab("check", "bnn", "--backward-at", "sideways"), command: "check", ["--backward-at", "'sideways'"])
        expectBadInput(try proxlab("check", "bnn", "--clip", "-1"), command: "check", ["--clip", "positive"])
        expectBadInput(try proxlab("plot", "bnn", "--size", "10x2"), command: "plot", ["--size", "'10x2'"])
        expectBadInput(try proxlab("plot", "bnn", "--range", "3:-3"), command: "plot", ["--range", "'3:-3'"])
        expectBadInput(try proxlab("plot", "bnn", "--series", "F,Q"), command: "plot", ["--series", "'Q'"])
        expectBadInput(try proxlab("plot", "sgn", "--size", "40x10"), command: "plot", ["column 1", "unknown piece 'sgn'"], caretLines: 2)
        expectBadInput(try proxlab("eval", String(repeating: "(", count: 10_000) + "sign", "--at", "1"), command: "eval",
                       ["nested deeper"], caretLines: 2)
    }

    /// Input that once trapped: a stepwise epoch beyond Int, a JSON string
    /// with a high surrogate followed by a non-surrogate escape.
    @Test func inputThatMustNotCrash() throws {
        let epoch = try proxlab("check", "bnn", "--schedule", "stepwise((1e300, 1))")
        expectBadInput(epoch, command: "check", ["--schedule"], caretLines: 2)
        let folder = try RepositoryPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("surrogate.json").path
        try Data("{\"name\": \"x\\uD800\\u0041\"}".utf8).write(to: URL(fileURLWithPath: path))
        expectBadInput(try proxlab("check", path), command: "check", [path])
    }

    /// Valid expressions whose Float evaluation overflows: 1e39 is a finite
    /// Double but infinite as a Float, so the sum is inf - inf = NaN inside
    /// the plot's buffer evaluation. Drawing may show nothing or refuse, but
    /// must not crash.
    @Test func plotOfFloatOverflowDoesNotCrash() throws {
        let r = try proxlab("plot", "tanh(1) . (scale(1e39) + scale(-1e39))", "--size", "40x10")
        #expect(!r.crashed, "crashed with signal \(r.status)")
        #expect(r.status == 0 || r.status == 2, "exit status \(r.status): \(r.stderr.prefix(300))")
    }

    /// An experiment file's bad field is named by the file's path and the
    /// field (not by a flag the user never gave, nor by the experiment's
    /// name), by every command that reads experiment files; a flag is named as the flag.
    @Test func anExperimentFilesBadFieldNamesTheFile() throws {
        let folder = try RepositoryPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        func file(_ name: String, _ text: String) throws -> String {
            let path = folder.path + "/" + name
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        let dataset = try file("dataset.json", #"{"name":"x","dataset":"nosuch","model":"mlp:8","pairs":["bnn"]}"#)
        let pairs = try file("pairs.json", #"{"name":"x","dataset":"moons","model":"mlp:8","pairs":["nosuchpair"]}"#)
        let broken = try file("broken.json", "{bad\n")
        let runs = folder.path + "/runs"
        for command in [["train"], ["sweep", "--vary", "lr=0.01:0.1:2"], ["export", "torch", "--out", folder.path + "/out"]] {
            let name = command[0] == "export" ? "export" : command[0]
            func run(_ args: String...) throws -> ProcessResult { try proxlab(command + args + ["--runs-dir", runs]) }
            expectBadInput(try run(dataset), command: name, [dataset + ": field 'dataset': unknown dataset 'nosuch'"])
            expectBadInput(try run(pairs), command: name, [pairs + ": field 'pairs': no preset named 'nosuchpair'"])
            expectBadInput(try run(broken), command: name, [broken + ": not valid JSON at line 1, column 2"])
            expectBadInput(try run(pairs, "--dataset", "nosuch"), command: name, ["--dataset nosuch: unknown dataset 'nosuch'"])
            expectBadInput(try run(dataset, "--pair", "nosuchpair", "--dataset", "moons"), command: name, ["--pair no preset named 'nosuchpair'"])
        }
        #expect(!FileManager.default.fileExists(atPath: runs) && !FileManager.default.fileExists(atPath: folder.path + "/out"))
    }
}
