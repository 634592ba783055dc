import Foundation
import Testing
import ProxCore
import ProxTUI
import ProxTrain

@Suite struct RunUpdateTests {
    /// Drains the run manager until `done` holds or 20 s pass.
    func wait(_ wb: Workbench, _ what: String, _ done: (AppState) -> Bool) -> Bool {
        for _ in 0..<2000 {
            wb.drainRuns()
            if done(wb.state) { return true }
            usleep(10_000)
        }
        Issue.record("timed out waiting for \(what)")
        return false
    }

    @Test func startPauseResumeAndStopARunOnMoons() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("proxlab-tui-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let wb = Workbench(state: Fixtures.state(), runs: RunManager(logRoot: root))
        wb.send(.input(.key(.char("t"))))
        #expect(wb.state.modal == .launch)
        // moons, 100 epochs at batch 16: long enough to pause and stop.
        for _ in 0..<3 { wb.send(.input(.key(KeyPress(.down)))) }
        wb.send(.input(.key(KeyPress(.right))))
        wb.send(.input(.key(KeyPress(.right))))
        wb.send(.input(.key(KeyPress(.down))))
        wb.send(.input(.key(KeyPress(.left))))
        wb.send(.input(.key(KeyPress(.left))))
        #expect(wb.state.launch.value(.epochs) == "100")
        #expect(wb.state.launch.value(.batch) == "16")
        wb.send(.input(.key(KeyPress(.enter))))
        #expect(wb.state.runs.count == 1)
        #expect(wb.state.focus == .runs)
        // Pause at once: the trainer starts but takes no step.
        wb.send(.input(.key(.char(" "))))
        #expect(wb.state.runs[0].status == .paused)
        guard wait(wb, "the run to start", { $0.runs[0].stepsPerEpoch > 0 }) else { return }
        usleep(300_000)
        wb.drainRuns()
        #expect(wb.state.runs[0].status == .paused)
        #expect(wb.state.runs[0].steps.isEmpty)
        wb.send(.input(.key(.char(" "))))
        #expect(wb.state.runs[0].status == .running)
        guard wait(wb, "steps", { !$0.runs[0].steps.isEmpty }) else { return }
        wb.send(.input(.key(.char("s"))))
        guard wait(wb, "the stop", { $0.runs[0].status == .cancelled }) else { return }
        #expect(wb.state.runs[0].steps.allSatisfy { $0.loss.isFinite })
        // The log is what `proxlab train` writes, and every line of it parses.
        let dirs = try FileManager.default.contentsOfDirectory(atPath: root)
        #expect(dirs.count == 1)
        let events = try String(contentsOfFile: "\(root)/\(dirs[0])/events.jsonl", encoding: .utf8)
        let lines = events.split(separator: "\n").map { try? JSONValue(parsing: String($0)) }
        #expect(lines.allSatisfy { $0 != nil })
        #expect(lines.first??["event"]?.stringValue == "started")
        #expect(lines.last??["event"]?.stringValue == "cancelled")
        #expect(FileManager.default.fileExists(atPath: "\(root)/\(dirs[0])/experiment.json"))
    }

    /// What quitting does: the running run stops within a step and logs
    /// `cancelled`, queued runs are dropped and reported as cancelled, and
    /// `shutdown` returns only after the trainer thread has ended.
    @Test func shutdownStopsTheRunJoinsTheThreadAndLogsCancelled() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("proxlab-tui-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let wb = Workbench(state: Fixtures.state(), runs: RunManager(logRoot: root))
        var e = Experiment(name: "long", dataset: "moons:n=2000", pairs: ["bnn"])
        e.model = .mlp(hidden: [32, 32])
        e.epochs = 100_000
        e.batch = 16
        e.threads = 1
        e.logEvery = 1
        let plan = RunPlan(experiment: e, pair: Fixtures.bnn, seed: 0)
        wb.send(.loaded(.success(.experiment(name: "long", plans: [plan, plan]))))
        #expect(wb.state.runs.map(\.status) == [.queued, .queued])
        guard wait(wb, "steps", { !$0.runs[0].steps.isEmpty }) else { return }
        wb.send(.input(.key(.char("q"))))
        #expect(wb.state.modal == .confirmQuit)
        #expect(!wb.send(.input(.key(.char("y")))))
        wb.shutdown()
        #expect(!wb.runs.isBusy)
        #expect(wb.state.runs.map(\.status) == [.cancelled, .cancelled])
        // One folder (the queued run never started), its last line `cancelled`, already on disk.
        let dirs = try FileManager.default.contentsOfDirectory(atPath: root)
        #expect(dirs.count == 1)
        let events = try String(contentsOfFile: "\(root)/\(dirs[0])/events.jsonl", encoding: .utf8)
        let last = events.split(separator: "\n").last.flatMap { try? JSONValue(parsing: String($0)) }
        #expect(last?["event"]?.stringValue == "cancelled")
    }

    /// An experiment with "batch": 1 from the load dialog: refused with the
    /// file and the field named, nothing queued, the workbench goes on.
    @Test func loadingAnExperimentThatCannotRunSaysWhyAndQueuesNothing() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("proxlab-tui-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("batch1.json").path
        try #"{"name": "b", "dataset": "moons", "pairs": ["bnn"], "batch": 1}"#.write(toFile: path, atomically: true, encoding: .utf8)
        let wb = Workbench(state: Fixtures.state(), runs: RunManager(logRoot: nil))
        wb.send(.input(.key(.char("l"))))
        for _ in 0..<10 { wb.send(.input(.key(KeyPress(.down)))) }
        wb.send(.input(.key(KeyPress(.enter))))
        wb.send(.input(.paste(path)))
        #expect(wb.send(.input(.key(KeyPress(.enter)))))
        #expect(wb.state.runs.isEmpty && !wb.runs.isBusy)
        #expect(wb.state.notice == "\(path): field 'batch': 1 is too small: BatchNorm normalizes each feature over the batch and needs at least 2 examples")
    }

    /// The save dialog never writes over a shipped preset and never makes
    /// folders; what it refuses it says, and nothing changes on disk.
    @Test func saveRefusesShippedPresetsAndMissingFolders() throws {
        let shipped = PresetLibrary.quantizerDirectory + "/bnnplus.json"
        let before = try Data(contentsOf: URL(fileURLWithPath: shipped))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("proxlab-tui-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let wb = Workbench(state: Fixtures.state(), runs: RunManager(logRoot: nil))
        func save(_ path: String) {
            wb.send(.input(.key(.char("w"))))
            wb.send(.input(.key(.ctrl("u"))))
            wb.send(.input(.paste(path)))
            wb.send(.input(.key(KeyPress(.enter))))
        }
        save(shipped)
        #expect(wb.state.notice == "not saved: \(shipped) is a shipped preset; save the pair under another name, e.g. bnnplus.json")
        wb.send(.input(.key(.char("y"))))
        #expect(try Data(contentsOf: URL(fileURLWithPath: shipped)) == before)
        let missing = folder.appendingPathComponent("sub/pair.json").path
        save(missing)
        #expect(wb.state.notice == "not saved: \(missing): cannot write it: the folder \(folder.path)/sub does not exist")
        #expect(!FileManager.default.fileExists(atPath: folder.path))
    }

    /// A logged run loads into the runs pane through the log's reader, as it
    /// ended, beside live runs.
    @Test func aLoggedRunLoadsIntoTheRunsPane() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("proxlab-tui-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        var e = Experiment(name: "short", dataset: "moons:n=200", pairs: ["bnn"])
        e.model = .mlp(hidden: [8])
        e.epochs = 2
        e.batch = 20
        e.threads = 1
        let trainer = try Trainer(plan: RunPlan(experiment: e, pair: Fixtures.bnn, seed: 3), dataset: try DatasetSpec.parse(e.dataset).load(),
                                  logRoot: root)
        trainer.run()
        let catalog = Workbench.catalog(runsRoot: root)
        #expect(catalog.runs.count == 1 && catalog.runs[0].summary.hasPrefix("bnn on moons:n=200, seed 3, finished, test "))
        var state = Fixtures.state()
        state.library = catalog
        let wb = Workbench(state: state, runs: RunManager(logRoot: nil))
        wb.send(.input(.key(.char("l"))))
        let index = try #require(wb.state.loadEntries.firstIndex { $0.label.hasPrefix("run ") })
        for _ in 0..<index { wb.send(.input(.key(KeyPress(.down)))) }
        wb.send(.input(.key(KeyPress(.enter))))
        let run = try #require(wb.state.runs.first)
        #expect(run.status == .finished && run.epochs.count == 2 && run.seed == 3 && run.pair == "bnn")
        #expect(run.logDirectory == trainer.logDirectory)
        #expect(wb.state.focus == .runs)
    }
}
