import ProxCore
import ProxPlot

extension AppState {
    /// The whole screen from the state alone.
    public func render() -> CellGrid {
        var grid = CellGrid(width: max(1, width), height: max(1, height))
        let theme = Theme(mode: colorMode, unicode: unicode)
        let layout = Layout(width: width, height: height, focus: focus)
        if layout.tooSmall {
            renderTooSmall(&grid, theme)
            return grid
        }
        renderTitle(&grid, layout.title, theme)
        for (pane, rect) in layout.panes {
            if let lesson, lesson.current.hidden.contains(where: { $0.pane == pane }) {
                LessonBox.hiddenPane(pane, into: &grid, rect, theme: theme)
                continue
            }
            switch pane {
            case .composer: ComposerPane.render(self, into: &grid, rect, theme: theme)
            case .shapes: ShapesPane.render(self, into: &grid, rect, theme: theme)
            case .checks: ChecksPane.render(self, into: &grid, rect, theme: theme)
            case .runs: RunsPane.render(self, into: &grid, rect, theme: theme)
            case .data: DataPane.render(self, into: &grid, rect, theme: theme)
            }
        }
        renderStatus(&grid, layout.status, theme)
        if let lesson { LessonBox.render(self, lesson, into: &grid, layout, theme: theme) }
        if let modal { Dialogs.render(self, modal, into: &grid, theme: theme) }
        return grid
    }

    /// The name, the verdict (always visible: it is the point of the tool),
    /// the maps as far as they fit, and the runs on the right.
    func renderTitle(_ grid: inout CellGrid, _ rect: Rect, _ theme: Theme) {
        grid.fill(rect, " ", style: theme.bar)
        var x = grid.put(" proxlab ", x: 0, y: rect.y, style: theme.barKey)
        let name = pair.title.isEmpty ? pair.name : pair.title
        x = grid.put(" \(fit(name, 24, unicode: unicode))\(composer.dirty ? "*" : "")  ", x: x, y: rect.y, style: theme.bar)
        var verdictStyle = theme.verdict(report.verdict == .guaranteed)
        verdictStyle.bg = theme.bar.bg
        if theme.mode == .none { verdictStyle.attrs.formUnion(.reverse) }
        x = grid.put(report.verdict.rawValue, x: x, y: rect.y, style: verdictStyle)
        let running = runs.filter { $0.status == .running }.count, queued = runs.filter { $0.status == .queued }.count
        let right = runs.isEmpty ? "" : "runs: \(running) running\(queued > 0 ? ", \(queued) queued" : "")  "
        let room = rect.width - x - right.count - 3
        if room > 12 {
            let maps = "F = \(pair.forward)   B = \(pair.backward)"
            grid.put("   " + fit(maps, room, unicode: unicode), x: x, y: rect.y, style: theme.bar)
        }
        if !right.isEmpty && x + right.count < rect.width { grid.put(right, x: rect.width - right.count, y: rect.y, style: theme.bar) }
    }

    func renderStatus(_ grid: inout CellGrid, _ rect: Rect, _ theme: Theme) {
        grid.fill(rect, " ", style: theme.bar)
        if let notice {
            grid.put(" " + fit(notice, rect.width - 2, unicode: unicode), x: 0, y: rect.y, style: theme.bar)
            return
        }
        let bindings: [Keymap.Binding]
        if composer.editor != nil {
            bindings = [.init(keys: "", action: "", short: "⏎ apply"), .init(keys: "", action: "", short: "Esc cancel"),
                        .init(keys: "", action: "", short: "←→ Home End move"), .init(keys: "", action: "", short: "^U ^K cut")]
        } else if modal != nil {
            bindings = [.init(keys: "", action: "", short: "↑↓ choose"), .init(keys: "", action: "", short: "⏎ ok"), .init(keys: "", action: "", short: "Esc close")]
        } else {
            bindings = (Keymap.panes[focus] ?? []) + Keymap.global
        }
        var x = 1
        for b in bindings {
            guard let short = b.short else { continue }
            // What the open lesson step hides is not offered.
            if let lesson, b.keys.count == 1, let c = b.keys.first, let control = control(of: .char(c)), lesson.hides(control) { continue }
            let parts = short.split(separator: " ", maxSplits: 1).map(String.init)
            let needed = short.count + 2
            if x + needed > rect.width { break }
            x = grid.put(parts[0], x: x, y: rect.y, style: theme.barKey)
            if parts.count > 1 { x = grid.put(" " + parts[1], x: x, y: rect.y, style: theme.bar) }
            x += 2
        }
    }

    func renderTooSmall(_ grid: inout CellGrid, _ theme: Theme) {
        let lines = ["proxlab needs at least \(Layout.minimumWidth)x\(Layout.minimumHeight);",
                     "this terminal is \(width)x\(height).",
                     "Enlarge it (or press q to quit)."]
        for (i, line) in lines.enumerated() {
            let y = height / 2 - 1 + i
            let x = max(0, (width - line.count) / 2)
            grid.put(line, x: x, y: y, style: i == 2 ? theme.dim : theme.title)
        }
    }
}
