import Foundation
import ProxCore
import Testing
import TestHelpers

/// Preset files: the built-in ones load; bad ones say file, field and reason.
/// Tests write only under fresh temporary folders.
@Suite struct PresetTests {
    static let builtinNames = ["bc", "bnn", "bireal", "bnnplus", "bnnplusplus", "proxconnect", "proxquant", "bnnplusplus-ssforward"]

    /// A valid preset's fields, to be varied one at a time.
    static let validFields: [(String, String)] = [
        ("name", "\"custom\""), ("title", "\"Custom\""), ("description", "\"A test pair.\""),
        ("source", "\"nowhere\""), ("forward", "\"sign\""), ("backward", "\"clip(1)\""), ("prox", "\"sign\""),
        ("backward_at", "\"latent\""), ("schedule", "\"constant(1)\""), ("clip", "1"), ("reset", "false"),
    ]

    static func json(replacing changes: [String: String] = [:], removing removed: Set<String> = [],
                     adding extra: [(String, String)] = []) -> String {
        var lines: [String] = []
        for (key, value) in validFields where !removed.contains(key) {
            lines.append("  \"\(key)\": \(changes[key] ?? value)")
        }
        for (key, value) in extra { lines.append("  \"\(key)\": \(value)") }
        return "{\n" + lines.joined(separator: ",\n") + "\n}\n"
    }

    /// Writes `text` to a fresh temporary file and loads it.
    static func load(_ text: String, name: String = "pair.json") throws -> Result<QuantizerPair, PresetError> {
        let folder = try RepositoryPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        do { return .success(try PairPreset.load(path: path)) } catch {
            // Files are named by their path; keep only the file name for comparisons.
            return .failure(PresetError(file: URL(fileURLWithPath: error.file).lastPathComponent, field: error.field, reason: error.reason))
        }
    }

    static func failure(_ text: String) throws -> PresetError? {
        if case .failure(let e) = try load(text) { return e }
        return nil
    }

    // MARK: - Built-in presets

    @Test func builtinFolderHoldsTheMethodsAndTheWhatIf() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: RepositoryPaths.quantizerPresets.path)
            .filter { $0.hasSuffix(".json") }.sorted()
        #expect(files == Self.builtinNames.map { $0 + ".json" }.sorted())
    }

    @Test(arguments: builtinNames as [String])
    func builtinPresetLoads(_ name: String) throws {
        let pair = try PairPreset.load(path: RepositoryPaths.quantizerPreset(name))
        #expect(pair.name == name)
        #expect(!pair.title.isEmpty)
        #expect(pair.summary.count > 80 && !pair.summary.contains("\n"), "one paragraph")
        #expect(pair.source.contains("20"), "the source names a paper and its year: \(pair.source)")
        #expect(pair.problem == nil)
        #expect(pair.prox != nil)
    }

    /// docs/THEORY.md section 4: schedules end strong enough; ProxQuant resets; BC
    /// and BNN clip the latent weights to [-1, 1].
    @Test func builtinPresetDetails() throws {
        func load(_ n: String) throws -> QuantizerPair { try PairPreset.load(path: RepositoryPaths.quantizerPreset(n)) }
        // ProxConnect's mu follows the summed step sizes (docs/THEORY.md section 5).
        #expect(try load("proxconnect").schedule == .cumulativeLR(333))
        #expect(try load("proxconnect").schedule.checkPoints.max()! >= 1000)
        // ProxQuant: F = B = id, one prox step after each optimizer step with
        // threshold lr * lambda, lambda = mu growing linearly, the freeze for the last third.
        let proxquant = try load("proxquant")
        #expect(proxquant.resetAfterStep)
        #expect(proxquant.forward == .identity && proxquant.backward == .identity)
        #expect(proxquant.prox == (try Quantizer(parsing: "lq(lr * mu, 0)")))
        #expect(proxquant.schedule == .linear(0, 0.03))
        #expect(proxquant.freeze == 0.6667)
        #expect(proxquant.latentClip == 1)
        for name in Self.builtinNames where name != "proxquant" { #expect(try load(name).freeze == nil) }
        #expect(try load("bc").latentClip == 1)
        #expect(try load("bnn").latentClip == 1)
        #expect(try load("proxconnect").latentClip == nil)
        #expect(try load("bnnplusplus").schedule == .linear(5, 50))
        for name in Self.builtinNames where name != "proxquant" { #expect(try load(name).resetAfterStep == false) }
        for name in Self.builtinNames { #expect(try load(name).backwardAt == .latent) }
    }

    // MARK: - Errors: file, field, reason

    @Test func missingFile() throws {
        let folder = try RepositoryPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("absent.json").path
        #expect(throws: PresetError(file: path, reason: "no such file")) { try PairPreset.load(path: path) }
        #expect(throws: PresetError.self) { try PresetLibrary.resolvePair(path) }
        #expect(try PresetLibrary.resolvePair("certainly-not-a-preset-name") == nil)
    }

    @Test func directoryIsNotAPreset() throws {
        let folder = try RepositoryPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: PresetError.self) { try PairPreset.load(path: folder.path) }
    }

    @Test func emptyFile() throws {
        #expect(try Self.failure("") == PresetError(file: "pair.json", reason: "the file is empty; expected a JSON object"))
        #expect(try Self.failure("  \n ")?.reason.contains("empty") == true)
    }

    @Test func invalidJSONHasLineAndColumn() throws {
        let text = "{\n  \"name\": \"x\",\n  \"forward\": sign\n}\n"
        let e = try #require(try Self.failure(text))
        #expect(e.field == nil)
        #expect(e.reason.hasPrefix("not valid JSON at line 3, column 14"), "\(e.reason)")
        let trailing = try #require(try Self.failure(Self.json() + "x"))
        #expect(trailing.reason.contains("line 14, column 1"), "\(trailing.reason)")
        let comma = try #require(try Self.failure("{\"name\": \"x\",}"))
        #expect(comma.reason.contains("line 1, column 14"), "\(comma.reason)")
        let unterminated = try #require(try Self.failure("{\"name\": \"x"))
        #expect(unterminated.reason.contains("unterminated string"))
        #expect(try Self.failure("[1, 2]")?.reason == "expected a JSON object at the top level, got an array")
        #expect(try Self.failure("{\"name\": \"a\", \"name\": \"b\"}")?.reason.contains("appears twice") == true)
    }

    @Test func notUTF8() throws {
        let folder = try RepositoryPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("latin1.json").path
        try Data([0x7B, 0x22, 0xE9, 0x22, 0x7D]).write(to: URL(fileURLWithPath: path))
        #expect(throws: PresetError(file: path, reason: "not UTF-8 text")) { try PairPreset.load(path: path) }
    }

    @Test func unknownFieldIsNamed() throws {
        let e = try #require(try Self.failure(Self.json(adding: [("backwards", "\"id\"")])))
        #expect(e.field == "backwards")
        #expect(e.reason.hasPrefix("unknown field"))
        #expect(e.description.hasPrefix("pair.json: field 'backwards': unknown field; fields are name, title"))
    }

    @Test(arguments: ["name", "description", "source", "forward", "backward"] as [String])
    func missingRequiredField(_ field: String) throws {
        let e = try #require(try Self.failure(Self.json(removing: [field])))
        #expect(e == PresetError(file: "pair.json", field: field, reason: "missing (required)"))
    }

    @Test func optionalFieldsMayBeLeftOut() throws {
        let text = Self.json(removing: ["title", "prox", "backward_at", "schedule", "clip", "reset"])
        let pair = try Self.load(text).get()
        #expect(pair.title == "custom")
        #expect(pair.prox == nil)
        #expect(pair.schedule == .constant(1))
        #expect(pair.latentClip == nil)
        #expect(pair.resetAfterStep == false)
        #expect(pair.backwardAt == .latent)
        // null is the same as absent for optional fields.
        let nulls = try Self.load(Self.json(replacing: ["prox": "null", "clip": "null", "schedule": "null"])).get()
        #expect(nulls.prox == nil && nulls.latentClip == nil && nulls.schedule == .constant(1))
    }

    @Test(arguments: [
        ("forward", "3", "expected a string, got a number"),
        ("name", "[\"a\"]", "expected a string, got an array"),
        ("clip", "\"one\"", "expected a number, got a string"),
        ("reset", "1", "expected true or false, got a number"),
        ("reset", "\"yes\"", "expected true or false, got a string"),
        ("schedule", "{}", "expected a string, got an object"),
        ("backward_at", "true", "expected a string, got a boolean"),
    ] as [(String, String, String)])
    func wrongType(field: String, value: String, reason: String) throws {
        let e = try #require(try Self.failure(Self.json(replacing: [field: value])))
        #expect(e == PresetError(file: "pair.json", field: field, reason: reason))
    }

    @Test func badExpressionNamesFieldAndColumn() throws {
        let e = try #require(try Self.failure(Self.json(replacing: ["backward": "\"clip(1\""])))
        #expect(e.field == "backward")
        #expect(e.reason.hasPrefix("column 7: expected ')'"), "\(e.reason)")
        #expect(e.reason.hasSuffix("in \"clip(1\""))
        #expect(!e.description.contains("\n"))
        let f = try #require(try Self.failure(Self.json(replacing: ["forward": "\"sign . sgn\""])))
        #expect(f.field == "forward")
        #expect(f.reason.hasPrefix("column 8: unknown piece 'sgn'"), "\(f.reason)")
        let p = try #require(try Self.failure(Self.json(replacing: ["prox": "\"lq(0, -2)\""])))
        #expect(p.field == "prox")
        #expect(p.reason.contains("r > -1"))
    }

    @Test(arguments: [
        ("schedule", "\"linear(1)\"", "column 9"),
        ("schedule", "\"exponential(0, 10)\"", "start > 0"),
        ("backward_at", "\"sideways\"", "expected \"latent\" or \"quantized\", got \"sideways\""),
        ("clip", "-1", "expected a positive number or null, got -1"),
        ("clip", "0", "expected a positive number or null, got 0"),
        ("name", "\"\"", "must not be empty"),
    ] as [(String, String, String)])
    func badFieldValue(field: String, value: String, words: String) throws {
        let e = try #require(try Self.failure(Self.json(replacing: [field: value])))
        #expect(e.field == field)
        #expect(e.reason.contains(words), "\(e.reason)")
    }

    /// A parameter that follows mu leaves its domain along the schedule:
    /// lq(0, mu - 1) at mu = -1 has r = -2 <= -1.
    @Test func muDomainViolation() throws {
        let e = try #require(try Self.failure(Self.json(replacing: ["forward": "\"lq(0, mu - 1)\"", "prox": "\"lq(0, mu - 1)\"",
                                                                    "schedule": "\"constant(-1)\""])))
        #expect(e.field == "forward")
        #expect(e.reason.contains("lq needs r > -1"), "\(e.reason)")
        #expect(e.reason.contains("mu = -1"), "\(e.reason)")
        // Every mu the checks visit counts: linear(0, 10) starts at mu = 0, r = -1.
        let start = try #require(try Self.failure(Self.json(replacing: ["backward": "\"lq(0, mu - 1)\"", "schedule": "\"linear(0, 10)\""])))
        #expect(start.field == "backward")
        #expect(start.reason.contains("at mu = 0"), "\(start.reason)")
        let clip = try #require(try Self.failure(Self.json(replacing: ["backward": "\"clip(mu)\"", "schedule": "\"linear(1, -1)\""])))
        #expect(clip.field == "backward")
        #expect(clip.reason.contains("clip needs a > 0"))
    }

    /// Bad escapes in strings are errors; a lone high surrogate followed by
    /// another escape must not trap (a trap would end the test run).
    @Test func surrogateEscapesDoNotTrap() throws {
        #expect(throws: JSONError.self) { try JSONValue(parsing: "{\"name\": \"x\\uD800\\u0041\"}") }
        #expect(throws: JSONError.self) { try JSONValue(parsing: "\"\\uDBFF\\uFFFF\"") }
        #expect(throws: JSONError.self) { try JSONValue(parsing: "\"\\uD800\\u") }
        // Valid pairs decode.
        #expect(try JSONValue(parsing: "\"\\uD83D\\uDE42\"") == .string("🙂"))
        #expect(try JSONValue(parsing: "\"\\u00e9\"") == .string("é"))
    }

    // MARK: - Saving

    @Test(arguments: builtinNames as [String])
    func saveLoadRoundTrip(_ name: String) throws {
        let original = try PairPreset.load(path: RepositoryPaths.quantizerPreset(name))
        let folder = try RepositoryPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("\(name).json").path
        try PairPreset.save(original, to: path)
        let loaded = try PairPreset.load(path: path)
        #expect(loaded == original)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["\(name).json"], "no temporary file left")
        // The built-in file is already in the saved form, field for field.
        let builtin = try JSONValue(parsing: String(contentsOfFile: RepositoryPaths.quantizerPreset(name), encoding: .utf8))
        let saved = try JSONValue(parsing: String(contentsOfFile: path, encoding: .utf8))
        #expect(saved == builtin)
    }

    @Test func saveKeepsAwkwardTextAndOverwrites() throws {
        var pair = QuantizerPair(name: "odd \"name\"", forward: try q("2 * (tanh(mu) . clip(0.5)) + -1 * sign"),
                                 backward: try q("pwl((-1, -1), (0, 0.5), (1, 1))"), prox: try q("lq(0.25, mu)"),
                                 backwardAt: .quantized,
                                 schedule: .stepwise([ScheduleStep(epoch: 0, value: 1), ScheduleStep(epoch: 4, value: 10)]),
                                 latentClip: 0.75, resetAfterStep: true)
        pair.title = "Tab\there, newline\nthere, backslash \\ and é 🙂 \u{1}"
        pair.summary = "line one\nline two"
        pair.source = "\u{7f}"
        let folder = try RepositoryPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("nested/deeper/odd.json").path
        // A missing folder is an error, never created silently.
        #expect(throws: PresetError(file: path, reason: "cannot write it: the folder \(folder.path)/nested/deeper does not exist")) {
            try PairPreset.save(pair, to: path)
        }
        try FileManager.default.createDirectory(atPath: folder.appendingPathComponent("nested/deeper").path, withIntermediateDirectories: true)
        try PairPreset.save(pair, to: path)
        #expect(try PairPreset.load(path: path) == pair)
        pair.latentClip = nil
        pair.prox = nil
        try PairPreset.save(pair, to: path)
        #expect(try PairPreset.load(path: path) == pair)
        let parent = folder.appendingPathComponent("nested/deeper").path
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent) == ["odd.json"])
    }

    /// Saving to a symbolic link writes the file it points to and keeps the
    /// link; the file keeps its permission bits.
    @Test func saveWritesThroughASymlinkAndKeepsPermissions() throws {
        let folder = try RepositoryPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let real = folder.appendingPathComponent("real.json").path
        let link = folder.appendingPathComponent("link.json").path
        try Data("{}".utf8).write(to: URL(fileURLWithPath: real))
        chmod(real, 0o600)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "real.json")
        let pair = QuantizerPair(name: "x", forward: .sign, backward: .identity)
        try PairPreset.save(pair, to: link)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "real.json")
        #expect(try PairPreset.load(path: real).forward == .sign)
        let attributes = try FileManager.default.attributesOfItem(atPath: real)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["link.json", "real.json"])
    }

    @Test func saveToUnwritablePlaceIsAnError() throws {
        let folder = try RepositoryPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("plain")
        try Data("x".utf8).write(to: file)
        let pair = QuantizerPair(name: "x", forward: .sign, backward: .identity)
        let target = file.appendingPathComponent("pair.json").path   // a folder that is a file
        do {
            try PairPreset.save(pair, to: target)
            Issue.record("saved under a plain file")
        } catch {
            #expect(error.file == target)
            #expect(error.reason.hasPrefix("cannot write"))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["plain"])
    }
}
