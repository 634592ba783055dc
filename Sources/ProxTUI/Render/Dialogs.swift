import ProxCore
import ProxPlot

/// The dialogs drawn over the panes: help, palette, load, launch, save and
/// the confirmations.
enum Dialogs {
    static func render(_ s: AppState, _ modal: Modal, into grid: inout CellGrid, theme: Theme) {
        switch modal {
        case .help: help(s, &grid, theme)
        case .palette(let selected): palette(s, selected, &grid, theme)
        case .load(let selected, let path): load(s, selected, path, &grid, theme)
        case .launch: launch(s, &grid, theme)
        case .lessons(let selected): lessons(s, selected, &grid, theme)
        case .save(let field):
            prompt("Save pair", ["File (JSON; a name alone is in the working folder; shipped", "presets are never written over):"], field, &grid, s, theme)
        case .typeMu(let field):
            prompt("Type mu", ["mu for the shapes pane (the schedule is unchanged):"], field, &grid, s, theme)
        case .sweep(let field):
            prompt("Sweep", ["NAME=START:END:COUNT[:log]: F.N, B.N, P.N (the N-th number), lr,", "mu, mu.start, mu.end; a run per value and seed, as the launch form:"], field, &grid, s, theme)
        case .typeTheta(let field):
            prompt("Type theta", ["the latent weight theta the step view follows:"], field, &grid, s, theme)
        case .confirmOverwrite(let path):
            confirm("Overwrite?", ["\(path) exists.", "", "y overwrite    n choose another name    Esc cancel"], &grid, s, theme)
        case .confirmQuit:
            confirm("Quit?", quitLines(s), &grid, s, theme)
        }
    }

    /// What quitting now would lose: unsaved changes, runs that would stop.
    static func quitLines(_ s: AppState) -> [String] {
        var lines: [String] = []
        if s.composer.dirty { lines.append("The pair has changes that are not saved.") }
        let active = s.runs.filter(\.status.isActive)
        if !active.isEmpty {
            let queued = active.filter { $0.status == .queued }.count
            let training = active.count - queued
            var parts: [String] = []
            if training > 0 { parts.append("\(training) run\(training == 1 ? " is" : "s are") training") }
            if queued > 0 { parts.append("\(queued) \(queued == 1 ? "is" : "are") queued") }
            lines.append(parts.joined(separator: ", ") + ": quitting stops \(active.count == 1 ? "it" : "them").")
            lines.append("Logs keep every finished epoch and end with cancelled.")
        }
        lines += ["", "y quit    n back" + (s.composer.dirty ? " (then w to save)" : "")]
        return lines
    }

    /// A centred box of the given size; returns its inner area.
    static func dialog(_ title: String, width: Int, height: Int, _ grid: inout CellGrid, _ s: AppState, _ theme: Theme) -> Rect {
        let w = min(width, s.width - 4), h = min(height, s.height - 2)
        let rect = Rect(x: (s.width - w) / 2, y: (s.height - h) / 2, width: w, height: h)
        grid.fill(rect, " ")
        return drawBox(&grid, rect, title: title, focused: true, theme: theme)
    }

    static func help(_ s: AppState, _ grid: inout CellGrid, _ theme: Theme) {
        var lines: [(String, String, Bool)] = [("", "everywhere", true)]
        lines += Keymap.global.map { ($0.keys, $0.action, false) }
        for pane in Pane.allCases {
            guard let bindings = Keymap.panes[pane], !bindings.isEmpty else { continue }
            lines.append(("", pane.title.lowercased(), true))
            lines += bindings.map { ($0.keys, $0.action, false) }
        }
        lines.append(("", "dialogs: arrows choose, Enter accepts, Esc closes; any key closes this help", true))
        let area = dialog("Keys", width: 76, height: lines.count + 2, &grid, s, theme)
        for (i, line) in lines.enumerated() where i < area.height {
            if line.2 {
                grid.text(line.1, area.x + 1, area.y + i, theme.accent, in: area)
            } else {
                grid.text("  " + line.0, area.x + 1, area.y + i, Style(attrs: .bold), in: area)
                grid.text(line.1, area.x + 18, area.y + i, .plain, in: area)
            }
        }
    }

    static func palette(_ s: AppState, _ selected: Int, _ grid: inout CellGrid, _ theme: Theme) {
        let pieces = PieceCatalog.all
        let area = dialog("Palette: \(s.composer.field.label) = \(fit(s.composer.text(of: s.composer.field), 30))",
                          width: 74, height: pieces.count + 6, &grid, s, theme)
        for (i, p) in pieces.enumerated() where i < area.height - 3 {
            let style = i == selected ? theme.selected : Style.plain
            grid.text(" " + p.example.padding(toLength: 24, withPad: " ", startingAt: 0), area.x, area.y + i, style, in: area)
            grid.text(fit(p.summary, area.width - 26, unicode: theme.unicode), area.x + 26, area.y + i, theme.dim, in: area)
        }
        let y = area.y + area.height - 2
        grid.text(" ⏎ replace   o piece . current   n current . piece", area.x, y, theme.label, in: area)
        grid.text(" + current + piece   * scale by 2   then +/- tune numbers", area.x, y + 1, theme.label, in: area)
    }

    static func load(_ s: AppState, _ selected: Int, _ path: TextField?, _ grid: inout CellGrid, _ theme: Theme) {
        let entries = s.loadEntries
        let area = dialog("Load", width: 84, height: min(entries.count + 4, s.height - 2), &grid, s, theme)
        let visible = area.height - 2
        let first = max(0, min(selected - visible / 2, entries.count - visible))
        for row in 0..<min(visible, entries.count) {
            let i = first + row
            grid.text(" " + fit(entries[i].label, area.width - 2, unicode: theme.unicode), area.x, area.y + row,
                      i == selected ? theme.selected : .plain, in: area)
        }
        if let path {
            grid.text(" path: ", area.x, area.y + area.height - 1, theme.label, in: area)
            ComposerPane.drawEditor(path, &grid, area.x + 7, area.y + area.height - 1, area.width - 8, theme: theme, area: area)
        } else {
            grid.text(" ⏎ load   Esc close", area.x, area.y + area.height - 1, theme.dim, in: area)
        }
    }

    static func launch(_ s: AppState, _ grid: inout CellGrid, _ theme: Theme) {
        let fields = LaunchForm.Field.allCases
        let area = dialog("Train \(s.pair.name)", width: 60, height: fields.count + 5, &grid, s, theme)
        for (i, f) in fields.enumerated() {
            let y = area.y + i
            let selected = s.launch.field == f
            if f == .start {
                grid.text("  [ start ]", area.x + 18, y + 1, selected ? theme.selected : theme.accent, in: area)
                continue
            }
            grid.text(" " + LaunchForm.label(f), area.x, y, theme.label, in: area)
            let shown = f == .duel ? duelChoice(s) : s.launch.value(f)
            let value = (theme.unicode ? "◂ " : "< ") + shown + (theme.unicode ? " ▸" : " >")
            let x = grid.text(value, area.x + 18, y, selected ? theme.selected : .plain, in: area)
            if f == .duel { grid.text(" " + fit(s.launch.value(.duel), area.maxX - x - 1, unicode: theme.unicode), x, y, theme.accent, in: area) }
        }
        let keys = s.launch.field == .duel ? " ←→ preset  ␣ add/remove  ⏎ start  Esc cancel" : " ↑↓ field  ←→ change  ⏎ start  Esc cancel"
        grid.text(keys, area.x, area.y + area.height - 1, theme.dim, in: area)
    }

    static func lessons(_ s: AppState, _ selected: Int, _ grid: inout CellGrid, _ theme: Theme) {
        let list = s.library.lessons
        let area = dialog("Lessons", width: 84, height: min(s.height - 2, 2 * list.count + 4), &grid, s, theme)
        for (i, l) in list.enumerated() where 2 * i + 1 < area.height - 1 {
            grid.text(" " + fit("\(l.title) (\(l.steps.count) steps)", area.width - 2, unicode: theme.unicode), area.x, area.y + 2 * i,
                      i == selected ? theme.selected : Style(attrs: .bold), in: area)
            grid.text("   " + fit(l.summary, area.width - 4, unicode: theme.unicode), area.x, area.y + 2 * i + 1, theme.dim, in: area)
        }
        grid.text(" ⏎ start   Esc close   (in a lesson: n next, b back, Esc leaves)", area.x, area.y + area.height - 1, theme.dim, in: area)
    }

    /// The preset the duel field points at, ticked when it is in the duel.
    static func duelChoice(_ s: AppState) -> String {
        let names = s.duelCandidates.map(\.name)
        guard !names.isEmpty else { return "no presets" }
        let name = names[min(s.launch.duelCursor, names.count - 1)]
        return name + (s.launch.duel.contains(name) ? " ✓" : " +")
    }

    static func prompt(_ title: String, _ lines: [String], _ field: TextField, _ grid: inout CellGrid, _ s: AppState, _ theme: Theme) {
        let area = dialog(title, width: 70, height: lines.count + 5, &grid, s, theme)
        for (i, l) in lines.enumerated() { grid.text(" " + l, area.x, area.y + i, .plain, in: area) }
        ComposerPane.drawEditor(field, &grid, area.x + 1, area.y + lines.count + 1, area.width - 2, theme: theme, area: area)
        grid.text(" ⏎ ok   Esc cancel", area.x, area.y + area.height - 1, theme.dim, in: area)
    }

    static func confirm(_ title: String, _ lines: [String], _ grid: inout CellGrid, _ s: AppState, _ theme: Theme) {
        let area = dialog(title, width: 64, height: lines.count + 2, &grid, s, theme)
        for (i, l) in lines.enumerated() { grid.text(" " + l, area.x, area.y + i, i == 0 ? theme.title : .plain, in: area) }
    }
}
