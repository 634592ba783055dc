import Testing
import ProxCore
import ProxTrain
import ProxTUI
import TestHelpers

/// Lockstep duels from the launch form, through the workbench with a
/// scripted runtime: what is queued, and how the comparison is drawn
/// beside the loss curves and the boundaries side by side.
@Suite struct DuelWorkbenchTests {
    static func key(_ wb: Workbench, _ presses: KeyPress...) { for p in presses { wb.send(.input(.key(p))) } }

    /// bnnplus against bc and bnn, picked in the form's lockstep field.
    static func launchedDuel(_ width: Int = 120, _ height: Int = 40) -> (Workbench, ScriptedRuns) {
        let runs = ScriptedRuns()
        let wb = Workbench(state: Fixtures.state(width, height), runs: runs)
        key(wb, .char("t"))
        for _ in 0..<LaunchForm.Field.duel.rawValue { key(wb, KeyPress(.down)) }
        #expect(wb.state.launch.field == .duel)
        key(wb, .char(" "), KeyPress(.right), .char(" "))
        #expect(wb.state.launch.duel == ["bc", "bnn"])
        return (wb, runs)
    }

    @Test func theLaunchFormQueuesOneDuelOfTheSameSetup() throws {
        let (wb, runs) = Self.launchedDuel()
        assertSnapshot(wb.state.render(), named: "launch-duel-120x40")
        Self.key(wb, KeyPress(.enter))
        #expect(runs.calls == [.duel([1, 2, 3])])
        let plans = try (1...3).map { try #require(runs.plan($0)) }
        #expect(plans.map(\.pair.name) == ["bnnplus", "bc", "bnn"])
        // Same seed and experiment: what Lockstep requires to start from the same weights and batches.
        #expect(Set(plans.map(\.seed)).count == 1)
        #expect(plans.allSatisfy { $0.experiment == plans[0].experiment })
        #expect(wb.state.duels.map(\.runs) == [[1, 2, 3]])
        #expect(wb.state.notice == "1 lockstep duel of bnnplus, bc, bnn queued on moons:noise=0.1")
        // Pausing one run of a duel pauses all three (they share one control).
        Self.key(wb, .char(" "))
        #expect(wb.state.runs.map(\.status) == [.paused, .paused, .paused])
        #expect(runs.calls.last == .pause(1))
    }

    @Test func aSpaceOnAChosenPartnerRemovesItAndFourPairsIsTheMost() {
        var library = Fixtures.library
        library.pairs += ["b4", "b5"].map { name in
            PresetCatalog.Entry(name: name, path: "/nonexistent/\(name).json", summary: "", pair: QuantizerPair(name: name, forward: .sign, backward: .identity))
        }
        var s = AppState(width: 120, height: 40, pair: Fixtures.bnnPlus, library: library)
        s.press(.char("t"))
        s.launch.field = .duel
        // Candidates: bc, bnn, b4, b5 (not the pair itself).
        for _ in 0..<3 { s.press(.char(" "), KeyPress(.right)) }
        #expect(s.launch.duel == ["bc", "bnn", "b4"])
        s.press(.char(" "))
        #expect(s.launch.duel == ["bc", "bnn", "b4"])
        #expect(s.notice == "a duel has at most 4 pairs: remove one first (Space on it)")
        s.press(KeyPress(.left), KeyPress(.left), .char(" "))
        #expect(s.launch.duel == ["bc", "b4"])
    }

    @Test func theComparisonIsPlottedBesideTheLossAndTheBoundariesTiled() {
        let (wb, runs) = Self.launchedDuel()
        Self.key(wb, KeyPress(.enter))
        let ids = [1, 2, 3]
        for (k, id) in ids.enumerated() {
            runs.post(.event(run: id, .started(RunScreenTests.info("r\(id)"))),
                      .data(run: id, DataPreview(xs: [-1, 1, 0.5, -0.5], ys: [1, -1, 1.5, -1.5], labels: [1, 0, 1, 0], featureCount: 2, classCount: 2)))
            for step in stride(from: 2, through: 30, by: 2) {
                let loss = 0.7 / Double(step) * Double(10 + 3 * k) / 10 + 0.05
                runs.post(.event(run: id, .step(StepMetrics(step: step, epoch: step / 10 + 1, loss: loss, accuracy: 0.9, mu: 1, learningRate: 0.01, examplesPerSecond: 1e5))))
            }
        }
        for e in 0...3 {
            for id in ids where e > 0 { runs.post(.event(run: id, .epoch(RunScreenTests.epoch(e, loss: 0.3 / Double(e), test: 0.9 + 0.02 * Double(e))))) }
            // bc drifts from bnnplus, bnn stays nearer: Hamming grows with the epochs.
            runs.post(.duel(runs: ids, DuelEpoch(epoch: e, pairings: [
                .init(first: 0, second: 1, hamming: 0.1 * Double(e), disagreement: 0.02 * Double(e)),
                .init(first: 0, second: 2, hamming: 0.03 * Double(e), disagreement: 0.01 * Double(e)),
                .init(first: 1, second: 2, hamming: 0.08 * Double(e), disagreement: 0.015 * Double(e)),
            ])))
        }
        wb.drainRuns()
        #expect(wb.state.duels[0].epochs.map(\.epoch) == [0, 1, 2, 3])
        #expect(wb.state.duels[0].against(1).map(\.hamming) == [0, 0.1, 0.2, 0.1 * 3])
        let text = wb.state.render().lines.joined(separator: "\n")
        #expect(text.contains("vs bnnplus: ham/dis %"), "\(text)")
        #expect(text.contains("ep 3: bc 30.0/6.0"), "\(text)")
        assertSnapshot(wb.state.render(), named: "duel-runs-120x40")
        Self.key(wb, .char("5"))
        let data = wb.state.render()
        let rows = data.lines.joined(separator: "\n")
        for name in ["bnnplus", "bc", "bnn"] { #expect(rows.contains(name)) }
        assertSnapshot(data, named: "duel-data-120x40")
    }
}
