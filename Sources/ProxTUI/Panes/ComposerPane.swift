import Foundation
import ProxCore
import ProxPlot

/// The pair as fields: F, B, P, where B' is read, the mu schedule, the clip
/// and the reset. The selected number of the selected field is underlined
/// (it is what +/- move); a field being typed shows a cursor, and a parse
/// error shows under it with a caret at its column.
enum ComposerPane {
    static func render(_ s: AppState, into grid: inout CellGrid, _ rect: Rect, theme: Theme) {
        let c = s.composer
        let file = c.path.map { ($0 as NSString).lastPathComponent } ?? "unsaved"
        let area = drawBox(&grid, rect, title: "Composer", focused: s.focus == .composer, theme: theme,
                           hint: file + (c.dirty ? " *" : ""))
        var y = area.y
        let name = s.pair.title.isEmpty ? s.pair.name : s.pair.title
        var x = grid.text(" \(name)", area.x, y, theme.title, in: area)
        x = grid.text(c.dirty ? "  modified" : "", x, y, theme.warn, in: area)
        y += 1
        let valueX = area.x + 7
        for field in ComposerState.Field.allCases {
            guard y < area.y + area.height else { break }
            let selected = field == c.field && s.focus == .composer
            grid.text(selected ? theme.pointer : " ", area.x, y, theme.accent, in: area)
            grid.text(field.label, area.x + 1, y, selected ? Style(attrs: .bold) : theme.label, in: area)
            let width = area.x + area.width - valueX
            if selected, let editor = c.editor {
                drawEditor(editor, &grid, valueX, y, width, theme: theme, area: area)
            } else {
                var text = c.text(of: field)
                var style = Style.plain
                if field == .prox && s.pair.prox == nil { text = "sign (assumed; x sets none)"; style = theme.dim }
                if field == .clip && s.pair.latentClip == nil { text = "none"; style = theme.dim }
                if field == .backwardAt { text += s.pair.backwardAt == .latent ? "   (x = theta)" : "   (x = P(theta))" }
                if s.lesson?.hides(AppState.control(of: field)) == true { text = "hidden by the lesson"; style = theme.dim }
                grid.text(fit(text, width, unicode: theme.unicode), valueX, y, style, in: area)
                if selected && field.isText {
                    let ranges = NumberLiterals.find(in: text)
                    if c.parameterIndex < ranges.count {
                        let r = ranges[c.parameterIndex]
                        grid.restyle(Rect(x: valueX + r.lowerBound, y: y, width: min(r.count, max(0, width - r.lowerBound)), height: 1)) {
                            $0.attrs.insert(.underline)
                            $0.attrs.insert(.bold)
                        }
                    }
                }
            }
            y += 1
            if selected, let error = c.error, c.editor != nil, y + 1 < area.y + area.height {
                grid.text(String(repeating: " ", count: max(0, error.column - 1)) + "^", valueX, y, theme.error, in: area)
                y += 1
                grid.text(fit("column \(error.column): \(error.message)", area.width - 2, unicode: theme.unicode), area.x + 1, y, theme.error, in: area)
                y += 1
            }
        }
        let bottom = area.y + area.height - 1
        if bottom > y {
            let hint = c.editor != nil ? "Enter apply  Esc cancel  ←→ move" : "pieces: " + PieceCatalog.all.map(\.name).joined(separator: " ")
            grid.text(fit(hint, area.width - 1, unicode: theme.unicode), area.x + 1, bottom, theme.dim, in: area)
        }
    }

    static func drawEditor(_ e: TextField, _ grid: inout CellGrid, _ x: Int, _ y: Int, _ width: Int, theme: Theme, area: Rect) {
        // Scroll so the cursor stays visible in long expressions.
        let start = max(0, e.cursor - width + 2)
        let visible = String(e.characters.dropFirst(start).prefix(width))
        grid.text(visible, x, y, Style(attrs: .underline), in: area)
        let cx = x + e.cursor - start
        if cx < area.x + area.width {
            let ch: Character = e.cursor < e.characters.count ? e.characters[e.cursor] : " "
            grid.set(Cell(ch, style: theme.selected), x: cx, y: y, clip: area)
        }
    }
}
