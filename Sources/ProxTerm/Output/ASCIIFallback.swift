import ProxPlot

/// ASCII stand-ins for the non-ASCII characters the workbench draws, used
/// when the locale is not UTF-8 (`LANG=C`): there ncurses cannot write wide
/// characters (they vanish or turn into escape garbage), so `Terminal` draws
/// every non-ASCII cell through this table and the screen stays readable.
///
/// Each stand-in is one column wide, like the character it replaces, so
/// layout does not move. The table:
///
/// | characters | stand-in |
/// |---|---|
/// | braille U+2800... | by where the dots are: none " ", 6 or more "#", only the upper two rows "'", only the lower two rows ".", otherwise ":" |
/// | box drawing, horizontal (─ ━ ┄ ╌ ╴ ╶ ...) | "-" ("=" for ═) |
/// | box drawing, vertical (│ ┃ ┆ ╎ ╵ ╷ ...) | "|" |
/// | box drawing, corners, tees, crosses (┌ ┤ ┬ ┼ ╭ ...) | "+" |
/// | box drawing diagonals ╱ ╲ ╳ | "/" "\" "X" |
/// | lower blocks ▁▂ ▃▄ ▅▆ ▇█ | "_" "-" "=" "#" |
/// | upper blocks ▀ ▔ | "\"" |
/// | left and right blocks | "#" from half width up, "|" when thinner |
/// | shades ░ ▒ ▓ | "." ":" "#" |
/// | quadrants | lower "." upper "'" diagonal ":" three "#" |
/// | geometric shapes ■ ▲ ▶ ▼ ◀ ◆ ○ ● | "#" "^" ">" "v" "<" "*" "o" "*" (others "*") |
/// | arrows ← ↑ → ↓ ↔ ↕ | "<" "^" ">" "v" "-" "|" |
/// | punctuation • · … – — ‘ ’ “ ” ′ | "*" "." "." "-" "-" "'" "'" "\"" "\"" "'" |
/// | maths − × ÷ ± ≤ ≥ ≈ ≠ ∞ √ ° ² ³ ¹ | "-" "x" "/" "+" "<" ">" "~" "!" "8" "v" "o" "2" "3" "1" |
/// | marks ✓ ✔ ✗ ✘ ⚠ | "v" "v" "x" "x" "!" |
/// | Greek α β γ δ ε θ λ μ µ π σ τ φ ω | a b g d e o l u u p s t f w |
/// | anything else non-ASCII | "?" |
///
/// ASCII control characters become spaces (a cell is one column), other
/// ASCII passes through.
public enum ASCIIFallback {
    /// The one-column ASCII character to show instead of `s`.
    public static func scalar(for s: Unicode.Scalar) -> Unicode.Scalar {
        let v = s.value
        if v < 0x80 { return v < 0x20 || v == 0x7F ? " " : s }
        switch v {
        case 0x2800...0x28FF: return braille(UInt8(v - 0x2800))
        case 0x2500...0x257F: return boxDrawing(v)
        case 0x2580...0x259F: return block(v)
        case 0x25A0...0x25FF: return geometric(v)
        default: return other(v)
        }
    }

    /// A copy of `grid` with every cell's character replaced by its stand-in
    /// (styles kept): what a non-UTF-8 terminal shows, for tests and previews.
    public static func apply(to grid: CellGrid) -> CellGrid {
        var out = grid
        for i in out.cells.indices where out.cells[i].scalar.value >= 0x80 || out.cells[i].scalar.value < 0x20 {
            out.cells[i].scalar = scalar(for: out.cells[i].scalar)
        }
        return out
    }

    // Braille bits follow Unicode's dot numbering: bit 0...7 = dots 1...8,
    // dots 1 2 3 7 down the left column and 4 5 6 8 down the right.
    private static let upperDots: UInt8 = 0b0001_1011  // dots 1 2 4 5
    private static let lowerDots: UInt8 = 0b1110_0100  // dots 3 6 7 8

    static func braille(_ bits: UInt8) -> Unicode.Scalar {
        if bits == 0 { return " " }
        if bits.nonzeroBitCount >= 6 { return "#" }
        if bits & lowerDots == 0 { return "'" }
        if bits & upperDots == 0 { return "." }
        return ":"
    }

    static func boxDrawing(_ v: UInt32) -> Unicode.Scalar {
        switch v {
        case 0x2550: return "="
        case 0x2500, 0x2501, 0x2504, 0x2505, 0x2508, 0x2509, 0x254C, 0x254D,
             0x2574, 0x2576, 0x2578, 0x257A, 0x257C, 0x257E:
            return "-"
        case 0x2502, 0x2503, 0x2506, 0x2507, 0x250A, 0x250B, 0x254E, 0x254F, 0x2551,
             0x2575, 0x2577, 0x2579, 0x257B, 0x257D, 0x257F:
            return "|"
        case 0x2571: return "/"
        case 0x2572: return "\\"
        case 0x2573: return "X"
        default: return "+"
        }
    }

    static func block(_ v: UInt32) -> Unicode.Scalar {
        switch v {
        case 0x2580, 0x2594: return "\""              // ▀ ▔
        case 0x2581, 0x2582: return "_"               // ▁ ▂
        case 0x2583, 0x2584: return "-"               // ▃ ▄
        case 0x2585, 0x2586: return "="               // ▅ ▆
        case 0x2587, 0x2588: return "#"               // ▇ █
        case 0x2589...0x258C, 0x2590: return "#"      // ▉ ▊ ▋ ▌ ▐
        case 0x258D...0x258F, 0x2595: return "|"      // ▍ ▎ ▏ ▕
        case 0x2591: return "."                       // ░
        case 0x2592: return ":"                       // ▒
        case 0x2593: return "#"                       // ▓
        case 0x2596, 0x2597: return "."               // ▖ ▗
        case 0x2598, 0x259D: return "'"               // ▘ ▝
        case 0x259A, 0x259E: return ":"               // ▚ ▞
        default: return "#"                           // ▙ ▛ ▜ ▟
        }
    }

    static func geometric(_ v: UInt32) -> Unicode.Scalar {
        switch v {
        case 0x25A0...0x25A9, 0x25AA, 0x25AB, 0x25AC...0x25AF: return "#"   // squares, rectangles
        case 0x25B2, 0x25B3, 0x25B4, 0x25B5: return "^"
        case 0x25B6...0x25BB: return ">"
        case 0x25BC...0x25BF: return "v"
        case 0x25C0...0x25C5: return "<"
        case 0x25CB, 0x25E6, 0x25EF: return "o"    // ○ ◦ ◯
        case 0x25C9, 0x25CE: return "@"            // ◉ ◎
        default: return "*"                        // ◆ ◇ ● ...
        }
    }

    static func other(_ v: UInt32) -> Unicode.Scalar {
        switch v {
        case 0x2190: return "<"
        case 0x2191: return "^"
        case 0x2192: return ">"
        case 0x2193: return "v"
        case 0x2194: return "-"
        case 0x2195: return "|"
        case 0x2022, 0x2023, 0x2043: return "*"
        case 0x00B7, 0x2026, 0x2219: return "."
        case 0x2010...0x2015, 0x2212: return "-"
        case 0x2018, 0x2019, 0x2032: return "'"
        case 0x201C, 0x201D, 0x2033: return "\""
        case 0x00D7: return "x"
        case 0x00F7: return "/"
        case 0x00B1: return "+"
        case 0x2264: return "<"
        case 0x2265: return ">"
        case 0x2248: return "~"
        case 0x2260: return "!"
        case 0x221E: return "8"
        case 0x221A: return "v"
        case 0x00B0: return "o"
        case 0x00B2: return "2"
        case 0x00B3: return "3"
        case 0x00B9: return "1"
        case 0x00A0: return " "
        case 0x2713, 0x2714: return "v"
        case 0x2717, 0x2718: return "x"
        case 0x26A0: return "!"
        case 0x03B1: return "a"
        case 0x03B2: return "b"
        case 0x03B3: return "g"
        case 0x03B4: return "d"
        case 0x03B5: return "e"
        case 0x03B8: return "o"
        case 0x03BB: return "l"
        case 0x03BC, 0x00B5: return "u"
        case 0x03C0: return "p"
        case 0x03C3: return "s"
        case 0x03C4: return "t"
        case 0x03C6: return "f"
        case 0x03C9: return "w"
        default: return "?"
        }
    }
}
