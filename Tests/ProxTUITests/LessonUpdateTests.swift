import Foundation
import Testing
import ProxCore
import ProxTrain
import ProxTUI
import TestHelpers

/// The built-in lesson driven through update with a scripted runtime: each
/// step's setup and condition, the hidden controls, n/b/Esc.
@Suite struct LessonUpdateTests {
    static func lesson() throws -> Lesson { try Lesson.load(LessonFileTests.builtin) }

    static func key(_ wb: Workbench, _ presses: KeyPress...) { for p in presses { wb.send(.input(.key(p))) } }

    static func finish(_ runs: ScriptedRuns, _ wb: Workbench, _ ids: [Int]) {
        for id in ids {
            runs.post(.event(run: id, .finished(RunSummary(pair: "p", dataset: "spirals", seed: 0, epochs: 30, finalLoss: 0.1, testAccuracy: 0.95,
                                                          deployAccuracy: 0.94, flipRatio: 0.01, epochSeconds: [], log: nil))))
        }
        wb.drainRuns()
    }

    @Test func theBuiltInLessonGoesStepByStepAsTheLearnerActs() throws {
        let runs = ScriptedRuns()
        let wb = Workbench(state: Fixtures.state(120, 40), runs: runs)
        wb.start(try Self.lesson())
        var s: AppState { wb.state }
        // 1: BC in the step view; n waits for g; load is hidden.
        #expect(s.lesson?.step == 0 && s.pair.name == "bc" && s.shapes.view == .step && s.shapes.theta == 0.4 && s.focus == .shapes)
        assertSnapshot(s.render(), named: "lesson-step1-120x40")
        Self.key(wb, .char("n"))
        #expect(s.lesson?.step == 0)
        #expect(s.notice == "first: press g (Esc leaves the lesson)")
        Self.key(wb, .char("l"))
        #expect(s.modal == nil && s.notice == "the lesson hides this control in this step")
        Self.key(wb, .char("g"))
        #expect(s.lesson?.done == true && s.shapes.gradient == -1)
        Self.key(wb, .char("n"))
        // 2: a lockstep duel of bc and bnn on spirals starts with the step; it waits for both to finish.
        #expect(s.lesson?.step == 1 && s.focus == .runs)
        #expect(runs.calls == [.duel([1, 2])])
        let plans = [runs.plan(1), runs.plan(2)].compactMap { $0 }
        #expect(plans.map(\.pair.name) == ["bc", "bnn"])
        #expect(plans.allSatisfy { $0.experiment.dataset == "spirals" && $0.experiment.model.description == "mlp:32,32" && $0.experiment.epochs == 30 })
        Self.finish(runs, wb, [1])
        #expect(s.lesson?.done == false)
        Self.finish(runs, wb, [2])
        #expect(s.lesson?.done == true)
        Self.key(wb, .char("n"))
        // 3: BNN+'s curves; waits for the step view.
        #expect(s.lesson?.step == 2 && s.pair.name == "bnnplus" && s.shapes.view == .curves)
        Self.key(wb, .char("o"))
        #expect(s.lesson?.done == true)
        // b goes back to step 2 without training the duel again; n returns.
        Self.key(wb, .char("b"))
        #expect(s.lesson?.step == 1 && runs.calls.count == 1)
        #expect(s.lesson?.done == true, "the duel of step 2 has finished")
        Self.key(wb, .char("n"), .char("o"), .char("n"))
        // 4: the proximal view; waits for the checks pane.
        #expect(s.lesson?.step == 3 && s.shapes.view == .proximal)
        Self.key(wb, .char("3"))
        #expect(s.focus == .checks && s.lesson?.done == true)
        Self.key(wb, .char("n"))
        // 5: F and B hidden; p makes the verdict guaranteed.
        #expect(s.lesson?.step == 4 && s.report.verdict == .heuristic)
        Self.key(wb, .char("1"))
        #expect(s.composer.field == .forward)
        Self.key(wb, KeyPress(.enter))
        #expect(s.composer.editor == nil && s.notice == "the lesson hides this control in this step")
        let text = s.render().lines.joined(separator: "\n")
        #expect(text.contains("hidden by the lesson"))
        #expect(!text.contains("l load"), "a hidden key is not offered in the status bar")
        assertSnapshot(s.render(), named: "lesson-step5-120x40")
        Self.key(wb, .char("p"))
        #expect(s.report.verdict == .guaranteed && s.lesson?.done == true)
        Self.key(wb, .char("n"))
        // 6: BNN++ in the composer; waits for B' read at quantized.
        #expect(s.lesson?.step == 5 && s.pair.name == "bnnplusplus" && s.focus == .composer)
        Self.key(wb, KeyPress(.down), KeyPress(.down), KeyPress(.down))
        #expect(s.composer.field == .backwardAt)
        Self.key(wb, KeyPress(.enter))
        #expect(s.pair.backwardAt == .quantized && s.lesson?.done == true)
        Self.key(wb, .char("n"))
        // 7: ProxConnect's proximal view; waits for mu >= 100.
        #expect(s.lesson?.step == 6 && s.pair.name == "proxconnect" && s.shapes.view == .proximal)
        Self.key(wb, .char("m"), .ctrl("u"))
        for c in "99" { Self.key(wb, .char(c)) }
        Self.key(wb, KeyPress(.enter))
        #expect(s.mu == 99 && s.lesson?.done == false)
        Self.key(wb, .char("m"), .ctrl("u"))
        for c in "150" { Self.key(wb, .char(c)) }
        Self.key(wb, KeyPress(.enter))
        #expect(s.lesson?.done == true)
        Self.key(wb, .char("n"))
        // 8: ProxConnect against ProxQuant in lockstep; the last n ends the lesson and keeps the state.
        #expect(s.lesson?.step == 7 && runs.calls.last == .duel([3, 4]))
        Self.finish(runs, wb, [3, 4])
        Self.key(wb, .char("n"))
        #expect(s.lesson == nil && s.notice == "lesson principled done; everything stays as it is")
        #expect(s.pair.name == "proxquant" && s.runs.count == 4)
    }

    @Test func escLeavesTheLessonAndKeepsTheState() throws {
        let wb = Workbench(state: Fixtures.state(120, 40), runs: ScriptedRuns())
        wb.start(try Self.lesson())
        Self.key(wb, .char("g"), KeyPress(.right))
        let theta = wb.state.shapes.theta
        Self.key(wb, KeyPress(.escape))
        #expect(wb.state.lesson == nil)
        #expect(wb.state.pair.name == "bc" && wb.state.shapes.view == .step && wb.state.shapes.theta == theta && theta != 0.4)
        #expect(wb.state.notice == "left the lesson principled; everything stays as it is")
        // The hidden load key works again.
        Self.key(wb, .char("l"))
        #expect(wb.state.modal == .load(selected: 0, path: nil))
    }

    @Test func lOpensTheLessonsOfTheCatalog() throws {
        var library = Fixtures.library
        library.lessons = [try Self.lesson()]
        var s = AppState(width: 120, height: 40, pair: Fixtures.bnnPlus, library: library)
        s.press(.char("L"))
        #expect(s.modal == .lessons(selected: 0))
        #expect(s.render().lines.joined().contains("Which binarizations are principled, and why (8 steps)"))
        let effects = s.press(KeyPress(.enter))
        #expect(s.lesson?.step == 0 && s.modal == nil && effects.isEmpty)
    }

    @Test func aHiddenPaneIsSkippedByTabAndDrawnEmpty() throws {
        let json = #"{"name": "h", "title": "hidden", "steps": [{"title": "t", "text": "look", "set": {"focus": "runs"}, "hide": ["runs", "checks"], "wait": {"focus": "shapes"}}]}"#
        let l = try Lesson.decode(Data(json.utf8), file: "h.json")
        var s = Fixtures.state(120, 40)
        s.startLesson(l)
        #expect(s.focus == .composer, "a hidden pane gives the focus away")
        s.press(KeyPress(.tab))
        #expect(s.focus == .shapes && s.lesson?.done == true)
        s.press(KeyPress(.tab))
        #expect(s.focus == .data, "checks and runs are skipped")
        s.press(.char("4"))
        #expect(s.focus == .data)
        #expect(s.render().lines.joined(separator: "\n").contains("hidden by the lesson in this step"))
    }
}
