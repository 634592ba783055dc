import Foundation
import ProxCore
import Testing
import TestHelpers

/// `train --resume`, `--init-from` and `--pretrain` through the real binary.
@Suite struct CLICheckpointTests {
    static let moons = ["--pair", "proxconnect", "--dataset", "moons:noise=0.1,n=4000", "--model", "mlp:64,64",
                        "--binarize", "except-first", "--batch", "20", "--lr", "0.01"]

    static func model(_ folder: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: folder + "/model.safetensors")) }

    static func summary(_ r: ProcessResult) throws -> JSONValue {
        try #require(try json(r)["runs"]?.arrayValue?.first)
    }

    /// A run killed with SIGKILL as soon as it has saved an epoch, then
    /// resumed, ends with the uninterrupted run's numbers and weights.
    @Test func aKilledRunResumesToTheUninterruptedResult() throws {
        let folder = try RepositoryPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let args = ["train"] + Self.moons + ["--epochs", "30", "--json"]
        let whole = try proxlab(args + ["--runs-dir", folder.path + "/a"])
        #expect(whole.status == 0, "\(whole.stderr.suffix(300))")
        let wholeRun = try Self.summary(whole)

        let runs = folder.path + "/b"
        let process = Process()
        process.executableURL = try #require(ProxlabProcess.executable)
        process.arguments = args + ["--runs-dir", runs]
        var environment = ProcessInfo.processInfo.environment
        environment["PROXLAB_PRESETS"] = RepositoryPaths.presets.path
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        var killedFolder: String?
        while process.isRunning && killedFolder == nil {
            if let id = try? FileManager.default.contentsOfDirectory(atPath: runs).first,
               FileManager.default.fileExists(atPath: "\(runs)/\(id)/model.safetensors") {
                kill(process.processIdentifier, SIGKILL)
                killedFolder = "\(runs)/\(id)"
            }
            usleep(2_000)
        }
        process.waitUntilExit()
        let dir = try #require(killedFolder, "the run ended before it saved an epoch")
        #expect(process.terminationReason == .uncaughtSignal, "the run was killed, not finished")
        let listed = try proxlab("runs", "--runs-dir", runs)
        #expect(listed.stdout.contains("incomplete"), "\(listed.stdout)")

        let resumed = try proxlab("train", "--resume", (dir as NSString).lastPathComponent, "--runs-dir", runs, "--json")
        #expect(resumed.status == 0, "\(resumed.stderr.suffix(300))")
        let resumedRun = try Self.summary(resumed)
        for key in ["final_loss", "test_accuracy", "deploy_accuracy", "flip_ratio", "epochs"] {
            #expect(resumedRun[key] == wholeRun[key], "\(key): \(resumedRun[key]?.compactText ?? "-") resumed, \(wholeRun[key]?.compactText ?? "-") uninterrupted")
        }
        #expect(resumedRun["log"]?.stringValue == dir, "the log continues in the same folder")
        let a = try Self.model(try #require(wholeRun["log"]?.stringValue))
        #expect(try Self.model(dir) == a, "model.safetensors is byte for byte the uninterrupted run's")
        let after = try proxlab("runs", "--runs-dir", runs)
        #expect(after.stdout.contains("30/30") && after.stdout.contains("finished"), "\(after.stdout)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".tmp") }.isEmpty,
                "no temporary file of a write the kill cut is left behind")

        // Nothing left to do: one line, bad input.
        let again = try proxlab("train", "--resume", dir, "--runs-dir", runs)
        expectBadInput(again, command: "train", ["--resume", "finished all 30 epochs", "nothing to resume"])
    }

    @Test func resumeTakesNoOtherSetupAndNamesWhatIsMissing() throws {
        let folder = try RepositoryPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        expectBadInput(try proxlab("train", "--resume", "nope", "--runs-dir", folder.path), command: "train",
                       ["--resume", "no run folder or run ID matching 'nope'"])
        expectBadInput(try proxlab("train", "--resume", "x", "--epochs", "3"), command: "train", ["--resume", "drop --epochs"])
        let empty = folder.appendingPathComponent("r1").path
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        expectBadInput(try proxlab("train", "--resume", empty), command: "train", ["has no model.safetensors", "start it again"])
    }

    @Test func initFromChecksTheShapesInOneLine() throws {
        let folder = try RepositoryPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let runs = folder.path
        let first = try proxlab(["train"] + Self.moons + ["--epochs", "1", "--json", "--runs-dir", runs])
        #expect(first.status == 0, "\(first.stderr.suffix(300))")
        let source = try #require(try Self.summary(first)["log"]?.stringValue)
        let id = (source as NSString).lastPathComponent
        // By run ID: starts from those weights, and the log says so.
        let ok = try proxlab(["train"] + Self.moons + ["--epochs", "1", "--seed", "4", "--json", "--runs-dir", runs, "--init-from", id])
        #expect(ok.status == 0, "\(ok.stderr.suffix(300))")
        let log = try #require(try Self.summary(ok)["log"]?.stringValue)
        let setup = try JSONValue(parsing: String(decoding: try Data(contentsOf: URL(fileURLWithPath: log + "/experiment.json")), as: UTF8.self))
        #expect(setup["init_from"]?.stringValue == source)
        // Another model: one line naming the tensor and both shapes.
        var other = Self.moons
        other[5] = "mlp:64,32"
        let bad = try proxlab(["train"] + other + ["--epochs", "1", "--runs-dir", runs, "--init-from", source])
        expectBadInput(bad, command: "train", ["model.safetensors", "tensor 3.weight", "[64, 64]", "[32, 64]", "models differ"])
    }

    /// Pretraining is a phase of the run, in its log and in `runs show`.
    @Test func pretrainEpochsAreAPhaseOfTheRun() throws {
        let folder = try RepositoryPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let r = try proxlab(["train"] + Self.moons + ["--epochs", "2", "--pretrain", "2", "--json", "--runs-dir", folder.path])
        #expect(r.status == 0, "\(r.stderr.suffix(300))")
        let run = try Self.summary(r)
        #expect(run["epochs"] == .number(4))
        let log = try #require(run["log"]?.stringValue)
        let events = try String(contentsOfFile: log + "/events.jsonl", encoding: .utf8).split(separator: "\n").map { try JSONValue(parsing: String($0)) }
        let phases = events.filter { $0["event"]?.stringValue == "epoch" }.compactMap { $0["phase"]?.stringValue }
        #expect(phases == ["pretrain", "pretrain", "binarized", "binarized"])
        let epochs = events.filter { $0["event"]?.stringValue == "epoch" }
        // mu stays at the schedule's start while pretraining and moves once binarizing.
        let mu = epochs.map { $0["mu"]?.numberValue ?? .nan }
        #expect(mu[0] == mu[1] && mu[2] > mu[1] && mu[3] > mu[2], "mu by epoch: \(mu)")
        let show = try proxlab("runs", "show", (log as NSString).lastPathComponent, "--runs-dir", folder.path)
        let lines = show.stdout.split(separator: "\n").map(String.init)
        #expect(lines.dropFirst().first?.hasSuffix("phase") == true, "\(show.stdout)")
        #expect(lines.filter { $0.hasSuffix("pretrain") }.count == 2 && lines.filter { $0.hasSuffix("binarized") }.count == 2, "\(show.stdout)")
        expectBadInput(try proxlab(["train"] + Self.moons + ["--pretrain", "-1"]), command: "train", ["--pretrain", ">= 0"])
    }
}
