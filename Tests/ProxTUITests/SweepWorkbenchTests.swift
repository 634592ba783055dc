import Testing
import ProxCore
import ProxTrain
import ProxTUI
import TestHelpers

/// A sweep launched from the composer's selected number, with a scripted
/// runtime: what is queued, and the curve in Runs as runs finish.
@Suite struct SweepWorkbenchTests {
    @Test func sSweepsTheSelectedNumberAndRunsDrawsTheCurve() throws {
        let runs = ScriptedRuns()
        let wb = Workbench(state: Fixtures.state(120, 40), runs: runs)
        // B = signswish(5): its first number.
        wb.send(.input(.key(KeyPress(.down))))
        wb.send(.input(.key(.char("S"))))
        guard case .sweep(let field)? = wb.state.modal else { Issue.record("no sweep dialog"); return }
        #expect(field.text == "B.1=2.5:10:5")
        wb.send(.input(.key(KeyPress(.enter))))
        #expect(wb.state.modal == nil)
        #expect(runs.calls == (1...5).map { .enqueue($0) })
        let backward = try (1...5).map { try #require(runs.plan($0)).pair.backward.description }
        #expect(backward == ["signswish(2.5)", "signswish(4.375)", "signswish(6.25)", "signswish(8.125)", "signswish(10)"])
        #expect(wb.state.sweeps.first?.points.map(\.value) == [2.5, 4.375, 6.25, 8.125, 10])
        #expect(wb.state.notice == "sweep of B.1: 5 runs queued (5 values x 1 seeds)")
        // Three of the five finish: their final accuracies are the curve's points.
        for (k, id) in [1, 2, 3].enumerated() {
            runs.post(.event(run: id, .started(RunScreenTests.info("r\(id)"))),
                      .event(run: id, .step(StepMetrics(step: 2, epoch: 1, loss: 0.5, accuracy: 0.9, mu: 1, learningRate: 0.01, examplesPerSecond: 1e5))),
                      .event(run: id, .epoch(RunScreenTests.epoch(1, loss: 0.3, test: 0.9 + 0.03 * Double(k)))),
                      .event(run: id, .finished(RunSummary(pair: "bnnplus", dataset: "moons", seed: 0, epochs: 1, finalLoss: 0.3, testAccuracy: 0.9,
                                                           deployAccuracy: 0.88, flipRatio: 0, epochSeconds: [], log: nil))))
        }
        wb.drainRuns()
        let sweep = try #require(wb.state.selectedSweep)
        let outcomes = sweep.outcomes(wb.state.runs)
        #expect(outcomes.map { $0.values[0] } == [2.5, 4.375, 6.25])
        #expect(outcomes.map(\.testMean).map { ($0 * 100).rounded() } == [90, 93, 96])
        let text = wb.state.render().lines.joined(separator: "\n")
        #expect(text.contains("final % against B.1"), "\(text)")
        assertSnapshot(wb.state.render(), named: "sweep-runs-120x40")
    }

    @Test func aNameThatDoesNotFitIsOneLineAndTheDialogStays() {
        var s = Fixtures.state(120, 40)
        s.press(.char("S"))
        s.press(.ctrl("u"))
        s.type("Q.1=1:2:2")
        s.press(KeyPress(.enter))
        #expect(s.runs.isEmpty)
        #expect(s.notice?.hasPrefix("sweep: unknown sweep variable 'Q.1'") == true, "\(s.notice ?? "")")
        if case .sweep? = s.modal {} else { Issue.record("the dialog closed") }
    }
}
