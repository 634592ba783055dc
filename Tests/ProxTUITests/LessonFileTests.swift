import Foundation
import Testing
import ProxCore
import ProxTUI
import TestHelpers

/// Lesson files: the built-in lesson reads, and a broken file is one line
/// naming the file, the step and the field.
@Suite struct LessonFileTests {
    static let builtin = RepositoryPaths.presets.appendingPathComponent("lessons/principled.json").path

    @Test func theBuiltInLessonHasEightStepsThatEachWait() throws {
        let lesson = try Lesson.load(Self.builtin)
        #expect(lesson.name == "principled")
        #expect(lesson.steps.count == 8)
        #expect(lesson.steps.allSatisfy { $0.wait != nil && !$0.text.isEmpty })
        #expect(lesson.steps.map { $0.setup.pair?.name } == ["bc", "bnn", "bnnplus", "bnnplus", "bnnplus", "bnnplusplus", "proxconnect", "proxquant"])
        #expect(lesson.steps[0].wait == .key("g") && lesson.steps[0].setup.view == .step && lesson.steps[0].setup.theta == 0.4)
        #expect(lesson.steps[1].setup.run == .lockstep([try #require(try PresetLibrary.resolvePair("bc")), try #require(try PresetLibrary.resolvePair("bnn"))]))
        #expect(lesson.steps[1].setup.dataset == "spirals")
        #expect(lesson.steps[4].hidden == [.load, .F, .B])
        #expect(lesson.steps[6].wait == .muAtLeast(100))
    }

    static func error(_ json: String) -> String {
        do { _ = try Lesson.decode(Data(json.utf8), file: "x.json"); return "no error" } catch { return error.description }
    }

    static let ok = #""title": "t", "text": "x""#

    @Test(arguments: [
        (#"{"name": "a", "title": "b", "steps": []}"#, "x.json: field 'steps': expected a non-empty array of steps"),
        (#"{"name": "a", "title": "b", "stepz": []}"#, "x.json: field 'stepz': unknown field; fields are name, title, description, steps"),
        (#"{"name": "a", "title": "b", "steps": [{"title": "t"}]}"#, "x.json: step 1: field 'text': missing (required)"),
        (#"{"name": "a", "title": "b", "steps": [{\#(ok)}, {\#(ok), "wait": {"mu_at_least": "big"}}]}"#,
         "x.json: step 2: field 'wait.mu_at_least': expected a number, got a string"),
        (#"{"name": "a", "title": "b", "steps": [{\#(ok), "wait": {"key": "p", "focus": "runs"}}]}"#,
         "x.json: step 1: field 'wait': expected exactly one condition of key, focus, view, mu_at_least, mu_at_most, verdict, backward_at, runs_started, runs_finished, got 2"),
        (#"{"name": "a", "title": "b", "steps": [{\#(ok), "set": {"pair": "bnnx"}}]}"#,
         "x.json: step 1: field 'set.pair': no preset named 'bnnx' (see proxlab presets)"),
        (#"{"name": "a", "title": "b", "steps": [{\#(ok), "set": {"backward": "sgn"}}]}"#,
         "x.json: step 1: field 'set.backward': column 1: unknown piece 'sgn' (did you mean 'sign'?); pieces: id, sign, clip, scale, tanh, approxsign, signswish, lq, pwl"),
        (#"{"name": "a", "title": "b", "steps": [{\#(ok), "set": {"focus": "chart"}}]}"#,
         "x.json: step 1: field 'set.focus': expected one of composer, shapes, checks, runs, data, got \"chart\""),
        (#"{"name": "a", "title": "b", "steps": [{\#(ok), "set": {"lockstep": ["bc"]}}]}"#,
         "x.json: step 1: field 'set.lockstep': a duel has 2 to 4 pairs, got 1"),
        (#"{"name": "a", "title": "b", "steps": [{\#(ok), "hide": ["load", "everything"]}]}"#,
         "x.json: step 1: field 'hide': unknown control 'everything'; controls: load, save, train, principled, palette, sweep, lesson, F, B, P, at, mu, clip, reset, composer, shapes, checks, runs, data"),
        (#"{"name": "a", "title": "b", "steps": [{\#(ok), "set": {"dataset": "mnist"}}]}"#,
         "x.json: step 1: field 'set.dataset': \"mnist\" is not one of the launch form's data sets: moons:noise=0.1, moons:noise=0.3, circles, spirals, xor, blobs:k=3, fashion-mnist"),
        (#"{"name": "a", "title": "b", "steps": [3]}"#, "x.json: step 1: expected a JSON object, got a number"),
        (#"{"name": "a", "title": "b", "steps": [{\#(ok), "wait": {"key": "pp"}}]}"#,
         "x.json: step 1: field 'wait.key': expected one character such as \"p\", got \"pp\""),
        ("{\"name\": \"a\",", "x.json: not valid JSON at line 1, column 14: expected a field name in double quotes"),
    ] as [(String, String)])
    func aBrokenFileIsOneLineNamingFileStepAndField(json: String, message: String) {
        #expect(Self.error(json) == message)
    }

    @Test func aMissingLessonNamesTheBuiltInOnes() {
        do { _ = try Lesson.load("/nonexistent/lesson.json"); Issue.record("loaded") } catch {
            #expect(error.description.hasPrefix("/nonexistent/lesson.json: no such lesson file (lessons: "))
        }
    }
}
