import Foundation
import ProxCore
import ProxTrain
import Testing
import TestHelpers

/// A run whose files are broken is refused before anything is written (no
/// Python involved): one line naming the file and the reason, exit status
/// 2, no package and no temporary folder beside where it would have gone.
@Suite struct RunExportRefusalTests {
    /// A trained toy run (one epoch) in `folder`/runs; its folder.
    static func trainedRun(in folder: URL) throws -> URL {
        let runs = folder.appendingPathComponent("runs")
        let t = try ProxlabProcess.run(["train", "--pair", "bc", "--dataset", "moons:n=200", "--model", "mlp:8",
                                        "--epochs", "1", "--batch", "50", "--threads", "1", "--runs-dir", runs.path])
        try #require(t.status == 0, "proxlab train: \(t.stderr)")
        let id = try #require(try FileManager.default.contentsOfDirectory(atPath: runs.path).first)
        return runs.appendingPathComponent(id)
    }

    /// A copy of `run` named `name` whose model.safetensors went through `change`.
    static func copy(_ run: URL, as name: String, _ change: (SafeTensors) -> SafeTensors) throws -> URL {
        let broken = run.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(name)
        try FileManager.default.copyItem(at: run, to: broken)
        let path = broken.appendingPathComponent(TrainingCheckpoint.fileName).path
        try change(try SafeTensors.read(path: path)).write(to: path)
        return broken
    }

    /// `file` with its entries passed through `keep` (nil drops one).
    static func rewritten(_ file: SafeTensors, _ keep: (SafeTensors.Entry) -> SafeTensors.Entry?) -> SafeTensors {
        var out = SafeTensors()
        out.metadata = file.metadata
        for e in file.entries { if let k = keep(e) { out.add(k.name, dtype: k.dtype, shape: k.shape, bytes: k.bytes) } }
        return out
    }

    /// Exports `run` into a fresh folder and checks the refusal: one line with `words`, nothing left behind.
    static func expectRefused(_ run: URL, _ words: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let parent = run.deletingLastPathComponent().appendingPathComponent("out-\(run.lastPathComponent)")
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        let out = parent.appendingPathComponent("package")
        let r = try ProxlabProcess.run(["export", "torch", run.path, "--out", out.path])
        #expect(r.status == 2 && !r.crashed && r.stdout.isEmpty, "\(r.stderr)", sourceLocation: sourceLocation)
        #expect(r.stderrLines.count == 1 && r.stderrLines[0].hasPrefix("proxlab export: "), "\(r.stderr)", sourceLocation: sourceLocation)
        for w in words { #expect(r.stderr.contains(w), "'\(w)' not in \(r.stderr)", sourceLocation: sourceLocation) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path) == [], "left behind in \(parent.path)",
                sourceLocation: sourceLocation)
    }

    @Test func weightsThatDoNotFitTheModelAreRefused() throws {
        let folder = try RepositoryPaths.temporaryFolder("proxlab-export-refusal")
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try Self.trainedRun(in: folder)
        let file = try SafeTensors.read(path: run.appendingPathComponent(TrainingCheckpoint.fileName).path)
        let bias = try #require(file.names.last { $0.hasSuffix(".bias") && !$0.hasPrefix("optimizer.") })
        let weight = try #require(file.entries.first { $0.name.hasSuffix(".weight") && $0.shape.count == 2 && $0.shape[0] != $0.shape[1] })

        let noBias = try Self.copy(run, as: "no-bias") { Self.rewritten($0) { $0.name == bias ? nil : $0 } }
        try Self.expectRefused(noBias, [noBias.path + "/model.safetensors", "has no tensor \(bias)"])

        let swapped = try Self.copy(run, as: "swapped") {
            Self.rewritten($0) { e in
                guard e.name == weight.name else { return e }
                var t = e
                t.shape = [e.shape[1], e.shape[0]]
                return t
            }
        }
        try Self.expectRefused(swapped, [swapped.path + "/model.safetensors", "tensor \(weight.name) is F32 \([weight.shape[1], weight.shape[0]])",
                                         "needs F32 \(weight.shape)"])
    }

    /// The log is read for the epoch the weights were saved after: a log
    /// that is garbage, a folder or missing is said to be so, with its path.
    @Test func aLogThatCannotBeReadIsNamed() throws {
        let folder = try RepositoryPaths.temporaryFolder("proxlab-export-refusal")
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try Self.trainedRun(in: folder)
        let fm = FileManager.default
        let garbage = try Self.copy(run, as: "garbage") { $0 }
        try "garbage{\n".write(to: garbage.appendingPathComponent("events.jsonl"), atomically: true, encoding: .utf8)
        try Self.expectRefused(garbage, [garbage.path + "/events.jsonl: not a run's log", "line 1"])
        let isFolder = try Self.copy(run, as: "folder") { $0 }
        try fm.removeItem(at: isFolder.appendingPathComponent("events.jsonl"))
        try fm.createDirectory(at: isFolder.appendingPathComponent("events.jsonl"), withIntermediateDirectories: false)
        try Self.expectRefused(isFolder, [isFolder.path + "/events.jsonl: a folder, not the run's log"])
        let missing = try Self.copy(run, as: "missing") { $0 }
        try fm.removeItem(at: missing.appendingPathComponent("events.jsonl"))
        try Self.expectRefused(missing, [missing.path + "/events.jsonl: no such file"])
    }
}
