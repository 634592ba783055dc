// MARK: - ANSI output

extension CellGrid {
    /// The grid as text with SGR escape sequences, one line per row, for
    /// printing to a terminal outside ncurses (the CLI's reports and plots).
    ///
    /// Colours are first degraded to `mode`. Sequences are emitted only where
    /// the style changes; switching colours or adding attributes changes just
    /// those parameters, and a full reset (`ESC[0m`) is used only when an
    /// attribute has to be turned off or a row ends in a non-default style,
    /// so that a line never bleeds colour into whatever the terminal prints
    /// next. Rows keep their trailing spaces: they may carry a background.
    public func ansiText(mode: ColorMode) -> String {
        var out = String.UnicodeScalarView()
        out.reserveCapacity(width * height + height * 8)
        for y in 0..<height {
            var current = Style.plain
            let row = y * width
            for x in 0..<width {
                let cell = cells[row + x]
                let style = cell.style.degraded(to: mode)
                if style != current {
                    out.append(contentsOf: CellGrid.sgr(from: current, to: style).unicodeScalars)
                    current = style
                }
                out.append(cell.scalar)
            }
            if current != .plain { out.append(contentsOf: "\u{1B}[0m".unicodeScalars) }
            if y + 1 < height { out.append("\n") }
        }
        return String(out)
    }

    /// The shortest simple SGR sequence that turns style `a` into style `b`.
    static func sgr(from a: Style, to b: Style) -> String {
        var codes: [String] = []
        var base = a
        if !a.attrs.subtracting(b.attrs).isEmpty {
            codes.append("0")
            base = .plain
        }
        let added = b.attrs.subtracting(base.attrs)
        if added.contains(.bold) { codes.append("1") }
        if added.contains(.dim) { codes.append("2") }
        if added.contains(.underline) { codes.append("4") }
        if added.contains(.reverse) { codes.append("7") }
        if b.fg != base.fg { codes.append(sgrColor(b.fg, foreground: true)) }
        if b.bg != base.bg { codes.append(sgrColor(b.bg, foreground: false)) }
        return "\u{1B}[" + codes.joined(separator: ";") + "m"
    }

    static func sgrColor(_ color: TermColor, foreground: Bool) -> String {
        switch color {
        case .default: return foreground ? "39" : "49"
        case .ansi(let n):
            let n = Int(n & 15)
            if n < 8 { return String((foreground ? 30 : 40) + n) }
            return String((foreground ? 90 : 100) + n - 8)
        case .indexed(let n): return (foreground ? "38;5;" : "48;5;") + String(n)
        }
    }
}
