import Foundation
import ProxCore
import Testing
import TestHelpers

/// Input that used to crash, train nothing, or print garbage: each is now one
/// line naming what and where, exit status 2, checked before a run starts.
@Suite struct CLIInputTests {
    static let moons = ["train", "--pair", "bnn", "--dataset", "moons:n=200", "--model", "mlp:8", "--epochs", "1", "--no-log"]

    @Test func settingsThatCannotRunAreRefusedBeforeTraining() throws {
        expectBadInput(try proxlab(Self.moons + ["--batch", "1"]), command: "train",
                       ["--batch 1 is too small", "BatchNorm", "at least 2 examples"])
        expectBadInput(try proxlab(Self.moons + ["--epochs", "9223372036854775807"]), command: "train",
                       ["--epochs 9223372036854775807 is outside 1...1000000"])
        expectBadInput(try proxlab(Self.moons + ["--model", "mlp:65536,65536,65536"]), command: "train",
                       ["--model mlp:65536,65536,65536 on moons:n=200 needs about", "GiB to train, more than the", "half of this machine's memory"])
        expectBadInput(try proxlab(["train", "--pair", ",,", "--dataset", "moons", "--no-log"]), command: "train", ["--pair needs at least one pair"])
        expectBadInput(try proxlab(Self.moons + ["--batch", "500"]), command: "train", ["--batch 500 is more than the 160 examples of the training set"])
        // From an experiment file, the file and its field are named.
        let folder = try RepositoryPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("batch1.json").path
        try #"{"name": "b", "dataset": "moons:n=200", "pairs": ["bnn"], "batch": 1}"#.write(toFile: file, atomically: true, encoding: .utf8)
        expectBadInput(try proxlab("train", file, "--no-log"), command: "train", [file, "field 'batch'", "1 is too small"])
        // A flag that fixes the file's setting wins over it.
        let fixed = try proxlab("train", file, "--batch", "20", "--model", "mlp:8", "--epochs", "1", "--no-log", "--json")
        #expect(fixed.status == 0, "\(fixed.stderr)")
    }

    /// The table is computed from the spec: a model far beyond memory still
    /// gets its table at once, and a misspelt experiment is suggested.
    @Test func summaryNeedsNoModelAndNamesItself() throws {
        let r = try proxlab("summary", "--dataset", "moons:n=200", "--model", "mlp:65536,65536,65536")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("dense 65536->65536 (binary)   4294967296"), "\(r.stdout)")
        #expect(r.stdout.contains("GiB"))
        expectBadInput(try proxlab("summary", "nosuch"), command: "summary", ["no experiment named 'nosuch'"])
        expectBadInput(try proxlab("summary", "fashon-mlp"), command: "summary", ["did you mean 'fashion-mlp'?"])
    }

    @Test func nearMissesAreSuggested() throws {
        expectBadInput(try proxlab("bnnplsu"), command: "", ["unknown command 'bnnplsu'", "did you mean the preset 'bnnplus'?"])
        expectBadInput(try proxlab("chek", "bnn"), command: "", ["unknown command 'chek'", "did you mean 'proxlab check'?"])
        expectBadInput(try proxlab("plot", "bnnplsu"), command: "plot", ["no preset named 'bnnplsu'", "did you mean 'bnnplus'?"])
        expectBadInput(try proxlab("check", "bnnplsu"), command: "check", ["no preset named 'bnnplsu'", "did you mean 'bnnplus'?"])
        expectBadInput(try proxlab("eval", "-id", "--at", "1"), command: "eval",
                       ["unknown option -id", "an expression that begins with '-' goes after --", "-- '-id'"])
        let dashed = try proxlab("eval", "--at", "1", "--", "-id")
        #expect(dashed.status == 0 && dashed.stdout.contains("1   -1      -1"), "\(dashed.stdout)\(dashed.stderr)")
    }

    /// A parameter beyond 32-bit floats made B' inf and NaN and still got a
    /// verdict; it is bad input at its column.
    @Test func parametersBeyondFloatsAreBadInput() throws {
        expectBadInput(try proxlab("eval", "signswish(1e308)", "--at", "0,1"), command: "eval",
                       ["column 11", "b = 1e+308 is beyond 32-bit floats"], caretLines: 2)
        expectBadInput(try proxlab("check", "--forward", "sign", "--backward", "signswish(1e308)"), command: "check",
                       ["--backward column 11", "beyond 32-bit floats"], caretLines: 2)
    }

    /// A failed run's --json entry says which run it was.
    @Test func aFailedRunsJSONNamesItsPairAndSeed() throws {
        let r = try proxlab("train", "--pair", "bc", "--dataset", "moons:n=200", "--model", "mlp:8", "--binarize", "none",
                            "--optimizer", "sgd", "--lr", "100000", "--seed", "4", "--epochs", "2", "--no-log", "--json")
        #expect(r.status == 1)
        let json = try JSONValue(parsing: r.stdout)
        let run = try #require(json["runs"]?.arrayValue?.first)
        #expect(run["pair"]?.stringValue == "bc" && run["seed"]?.numberValue == 4 && run["dataset"]?.stringValue == "moons:n=200")
        #expect(run["failed"]?.stringValue?.contains("diverged") == true)
    }

    /// `proxlab runs`: a bad byte at the end of a log keeps the run listed
    /// (with a note on stderr), and names from presets reach the terminal
    /// without their control characters.
    @Test func runsSurviveDamagedLogsAndPrintNoEscapes() throws {
        let folder = try RepositoryPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let runs = folder.appendingPathComponent("runs").path
        let evil = folder.appendingPathComponent("evil.json").path
        let bnn = try String(contentsOfFile: RepositoryPaths.quantizerPreset("bnn"), encoding: .utf8)
        try bnn.replacingOccurrences(of: #""name": "bnn""#, with: #""name": "x\u001b[2Jy""#).write(toFile: evil, atomically: true, encoding: .utf8)
        let train = try proxlab("train", "--pair", "bnn,\(evil)", "--dataset", "moons:n=200", "--model", "mlp:8", "--epochs", "2", "--runs-dir", runs)
        #expect(train.status == 0, "\(train.stderr)")
        #expect(!train.stdout.contains("\u{1B}"), "escape in train's output")
        let dirs = try FileManager.default.contentsOfDirectory(atPath: runs).sorted()
        let bnnRun = try #require(dirs.first { $0.contains("-bnn-") })
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: "\(runs)/\(bnnRun)/events.jsonl"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data([0xFF]))
        try handle.close()
        let list = try proxlab("runs", "--runs-dir", runs)
        #expect(list.status == 0)
        #expect(list.stdout.split(separator: "\n").contains { $0.hasPrefix(bnnRun) && $0.contains(" bnn ") && $0.contains(" finished ") },
                "\(list.stdout)")
        #expect(list.stdout.contains("x?[2Jy") && !list.stdout.contains("\u{1B}"), "\(list.stdout)")
        #expect(list.stderrLines == ["proxlab runs: skipped 1 unreadable line of \(bnnRun)/events.jsonl (line \(lines(runs, bnnRun)))"])
        let show = try proxlab("runs", "show", bnnRun, "--runs-dir", runs)
        #expect(show.status == 0 && show.stdout.contains("finished"), "\(show.stdout)")
        // The CSV carries the log's epoch numbers under the log's names.
        let csv = try proxlab("runs", "show", bnnRun, "--runs-dir", runs, "--csv")
        let rows = csv.stdout.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = ["epoch", "train_loss", "train_accuracy", "test_accuracy", "deploy_accuracy", "flip_ratio", "saturation", "at_clip",
                      "quantization_gap", "mu", "lr", "examples_per_second", "seconds", "phase"]
        #expect(rows.first == header && rows.count == 3, "\(csv.stdout)")
        let logged = try String(contentsOfFile: "\(runs)/\(bnnRun)/events.jsonl", encoding: .isoLatin1).split(separator: "\n")
            .compactMap { try? JSONValue(parsing: String($0)) }.filter { $0["event"]?.stringValue == "epoch" }
        #expect(logged.count == 2)
        for (row, event) in zip(rows.dropFirst(), logged) {
            for (name, cell) in zip(header.dropLast(), row) {
                #expect(Double(cell) == event[name]?.numberValue, "\(name): \(cell) in the CSV, \(String(describing: event[name])) in the log")
            }
            #expect(row.last == event["phase"]?.stringValue)
        }
        expectBadInput(try proxlab("runs", "--runs-dir", evil), command: "runs", [evil, "the runs folder is a file"])
    }

    /// The number of the last line of a run's log (the damaged one).
    func lines(_ runs: String, _ run: String) -> Int {
        ((try? Data(contentsOf: URL(fileURLWithPath: "\(runs)/\(run)/events.jsonl"))) ?? Data()).split(separator: 0x0A).count
    }
}
