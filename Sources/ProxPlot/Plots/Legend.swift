/// A one-row key: a swatch and a name per entry, two spaces apart.
///
/// Entries are laid out left to right and cut at the edge of the row; a name
/// that does not fit whole is shortened with "…" if at least three characters
/// of it fit, otherwise dropped with everything after it.
struct Legend {
    struct Entry {
        var swatch: [Cell]
        var name: String
        var style: Style
    }

    var entries: [Entry] = []

    func draw(into grid: inout CellGrid, x: Int, y: Int, clip: Rect) {
        var cx = x
        let end = min(clip.maxX, grid.width)
        for (i, entry) in entries.enumerated() {
            if i > 0 { cx += 2 }
            let room = end - cx - entry.swatch.count - 1
            guard room >= min(3, entry.name.count) else { return }
            for cell in entry.swatch {
                grid.set(cell, x: cx, y: y, clip: clip)
                cx += 1
            }
            cx += 1
            var name = entry.name
            if name.count > room { name = String(name.prefix(room - 1)) + "…" }
            cx = grid.put(name, x: cx, y: y, style: entry.style, clip: clip)
        }
    }
}
