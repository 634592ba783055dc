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
    ///
    /// Built as UTF-8 bytes and decoded once: appending scalars to a String
    /// one by one costs several times more on a full screen.
    public func ansiText(mode: ColorMode) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(width * height * 4 + height * 16)
        for y in 0..<height {
            var current = Style.plain
            let row = y * width
            for x in 0..<width {
                let cell = cells[row + x]
                let style = mode == .ansi256 ? cell.style : cell.style.degraded(to: mode)
                if style != current {
                    CellGrid.appendSGR(from: current, to: style, into: &out)
                    current = style
                }
                CellGrid.appendUTF8(cell.scalar, into: &out)
            }
            if current != .plain { out.append(contentsOf: [0x1B, 0x5B, 0x30, 0x6D]) }  // ESC [ 0 m
            if y + 1 < height { out.append(0x0A) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    @inline(__always)
    static func appendUTF8(_ scalar: Unicode.Scalar, into out: inout [UInt8]) {
        let v = scalar.value
        switch v {
        case 0..<0x80:
            out.append(UInt8(v))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | (v >> 6)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | (v >> 12)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        default:
            out.append(UInt8(0xF0 | (v >> 18)))
            out.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        }
    }

    /// Appends the shortest simple SGR sequence that turns style `a` into `b`.
    static func appendSGR(from a: Style, to b: Style, into out: inout [UInt8]) {
        out.append(0x1B)
        out.append(0x5B)  // "["
        var first = true
        func code(_ n: Int) {
            if !first { out.append(0x3B) }  // ";"
            first = false
            if n >= 100 { out.append(UInt8(0x30 + n / 100)) }
            if n >= 10 { out.append(UInt8(0x30 + (n / 10) % 10)) }
            out.append(UInt8(0x30 + n % 10))
        }
        var base = a
        if !a.attrs.subtracting(b.attrs).isEmpty {
            code(0)
            base = .plain
        }
        let added = b.attrs.subtracting(base.attrs)
        if added.contains(.bold) { code(1) }
        if added.contains(.dim) { code(2) }
        if added.contains(.underline) { code(4) }
        if added.contains(.reverse) { code(7) }
        for (color, was, foreground) in [(b.fg, base.fg, true), (b.bg, base.bg, false)] where color != was {
            switch color {
            case .default: code(foreground ? 39 : 49)
            case .ansi(let n):
                let n = Int(n & 15)
                code(n < 8 ? (foreground ? 30 : 40) + n : (foreground ? 90 : 100) + n - 8)
            case .indexed(let n):
                code(foreground ? 38 : 48)
                code(5)
                code(Int(n))
            }
        }
        out.append(0x6D)  // "m"
    }
}
