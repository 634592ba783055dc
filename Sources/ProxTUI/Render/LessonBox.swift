import ProxCore
import ProxPlot

/// The open lesson step: a short box over the live workbench, at the bottom
/// of the column the learner is not working in (over the checks while the
/// shapes or runs have the focus, over the runs while the composer or checks
/// do), so what the step is about stays in view.
enum LessonBox {
    static func render(_ s: AppState, _ progress: LessonProgress, into grid: inout CellGrid, _ layout: Layout, theme: Theme) {
        let left = layout.panes[.composer] ?? Rect(x: 0, y: 1, width: s.width / 2, height: s.height - 2)
        let onLeft = s.focus != .composer && s.focus != .checks
        let column: Rect
        if onLeft {
            column = Rect(x: 0, y: 1, width: left.width, height: s.height - 2)
        } else {
            column = Rect(x: left.width, y: 1, width: s.width - left.width, height: s.height - 2)
        }
        let width = min(column.width, 72)
        let step = progress.current
        let body = wrap(step.text, width: width - 4)
        let status: String
        if progress.done {
            status = progress.isLast ? "done: n ends the lesson" : "done: n for the next step"
        } else {
            status = "to go on: " + (step.wait?.prompt ?? "")
        }
        let keys = "n next  b back  Esc leave (keeps the state)"
        let maxBody = max(1, column.height - 6)
        let shown = Array(body.prefix(maxBody))
        let height = min(column.height, shown.count + 5)
        let rect = Rect(x: column.x + (onLeft ? 0 : column.width - width), y: column.maxY - height, width: width, height: height)
        grid.fill(rect, " ")
        let title = "Lesson \(progress.step + 1)/\(progress.lesson.steps.count): \(step.title)"
        let area = drawBox(&grid, rect, title: fit(title, width - 4, unicode: theme.unicode), focused: true, theme: theme)
        for (i, line) in shown.enumerated() { grid.text(" " + line, area.x, area.y + i, .plain, in: area) }
        if shown.count < body.count, let last = shown.indices.last {
            grid.text(" " + shown[last] + (theme.unicode ? " …" : " ~"), area.x, area.y + last, .plain, in: area)
        }
        grid.text(" " + fit(status, area.width - 2, unicode: theme.unicode), area.x, area.maxY - 2, progress.done ? theme.pass : theme.warn, in: area)
        grid.text(" " + fit(keys, area.width - 2, unicode: theme.unicode), area.x, area.maxY - 1, theme.dim, in: area)
    }

    /// A pane the step hides: its frame and one line saying so.
    static func hiddenPane(_ pane: Pane, into grid: inout CellGrid, _ rect: Rect, theme: Theme) {
        grid.fill(rect, " ")
        let area = drawBox(&grid, rect, title: pane.title, focused: false, theme: theme)
        grid.text("hidden by the lesson in this step", area.x + 2, area.y + 1, theme.dim, in: area)
    }
}
