import Foundation
import Testing
import ProxCore
import ProxTrain
import TestHelpers

/// `--resume` and `--init-from` in the trainer: a run killed after epoch 2 of
/// 4 and resumed ends bit for bit where the uninterrupted run ends, and a run
/// started from another's weights starts from exactly those weights.
@Suite struct TrainerResumeTests {
    /// ProxConnect's form with the schedules that carry state across epochs:
    /// mu from the summed learning rates, a cosine learning rate, batch norm.
    static func proxConnect() throws -> QuantizerPair {
        let lq = try Quantizer(parsing: "lq(0, mu - 1)")
        return QuantizerPair(name: "pc", forward: lq, backward: .identity, prox: lq, schedule: .cumulativeLR(100), latentClip: 1)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var optimizer: OptimizerKind
        var pretrain: Int
        var epochs: Int
        var killAfter: Int
        /// A built-in pair instead of the ProxConnect form above.
        var preset: String? = nil
        var testDescription: String { "\(preset ?? "pc") \(optimizer) pretrain \(pretrain), killed after epoch \(killAfter) of \(pretrain + epochs)" }
    }

    static func plan(_ c: Case) throws -> RunPlan {
        let pair = try c.preset.map { try #require(try PresetLibrary.resolvePair(RepositoryPaths.quantizerPreset($0))) } ?? proxConnect()
        var plan = TrainerTests.plan(pair, epochs: c.epochs, lr: 0.01, optimizer: c.optimizer, seed: 3)
        plan.experiment.pretrain = c.pretrain
        plan.experiment.learningRateSchedule = .cosine
        plan.experiment.momentum = 0.9
        return plan
    }

    /// Copies a run folder as a SIGKILL would leave it at this moment: what
    /// is on disk, nothing of what is still buffered.
    static func snapshot(_ folder: String, to copy: String) throws {
        try FileManager.default.copyItem(atPath: folder, toPath: copy)
    }

    /// First differing index and the count, never the whole arrays.
    static func difference(_ a: [[Double]], _ b: [[Double]]) -> String? {
        let x = a.flatMap { $0 }.map(\.bitPattern), y = b.flatMap { $0 }.map(\.bitPattern)
        guard x != y else { return nil }
        let first = zip(x, y).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(x.count, y.count)
        return "\(zip(x, y).filter { $0 != $1 }.count + abs(x.count - y.count)) numbers differ, the first at index \(first)"
    }

    @Test(arguments: [
        Case(optimizer: .adam, pretrain: 0, epochs: 4, killAfter: 2),
        Case(optimizer: .sgd, pretrain: 0, epochs: 4, killAfter: 2),
        Case(optimizer: .adam, pretrain: 1, epochs: 3, killAfter: 2),
        Case(optimizer: .adam, pretrain: 2, epochs: 2, killAfter: 2),
        Case(optimizer: .adam, pretrain: 3, epochs: 1, killAfter: 2),
        // ProxQuant: its prox reads the step size, and its freeze starts after the kill.
        Case(optimizer: .adam, pretrain: 0, epochs: 4, killAfter: 2, preset: "proxquant"),
    ])
    func aResumedRunEndsWhereTheUninterruptedRunEnds(_ c: Case) throws {
        let root = TrainerTests.temporaryRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let data = try TrainerTests.dataset()
        let killed = root + "/killed"
        // The uninterrupted run; its folder is copied at the first step
        // report after epoch `killAfter` was saved.
        let whole = try Trainer(plan: try Self.plan(c), dataset: data, logRoot: root)
        var wholeEpochs: [[Double]] = []
        var phases: [TrainingPhase] = []
        try whole.run { event in
            switch event {
            case .epoch(let m):
                wholeEpochs.append(TrainerTests.numbers(m))
                phases.append(m.phase)
            case .step(let s) where s.epoch == c.killAfter + 1 && !FileManager.default.fileExists(atPath: killed):
                try? Self.snapshot(whole.logDirectory!, to: killed)
            default: break
            }
        }.get()
        #expect(phases == Array(repeating: .pretrain, count: c.pretrain) + Array(repeating: .binarized, count: c.epochs))
        let saved = try SafeTensors.read(path: killed + "/model.safetensors")
        #expect(saved.metadata["epoch"] == String(c.killAfter))

        let run = try ResumableRun.open(killed)
        #expect(run.state.epoch == c.killAfter && !run.isComplete)
        let resumed = try Trainer(plan: run.plan, dataset: data, logRoot: nil)
        try resumed.resume(run)
        var resumedEpochs: [[Double]] = []
        var started: RunInfo?
        let summary = try resumed.run { event in
            if case .epoch(let m) = event { resumedEpochs.append(TrainerTests.numbers(m)) }
            if case .started(let info) = event { started = info }
        }.get()
        #expect(started?.resumedFrom == c.killAfter)
        #expect(summary.epochs == c.pretrain + c.epochs)
        let tail = Array(wholeEpochs.dropFirst(c.killAfter))
        #expect(Self.difference(resumedEpochs, tail) == nil, "\(Self.difference(resumedEpochs, tail) ?? "")")
        // Every tensor at the end (weights, running statistics, optimizer state) is the same bits.
        let a = try SafeTensors.read(path: whole.logDirectory! + "/model.safetensors")
        let b = try SafeTensors.read(path: killed + "/model.safetensors")
        #expect(a.names == b.names)
        let differing = a.names.filter { a[$0] != b[$0] }
        #expect(differing.isEmpty, "\(differing.count) tensors differ, the first \(differing.first ?? "")")
        #expect(a.metadata == b.metadata)
        // The log continues in the same folder: the old epochs, a started event that says so, the rest.
        let events = try String(contentsOfFile: killed + "/events.jsonl", encoding: .utf8).split(separator: "\n")
            .map { try JSONValue(parsing: String($0)) }
        let kinds = events.compactMap { $0["event"]?.stringValue }.filter { $0 != "step" }
        #expect(kinds == ["started"] + Array(repeating: "epoch", count: c.killAfter) + ["started"]
            + Array(repeating: "epoch", count: c.pretrain + c.epochs - c.killAfter) + ["finished"])
        #expect(events.filter { $0["event"]?.stringValue == "started" }.last?["resumed_from"] == .number(Double(c.killAfter)))
        #expect(events.filter { $0["event"]?.stringValue == "epoch" }.compactMap { $0["epoch"]?.numberValue } == (1...(c.pretrain + c.epochs)).map(Double.init))
    }

    /// Ctrl-C after epoch 2 (the cancelled event closes the log), then `--resume`.
    @Test func aCancelledRunResumesToo() throws {
        let root = TrainerTests.temporaryRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let data = try TrainerTests.dataset()
        let c = Case(optimizer: .adam, pretrain: 1, epochs: 3, killAfter: 2)
        var whole: [[Double]] = []
        try Trainer(plan: try Self.plan(c), dataset: data, logRoot: nil).run { if case .epoch(let m) = $0 { whole.append(TrainerTests.numbers(m)) } }.get()
        let control = RunControl()
        let first = try Trainer(plan: try Self.plan(c), dataset: data, logRoot: root)
        let stopped = try first.run(control: control) { if case .epoch(let m) = $0, m.epoch == 2 { control.cancel() } }.get()
        #expect(stopped.epochs == 2)
        let run = try ResumableRun.open(first.logDirectory!)
        let resumed = try Trainer(plan: run.plan, dataset: data, logRoot: nil)
        try resumed.resume(run)
        var rest: [[Double]] = []
        try resumed.run { if case .epoch(let m) = $0 { rest.append(TrainerTests.numbers(m)) } }.get()
        let tail = Array(whole.dropFirst(2))
        #expect(Self.difference(rest, tail) == nil, "\(Self.difference(rest, tail) ?? "")")
        let kinds = try String(contentsOfFile: first.logDirectory! + "/events.jsonl", encoding: .utf8).split(separator: "\n")
            .compactMap { try JSONValue(parsing: String($0))["event"]?.stringValue }.filter { $0 != "step" }
        #expect(kinds == ["started", "epoch", "epoch", "cancelled", "started", "epoch", "epoch", "finished"])
    }

    @Test func aFinishedRunHasNothingToResume() throws {
        let root = TrainerTests.temporaryRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let t = try Trainer(plan: TrainerTests.plan(epochs: 1), dataset: try TrainerTests.dataset(), logRoot: root)
        try t.run().get()
        let run = try ResumableRun.open(t.logDirectory!)
        #expect(run.isComplete && run.totalEpochs == 1)
        #expect(throws: SafeTensorsError.self) { try ResumableRun.open(root) }
    }

    /// `init_from`: the new run's model is the other run's last weights,
    /// tensor for tensor, before its first step; its optimizer starts fresh.
    @Test func initFromStartsFromTheGivenWeights() throws {
        let root = TrainerTests.temporaryRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let data = try TrainerTests.dataset()
        let source = try Trainer(plan: TrainerTests.plan(epochs: 2), dataset: data, logRoot: root)
        var last: EpochMetrics?
        try source.run { if case .epoch(let m) = $0 { last = m } }.get()
        var plan = TrainerTests.plan(epochs: 1, seed: 9)
        plan.experiment.initFrom = source.logDirectory!
        let started = try Trainer(plan: plan, dataset: data, logRoot: root)
        let file = try SafeTensors.read(path: source.logDirectory! + "/model.safetensors")
        for (name, t) in ModelTensors.named(started.model) {
            let mine = Array(UnsafeBufferPointer(start: t.data, count: t.count))
            #expect(file.floats(name)?.map(\.bitPattern) == mine.map(\.bitPattern), "\(name)")
        }
        #expect(started.evaluate(data.test, weights: .forward) == last!.testAccuracy)
        #expect(started.evaluate(data.test, weights: .deploy) == last!.deployAccuracy)
        let setup = try JSONValue(parsing: String(contentsOfFile: started.logDirectory! + "/experiment.json", encoding: .utf8))
        #expect(setup["init_from"]?.stringValue == source.logDirectory!)
        // From trained weights the first epoch's loss is below that of the same seed from scratch.
        func firstLoss(_ t: Trainer) throws -> Double {
            var loss = Double.nan
            try t.run { if case .epoch(let m) = $0 { loss = m.trainLoss } }.get()
            return loss
        }
        let scratch = try firstLoss(try Trainer(plan: TrainerTests.plan(epochs: 1, seed: 9), dataset: data, logRoot: nil))
        let fineTuned = try firstLoss(started)
        #expect(fineTuned < scratch, "loss \(fineTuned) from the trained weights, \(scratch) from scratch")
    }

    /// A source whose shapes differ is one line naming the tensor, before anything is trained or logged.
    @Test func initFromAnotherModelIsRefused() throws {
        let root = TrainerTests.temporaryRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let data = try TrainerTests.dataset()
        let source = try Trainer(plan: TrainerTests.plan(epochs: 1), dataset: data, logRoot: root)
        try source.run().get()
        var plan = TrainerTests.plan(epochs: 1)
        plan.experiment.model = .mlp(hidden: [16, 16, 16])
        plan.experiment.initFrom = source.logDirectory!
        let other = root + "/other"
        #expect {
            _ = try Trainer(plan: plan, dataset: data, logRoot: other)
        } throws: { error in
            (error as? SafeTensorsError)?.reason == "tensor 6.weight is F32 [2, 16], but layer dense 16->16 (binary) needs F32 [16, 16]: the runs' models differ"
        }
        #expect(!FileManager.default.fileExists(atPath: other), "no run folder for a run that never started")
    }
}
