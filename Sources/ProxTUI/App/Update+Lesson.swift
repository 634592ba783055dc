import ProxCore
import ProxTrain

/// Lessons in update: opening a step sets up the state it names, keys the
/// step hides are refused, and after every message the step's condition is
/// checked against the state, so `n` goes on only once the learner did it.
extension AppState {
    /// Starts a lesson at its first step.
    @discardableResult
    public mutating func startLesson(_ l: Lesson) -> [Effect] {
        guard !l.steps.isEmpty else { notice = "\(l.file): the lesson has no steps"; return [] }
        modal = nil
        return openStep(l, 0, startRuns: true)
    }

    /// Opens step `index`: its setup, then its run (only when going forward,
    /// so going back does not train the same runs again).
    mutating func openStep(_ l: Lesson, _ index: Int, startRuns: Bool) -> [Effect] {
        let step = l.steps[index]
        var progress = LessonProgress(lesson: l, step: index, runID: nextRunID)
        apply(step.setup)
        var effects: [Effect] = []
        if startRuns, let run = step.setup.run {
            switch run {
            case .pair:
                let saved = launch.duel
                launch.duel = []
                effects = launchRuns()
                launch.duel = saved
            case .lockstep(let pairs):
                effects = launchPlans().map { plan in
                    enqueueDuel(pairs.map { p in
                        var other = plan
                        other.pair = p
                        return other
                    })
                }
            }
        }
        progress.learnerRunID = nextRunID
        // A step come back to was done already.
        if !startRuns { progress.done = true }
        lesson = progress
        // A hidden pane cannot keep the focus.
        if step.hidden.contains(where: { $0.pane == focus }) {
            focus = Pane.allCases.first { p in !step.hidden.contains { $0.pane == p } } ?? focus
        }
        notice = nil
        checkLesson()
        return effects
    }

    /// The state a step names; what it leaves out stays as the learner had it.
    mutating func apply(_ setup: LessonSetup) {
        if let p = setup.pair {
            composer = ComposerState(pair: p, path: nil)
            setPair(p, dirty: false)
            shapes.position = 0
            shapes.muOverride = nil
        }
        var p = pair
        if let f = setup.forward { p.forward = f }
        if let b = setup.backward { p.backward = b }
        if let q = setup.prox { p.prox = q }
        if let s = setup.schedule { p.schedule = s }
        if let at = setup.backwardAt { p.backwardAt = at }
        if p != pair { setPair(p) }
        if let mu = setup.mu { shapes.muOverride = mu }
        if let r = setup.range { shapes.halfRange = r }
        if let t = setup.theta { shapes.theta = t }
        if let f = setup.focus { focus = f }
        if let v = setup.view { shapes.view = v }
        if let d = setup.dataset, let i = LaunchForm.datasets.firstIndex(of: d) { launch.dataset = i }
        if let m = setup.model, let i = LaunchForm.models.firstIndex(of: m) { launch.model = i }
        if let e = setup.epochs, let i = LaunchForm.epochChoices.firstIndex(of: e) { launch.epochs = i }
    }

    /// The lesson's own keys: n (next, once the step is done), b (back), Esc
    /// (leave, keeping everything). Nil when the key is not one of them.
    mutating func lessonKey(_ press: KeyPress) -> [Effect]? {
        guard let progress = lesson, press.modifiers.isEmpty else { return nil }
        switch press.key {
        case .escape:
            lesson = nil
            notice = "left the lesson \(progress.lesson.name); everything stays as it is"
            return []
        case .character("n"):
            guard progress.done else {
                notice = "first: \(progress.current.wait?.prompt ?? "") (Esc leaves the lesson)"
                return []
            }
            guard !progress.isLast else {
                lesson = nil
                notice = "lesson \(progress.lesson.name) done; everything stays as it is"
                return []
            }
            return openStep(progress.lesson, progress.step + 1, startRuns: true)
        case .character("b"):
            guard progress.step > 0 else { notice = "this is the first step"; return [] }
            return openStep(progress.lesson, progress.step - 1, startRuns: false)
        default:
            return nil
        }
    }

    /// The control a key acts on, when a lesson can hide it.
    func control(of press: KeyPress) -> LessonControl? {
        guard press.modifiers.isEmpty || press.modifiers == .shift, case .character(let c) = press.key else { return nil }
        switch c {
        case "l": return .load
        case "w": return .save
        case "t": return .train
        case "p": return .principled
        case "L": return .lesson
        case "S" where focus == .composer: return .sweep
        case "i" where focus == .composer: return .palette
        case "1", "2", "3", "4", "5":
            let pane = Pane(rawValue: Int(String(c))! - 1)
            return LessonControl.allCases.first { $0.pane != nil && $0.pane == pane }
        default: return nil
        }
    }

    /// The composer field's control (F, B, P, at, mu, clip, reset).
    static func control(of field: ComposerState.Field) -> LessonControl {
        switch field {
        case .forward: return .F
        case .backward: return .B
        case .prox: return .P
        case .backwardAt: return .at
        case .schedule: return .mu
        case .clip: return .clip
        case .reset: return .reset
        }
    }

    /// Whether the step hides what this key would do; says so when it does.
    mutating func lessonBlocks(_ press: KeyPress) -> Bool {
        guard let progress = lesson else { return false }
        var hidden = control(of: press).map(progress.hides) ?? false
        // A hidden composer field: every key that would change it.
        if !hidden, focus == .composer, progress.hides(Self.control(of: composer.field)) {
            let editing: Set<Key> = [.enter, .character("e"), .character("+"), .character("="), .character("-"), .character("_"),
                                     .character("]"), .character("["), .character("i"), .character("x")]
            hidden = editing.contains(press.key)
        }
        if hidden { notice = "the lesson hides this control in this step" }
        return hidden
    }

    /// Notes a key the workbench acted on, for a step waiting for it.
    mutating func lessonSaw(_ press: KeyPress) {
        guard lesson != nil, case .character(let c) = press.key, !press.modifiers.contains(.control) else { return }
        lesson?.lastKey = String(c)
    }

    /// Checks the open step's condition; once met it stays met.
    mutating func checkLesson() {
        guard var progress = lesson, !progress.done, let wait = progress.current.wait else { return }
        switch wait {
        case .key(let k): progress.done = progress.lastKey == k
        case .focus(let p): progress.done = focus == p
        case .view(let v): progress.done = shapes.view == v
        case .muAtLeast(let v): progress.done = mu >= v - 1e-9 * max(1, abs(v))
        case .muAtMost(let v): progress.done = mu <= v + 1e-9 * max(1, abs(v))
        case .verdict(let v): progress.done = report.verdict == v
        case .backwardAt(let at): progress.done = pair.backwardAt == at
        case .runsStarted(let n): progress.done = runs.filter { $0.id >= progress.learnerRunID }.count >= n
        case .runsFinished(let n): progress.done = runs.filter { $0.id >= progress.firstRunID && $0.status == .finished }.count >= n
        }
        lesson = progress
    }
}
