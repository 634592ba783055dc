import Foundation
import Testing
import TestHelpers

/// `proxlab learn`: the steps printed without a terminal, a broken lesson
/// file as one line, and no terminal refused as for the workbench.
@Suite struct CLILearnTests {
    @Test func stepsPrintsEveryStepWithWhatItSetsAndWaitsFor() throws {
        let r = try proxlab("learn", "principled", "--steps")
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "Which binarizations are principled, and why (principled, 8 steps)")
        #expect(lines.filter { $0.range(of: #"^\d\. "#, options: .regularExpression) != nil }.count == 8)
        #expect(lines.contains("   sets: pair bc, x in [-3, 3], theta = 0.4, focus Shapes, view one weight's step"))
        #expect(lines.contains("   waits: press g"))
        #expect(lines.contains("   sets: pair bnn, focus Runs, data spirals, model mlp:32,32, 30 epochs, starts a lockstep duel of bc, bnn"))
        #expect(lines.contains("   waits: scrub mu to 100 or more"))
        #expect(lines.contains("   hides: load, F, B"))
    }

    @Test func aBrokenLessonFileIsOneLineNamingStepAndField() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("proxlab-learn-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("broken.json")
        try #"{"name": "b", "title": "B", "steps": [{"title": "t", "text": "x", "wait": {"view": "chart"}}]}"#.write(to: file, atomically: true, encoding: .utf8)
        let r = try proxlab("learn", file.path)
        expectBadInput(r, command: "learn", [file.path, "step 1", "field 'wait.view'", "expected one of curves, proximal, step, got \"chart\""])
        expectBadInput(try proxlab("learn", "nosuchlesson"), command: "learn", ["nosuchlesson.json", "no such lesson file", "principled"])
    }

    @Test func withoutATerminalTheLessonIsRefusedLikeTheWorkbench() throws {
        let r = try proxlab("learn")
        #expect(r.status == 2)
        #expect(r.stderr.contains("the workbench needs an interactive terminal"), "\(r.stderr)")
    }
}
