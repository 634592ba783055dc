import Foundation
import Testing
import ProxCore
import ProxTrain

/// The run log is a schema: `TrainingEvent.json` writes it and
/// `TrainingEvent(json:)` reads it back; `RunRecord` reads a run folder line
/// by line.
@Suite struct RunLogReaderTests {
    static let epoch = EpochMetrics(epoch: 3, trainLoss: 0.4123, trainAccuracy: 0.875, testAccuracy: 0.9, deployAccuracy: 0.8875,
                                    flipRatio: 0.0125, saturation: 0.25, atClip: 0.03125, quantizationGap: 0.0625, mu: 12.5,
                                    learningRate: 0.001, examplesPerSecond: 123456, seconds: 1.75,
                                    latentHistogram: [0, 3, 9, 27, 9, 3, 0], histogramRange: -1.1...1.1)
    static let summary = RunSummary(pair: "bnn", dataset: "moons:noise=0.1", seed: 7, epochs: 3, finalLoss: 0.4123,
                                    testAccuracy: 0.9, deployAccuracy: 0.8875, flipRatio: 0.0125, epochSeconds: [1.5, 1.25, 1.75], log: nil)
    static let events: [TrainingEvent] = [
        .started(RunInfo(id: "20261125-161436-bnn-moons-s7", pair: "bnn", dataset: "moons:noise=0.1", model: "mlp:32,32", seed: 7,
                         epochs: 3, stepsPerEpoch: 16, memory: [])),
        .step(StepMetrics(step: 20, epoch: 2, loss: 0.5, accuracy: 0.8125, mu: 5, learningRate: 0.01, examplesPerSecond: 98765)),
        .epoch(epoch),
        .epoch({ var e = epoch; e.phase = .pretrain; return e }()),
        .started(RunInfo(id: "20261125-161436-bnn-moons-s7", pair: "bnn", dataset: "moons:noise=0.1", model: "mlp:32,32", seed: 7,
                         epochs: 5, stepsPerEpoch: 16, memory: [], resumedFrom: 2)),
        .finished(summary),
        .cancelled(summary),
        .failed(RunFailure(reason: "disk full: runs/x/events.jsonl: cannot write it: no space left on device", epoch: 2, step: 31, log: nil)),
    ]

    @Test(arguments: events)
    func everyEventSurvivesTheRoundTripThroughItsLine(_ event: TrainingEvent) throws {
        let line = event.json.compactText
        #expect(!line.contains("\n"))
        #expect(TrainingEvent(json: try JSONValue(parsing: line)) == event, "\(line)")
    }

    /// NaN (a run that never evaluated) is written as null and read as NaN.
    @Test func missingNumbersComeBackAsNaN() throws {
        var s = Self.summary
        s.finalLoss = .nan
        s.testAccuracy = .infinity
        let line = TrainingEvent.finished(s).json.compactText
        #expect(line.contains(#""final_loss":null"#))
        guard case .finished(let back)? = TrainingEvent(json: try JSONValue(parsing: line)) else { Issue.record("not read"); return }
        #expect(back.finalLoss.isNaN && back.testAccuracy.isNaN)
        #expect(back.deployAccuracy == s.deployAccuracy)
    }

    @Test func linesOutsideTheSchemaAreRejected() throws {
        let bad = [#"{"event":"epoch","epoch":"three"}"#, #"{"event":"teleported"}"#, #"{"epoch":1}"#, "[1,2]",
                   #"{"event":"failed","reason":"x","epoch":1.5,"step":2}"#,
                   #"{"event":"started","id":"a","pair":"b","dataset":"c","model":"d","seed":-1,"epochs":1,"steps_per_epoch":1}"#]
        for line in bad { #expect(TrainingEvent(json: try JSONValue(parsing: line)) == nil, "\(line)") }
    }

    /// What the trainer writes is what the reader returns: every epoch as
    /// the run reported it (the decision boundary is not logged, and the rate
    /// is logged in whole examples per second).
    @Test func aTrainedRunReadsBackAsItRan() throws {
        let root = TrainerTests.temporaryRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let trainer = try Trainer(plan: TrainerTests.plan(epochs: 3), dataset: try TrainerTests.dataset(), logRoot: root)
        var seen: [TrainingEvent] = []
        trainer.run { event in
            if case .epoch(var m) = event {
                m.boundary = nil
                m.examplesPerSecond.round()
                seen.append(.epoch(m))
            } else {
                seen.append(event)
            }
        }
        let dir = try #require(trainer.logDirectory)
        let record = try #require(RunRecord.read(directory: dir))
        #expect(record.status == .finished && record.skippedLines == 0)
        #expect(record.epochs.map { TrainingEvent.epoch($0) } == seen.filter { if case .epoch = $0 { return true }; return false })
        #expect(record.steps.count == seen.filter { if case .step = $0 { return true }; return false }.count)
        #expect(record.info?.pair == "bc" && record.info?.epochs == 3)
    }

    /// A damaged log (a byte that is not UTF-8, a line cut by a crash, JSON
    /// that is no event) keeps its run: the readable lines count, the rest
    /// are skipped and counted.
    @Test func damagedLinesAreSkippedAndCountedNotFatal() throws {
        let dir = TrainerTests.temporaryRoot()
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var bytes = Array(Self.events.prefix(3).map { $0.json.compactText + "\n" }.joined().utf8)
        bytes += Array(#"{"event":"note"}"#.utf8) + [0x0A]
        bytes += Array(Self.events[2].json.compactText.utf8.prefix(40)) + [0x0A]
        bytes += Array(TrainingEvent.failed(RunFailure(reason: "stopped", epoch: 3, step: 48, log: nil)).json.compactText.utf8) + [0x0A]
        bytes += [0xFF, 0xFE]
        try Data(bytes).write(to: URL(fileURLWithPath: dir + "/events.jsonl"))
        let r = try #require(RunRecord.read(directory: dir))
        #expect(r.epochs == [Self.epoch] && r.steps.count == 1)
        #expect(r.status == .failed && r.failure == "stopped")
        #expect(r.skippedLines == 3 && r.firstSkippedLine == 4)
        #expect(r.skippedNote == "skipped 3 unreadable lines of \((dir as NSString).lastPathComponent)/events.jsonl (the first is line 4)")
    }
}
