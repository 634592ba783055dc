import Foundation
import ProxCore
import ProxTUI

/// `proxlab learn`: the workbench with a guided lesson open over it.
enum LearnCommand {
    static let usage = """
    usage: proxlab learn [LESSON | lesson-file.json] [--steps] [--runs-dir DIR]

    Opens the workbench with a lesson: a short text box over the live
    workbench whose steps set up the pair, mu, the x range, the data set or a
    run, and wait for you to do the thing (press a key, scrub mu, start a run)
    before n goes on; b goes back; Esc leaves the lesson and keeps the state.
    Lessons are JSON files (presets/lessons/*.json, format in the README); the
    built-in one is 'principled'. --steps prints the lesson's steps instead.

    examples:
      proxlab learn
      proxlab learn principled --steps
      proxlab learn my-lesson.json
    """

    static func run(_ args: [String]) throws(CLIError) -> (output: String, status: Int32) {
        let a = try Arguments(args, command: "learn", options: ["runs-dir"], flags: ["steps"])
        if a.positionals.count > 1 { throw CLIError("proxlab learn: unexpected argument '\(a.positionals[1])'") }
        let lesson: Lesson
        do { lesson = try Lesson.load(a.positionals.first ?? "principled") } catch { throw CLIError("proxlab learn: \(error)") }
        if a.has("steps") { return (steps(lesson), 0) }
        guard let first = lesson.steps.first?.setup.pair ?? (try? PresetLibrary.resolvePair("bnnplus")) else {
            throw CLIError("proxlab learn: no pair to start with (set PROXLAB_PRESETS to the presets folder)")
        }
        return try WorkbenchCommand.open(pair: first, path: nil, runsDir: a["runs-dir"], lesson: lesson)
    }

    /// The lesson as text: each step's title, what it sets, what it waits for, what it hides.
    static func steps(_ lesson: Lesson) -> String {
        var out = ["\(lesson.title) (\(lesson.name), \(lesson.steps.count) steps)"]
        if !lesson.summary.isEmpty { out.append(lesson.summary) }
        for (i, step) in lesson.steps.enumerated() {
            out.append("")
            out.append("\(i + 1). \(step.title)")
            out.append("   sets: \(setup(step.setup))")
            out.append("   waits: \(step.wait?.prompt ?? "nothing (n goes on)")")
            if !step.hidden.isEmpty { out.append("   hides: \(LessonControl.allCases.filter(step.hidden.contains).map(\.rawValue).joined(separator: ", "))") }
        }
        return out.joined(separator: "\n") + "\n"
    }

    static func setup(_ s: LessonSetup) -> String {
        var parts: [String] = []
        if let p = s.pair { parts.append("pair \(p.name)") }
        if let f = s.forward { parts.append("F = \(f)") }
        if let b = s.backward { parts.append("B = \(b)") }
        if let p = s.prox { parts.append("P = \(p)") }
        if let m = s.schedule { parts.append("mu \(m)") }
        if let at = s.backwardAt { parts.append("B' at \(at.rawValue)") }
        if let mu = s.mu { parts.append("mu = \(formatCompact(mu))") }
        if let r = s.range { parts.append("x in [-\(formatCompact(r)), \(formatCompact(r))]") }
        if let t = s.theta { parts.append("theta = \(formatCompact(t))") }
        if let f = s.focus { parts.append("focus \(f.title)") }
        if let v = s.view { parts.append("view \(v.title)") }
        if let d = s.dataset { parts.append("data \(d)") }
        if let m = s.model { parts.append("model \(m)") }
        if let e = s.epochs { parts.append("\(e) epochs") }
        switch s.run {
        case .pair?: parts.append("starts a run")
        case .lockstep(let pairs)?: parts.append("starts a lockstep duel of \(pairs.map(\.name).joined(separator: ", "))")
        case nil: break
        }
        return parts.isEmpty ? "nothing" : parts.joined(separator: ", ")
    }
}
