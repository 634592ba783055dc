import ProxPlot

/// A pane's frame: a rounded box with the title in the top edge. The
/// focused pane's frame is bright and bold (bold and a reversed title
/// without colour). Returns the inner area.
@discardableResult
func drawBox(_ grid: inout CellGrid, _ rect: Rect, title: String, focused: Bool, theme: Theme, hint: String? = nil) -> Rect {
    guard rect.width >= 2, rect.height >= 2 else { return Rect(x: rect.x, y: rect.y, width: 0, height: 0) }
    let style = focused ? theme.focusedBorder : theme.border
    let (tl, tr, bl, br, h, v): (Character, Character, Character, Character, Character, Character) =
        theme.unicode ? ("╭", "╮", "╰", "╯", "─", "│") : ("+", "+", "+", "+", "-", "|")
    let x0 = rect.x, y0 = rect.y, x1 = rect.x + rect.width - 1, y1 = rect.y + rect.height - 1
    for x in x0...x1 {
        grid.set(Cell(h, style: style), x: x, y: y0)
        grid.set(Cell(h, style: style), x: x, y: y1)
    }
    for y in y0...y1 {
        grid.set(Cell(v, style: style), x: x0, y: y)
        grid.set(Cell(v, style: style), x: x1, y: y)
    }
    grid.set(Cell(tl, style: style), x: x0, y: y0)
    grid.set(Cell(tr, style: style), x: x1, y: y0)
    grid.set(Cell(bl, style: style), x: x0, y: y1)
    grid.set(Cell(br, style: style), x: x1, y: y1)
    let clip = Rect(x: x0 + 1, y: y0, width: max(0, rect.width - 2), height: 1)
    grid.put(" \(title) ", x: x0 + 1, y: y0, style: focused ? theme.focusedTitle : theme.title, clip: clip)
    if let hint, hint.count + title.count + 6 < rect.width {
        grid.put(" \(hint) ", x: x1 - hint.count - 2, y: y0, style: theme.dim, clip: clip)
    }
    return Rect(x: x0 + 1, y: y0 + 1, width: max(0, rect.width - 2), height: max(0, rect.height - 2))
}

extension CellGrid {
    /// Text clipped to the area's width; returns the next column.
    @discardableResult
    mutating func text(_ s: String, _ x: Int, _ y: Int, _ style: Style = .plain, in area: Rect) -> Int {
        guard y >= area.y, y < area.y + area.height else { return x }
        return put(s, x: x, y: y, style: style, clip: area)
    }
}

/// Cuts text to n characters, marking the cut.
func fit(_ s: String, _ n: Int, unicode: Bool = true) -> String {
    guard n > 0 else { return "" }
    if s.count <= n { return s }
    return String(s.prefix(max(0, n - 1))) + (unicode ? "…" : "~")
}
