import ProxCore
import ProxTrain

/// A guided lesson: steps that set up the workbench, say what to look at,
/// and wait for the learner to do the thing before going on.
///
/// Lessons are data (`presets/lessons/*.json`, `Lesson+Decode.swift`), so a
/// teacher writes one without code, as a shared TensorFlow Playground link
/// sets up the playground with some controls hidden:
///
///     {
///       "name": "tour", "title": "...", "description": "...",
///       "steps": [
///         { "title": "BC and the straight-through idea",
///           "text": "F = sign has derivative 0 almost everywhere ...",
///           "set": { "pair": "bc", "focus": "shapes", "view": "step" },
///           "wait": { "key": "p" },
///           "hide": ["load", "F"] }
///       ]
///     }
public struct Lesson: Sendable, Equatable {
    public var name: String
    public var title: String
    public var summary: String
    public var steps: [LessonStep]
    /// Where it was read from, for messages.
    public var file: String

    public init(name: String, title: String, summary: String = "", steps: [LessonStep], file: String = "") {
        self.name = name
        self.title = title
        self.summary = summary
        self.steps = steps
        self.file = file
    }
}

public struct LessonStep: Sendable, Equatable {
    public var title: String
    public var text: String
    public var setup: LessonSetup
    /// What the learner must do before `n` goes on; nil: `n` at once.
    public var wait: LessonCondition?
    /// Controls the step hides (and locks).
    public var hidden: Set<LessonControl>

    public init(title: String, text: String, setup: LessonSetup = LessonSetup(), wait: LessonCondition? = nil,
                hidden: Set<LessonControl> = []) {
        self.title = title
        self.text = text
        self.setup = setup
        self.wait = wait
        self.hidden = hidden
    }
}

/// What a step sets when it opens; absent fields keep the learner's state.
public struct LessonSetup: Sendable, Equatable {
    /// A preset resolved when the lesson is read.
    public var pair: QuantizerPair?
    public var forward: Quantizer?
    public var backward: Quantizer?
    public var prox: Quantizer?
    public var schedule: Schedule?
    public var backwardAt: EvaluationPoint?
    /// A typed mu for the shapes pane; nil keeps the scrubber.
    public var mu: Double?
    /// The shapes pane's x range is [-range, range].
    public var range: Double?
    /// The weight the step view follows.
    public var theta: Double?
    public var focus: Pane?
    public var view: ShapesView?
    /// The launch form's choices, by value.
    public var dataset: String?
    public var model: String?
    public var epochs: Int?
    /// Start a run of the current pair with the launch form's settings, or a
    /// lockstep duel of these presets.
    public var run: LessonRun?

    public init() {}
}

public enum LessonRun: Sendable, Equatable {
    case pair
    case lockstep([QuantizerPair])
}

/// What a step waits for.
public enum LessonCondition: Sendable, Equatable {
    /// A key pressed (one character, as the key table writes it).
    case key(String)
    case focus(Pane)
    case view(ShapesView)
    case muAtLeast(Double)
    case muAtMost(Double)
    case verdict(Verdict)
    case backwardAt(EvaluationPoint)
    /// At least this many runs started since the step opened.
    case runsStarted(Int)
    /// At least this many runs finished since the step opened.
    case runsFinished(Int)

    /// The line the lesson box shows while waiting.
    public var prompt: String {
        switch self {
        case .key(let k): return "press \(k)"
        case .focus(let p): return "go to \(p.title) (\(p.rawValue + 1))"
        case .view(let v): return "switch Shapes to \(v.title)"
        case .muAtLeast(let v): return "scrub mu to \(formatCompact(v)) or more"
        case .muAtMost(let v): return "scrub mu to \(formatCompact(v)) or less"
        case .verdict(let v): return "make the verdict \(v.rawValue)"
        case .backwardAt(let at): return "read B' at \(at.rawValue) (composer field at)"
        case .runsStarted(let n): return n == 1 ? "start a run (t)" : "start \(n) runs (t)"
        case .runsFinished(let n): return n == 1 ? "let the run finish" : "let \(n) runs finish"
        }
    }
}

/// The controls a lesson can hide: keys' actions, composer fields, panes.
public enum LessonControl: String, Sendable, CaseIterable {
    case load, save, train, principled, palette, sweep, lesson
    case F, B, P, at, mu, clip, reset
    case composer, shapes, checks, runs, data

    public var pane: Pane? {
        switch self {
        case .composer: return .composer
        case .shapes: return .shapes
        case .checks: return .checks
        case .runs: return .runs
        case .data: return .data
        default: return nil
        }
    }
}
