/// A lesson under way: which step is open, and what the step's condition
/// is measured against (the runs that existed when it opened, the keys
/// pressed since).
public struct LessonProgress: Sendable, Equatable {
    public var lesson: Lesson
    /// Index into `lesson.steps`.
    public var step: Int
    /// Runs with an id from here on opened with the step or after it
    /// (they count toward "let the run finish").
    public var firstRunID: Int
    /// Runs with an id from here on the learner started (toward "start a run").
    public var learnerRunID: Int
    /// Whether the step's condition has held since it opened (once met, it stays met).
    public var done: Bool
    /// The last key the workbench acted on during this step.
    public var lastKey: String?

    public init(lesson: Lesson, step: Int, runID: Int) {
        self.lesson = lesson
        self.step = step
        firstRunID = runID
        learnerRunID = runID
        done = lesson.steps[step].wait == nil
    }

    public var current: LessonStep { lesson.steps[step] }
    public var isLast: Bool { step == lesson.steps.count - 1 }

    public func hides(_ control: LessonControl) -> Bool { current.hidden.contains(control) }
}
