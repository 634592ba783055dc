import ProxCore
import ProxPlot

/// Every check of docs/THEORY.md section 4 as one line with its mark and
/// witness (the checks the verdict's route requires in bold), then the
/// verdict, what exactly it proves, and the notes. Recomputed in `update`
/// whenever the pair changes, so it is never a frame behind the composer.
enum ChecksPane {
    static func render(_ s: AppState, into grid: inout CellGrid, _ rect: Rect, theme: Theme) {
        let r = s.report
        let area = drawBox(&grid, rect, title: "Checks", focused: s.focus == .checks, theme: theme,
                           hint: r.proxDeclared ? "P = \(fit(r.prox, 14, unicode: theme.unicode))" : "P = sign (assumed)")
        var y = area.y
        let idWidth = 14
        for result in r.results {
            guard y < area.y + area.height - 1 else { break }
            grid.text(result.passed ? theme.passMark : theme.failMark, area.x + 1, y, result.passed ? theme.pass : theme.fail, in: area)
            grid.text(result.id, area.x + 3, y, result.required ? Style(attrs: .bold) : .plain, in: area)
            let detailX = area.x + 3 + idWidth + 1
            grid.text(fit(result.detail, area.x + area.width - detailX, unicode: theme.unicode), detailX, y, theme.dim, in: area)
            y += 1
        }
        if y + 1 < area.y + area.height { y += 1 }
        if y < area.y + area.height {
            let guaranteed = r.verdict == .guaranteed
            var x = grid.text(" verdict: ", area.x, y, theme.title, in: area)
            x = grid.text(r.verdict.rawValue, x, y, theme.verdict(guaranteed), in: area)
            let failing = r.failing
            if !guaranteed {
                grid.text(fit("  needs \(r.failingRequired.joined(separator: ", "))", area.x + area.width - x, unicode: theme.unicode), x, y, theme.dim, in: area)
            } else if !failing.isEmpty {
                grid.text(fit("  (\(failing.joined(separator: ", ")) fails; not required)", area.x + area.width - x, unicode: theme.unicode), x, y, theme.dim, in: area)
            }
            y += 1
        }
        for note in ["claim: " + r.claim] + r.notes.map({ "note: " + $0 }) {
            for line in wrap(note, width: area.width - 2) {
                guard y < area.y + area.height else { return }
                grid.text(line, area.x + 1, y, theme.dim, in: area)
                y += 1
            }
        }
    }
}

/// Greedy word wrap.
func wrap(_ text: String, width: Int) -> [String] {
    guard width > 4 else { return [] }
    var lines: [String] = []
    var line = ""
    for word in text.split(separator: " ") {
        if line.isEmpty { line = String(word) }
        else if line.count + 1 + word.count <= width { line += " " + word }
        else { lines.append(line); line = String(word) }
        while line.count > width { lines.append(String(line.prefix(width))); line = String(line.dropFirst(width)) }
    }
    if !line.isEmpty { lines.append(line) }
    return lines
}
