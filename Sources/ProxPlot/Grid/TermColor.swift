/// A terminal colour as the terminal itself names it: the default colour, one
/// of the 16 ANSI colours, or an index into the xterm 256-colour palette.
///
/// Colours are palette indices rather than RGB because that is what every
/// terminal in reach understands (ncurses colour pairs, SGR 38;5;n) and
/// because it keeps a `Cell` a few bytes wide. Use `degraded(to:)` before
/// emitting a colour to a terminal with fewer colours.
public enum TermColor: Hashable, Sendable {
    /// The terminal's own foreground or background colour.
    case `default`
    /// One of the 16 ANSI colours, 0...15 (values above 15 are read modulo 16).
    case ansi(UInt8)
    /// One of the 256 xterm colours: 0...15 are the ANSI colours, 16...231 a
    /// 6x6x6 colour cube, 232...255 a grey ramp.
    case indexed(UInt8)

    public static let black = TermColor.ansi(0)
    public static let red = TermColor.ansi(1)
    public static let green = TermColor.ansi(2)
    public static let yellow = TermColor.ansi(3)
    public static let blue = TermColor.ansi(4)
    public static let magenta = TermColor.ansi(5)
    public static let cyan = TermColor.ansi(6)
    public static let white = TermColor.ansi(7)
    public static let brightBlack = TermColor.ansi(8)
    public static let brightRed = TermColor.ansi(9)
    public static let brightGreen = TermColor.ansi(10)
    public static let brightYellow = TermColor.ansi(11)
    public static let brightBlue = TermColor.ansi(12)
    public static let brightMagenta = TermColor.ansi(13)
    public static let brightCyan = TermColor.ansi(14)
    public static let brightWhite = TermColor.ansi(15)
}

// MARK: - Degradation

extension TermColor {
    /// The colour a terminal in `mode` should show instead of this one.
    ///
    /// The chain is 256 -> 16 -> none:
    /// - `.ansi256` keeps every colour;
    /// - `.ansi16` keeps ANSI colours, maps indices 0...15 to the same ANSI
    ///   colour, and maps the cube and grey ramp to the ANSI colour nearest in
    ///   RGB under the xterm default palette (a "redmean" weighted distance,
    ///   which tracks perceived difference better than plain Euclidean RGB);
    /// - `.none` turns every colour into `.default` (NO_COLOR).
    ///
    /// Widgets that care about how they look at 16 colours (the series
    /// palette, ramps) carry a hand-picked fallback instead of relying on the
    /// nearest match, which tends to collapse dark shades to black.
    public func degraded(to mode: ColorMode) -> TermColor {
        switch (mode, self) {
        case (.none, _), (_, .default): return .default
        case (.ansi256, _): return self
        case (.ansi16, .ansi(let n)): return .ansi(n & 15)
        case (.ansi16, .indexed(let n)): return .ansi(TermColor.nearestANSI[Int(n)])
        }
    }

    /// The approximate RGB value of the colour in xterm's default palette, or
    /// nil for `.default`.
    public var rgb: (r: UInt8, g: UInt8, b: UInt8)? {
        switch self {
        case .default: return nil
        case .ansi(let n): return TermColor.ansiRGB[Int(n & 15)]
        case .indexed(let n): return TermColor.xtermRGB(n)
        }
    }

    /// xterm's default colours for the 16 ANSI slots.
    static let ansiRGB: [(r: UInt8, g: UInt8, b: UInt8)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0),
        (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0),
        (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]

    static func xtermRGB(_ n: UInt8) -> (r: UInt8, g: UInt8, b: UInt8) {
        let i = Int(n)
        if i < 16 { return ansiRGB[i] }
        if i >= 232 {
            let v = UInt8(8 + 10 * (i - 232))
            return (v, v, v)
        }
        let levels: [UInt8] = [0, 95, 135, 175, 215, 255]
        let c = i - 16
        return (levels[c / 36], levels[(c / 6) % 6], levels[c % 6])
    }

    /// Precomputed once: the nearest ANSI colour for each of the 256 indices.
    static let nearestANSI: [UInt8] = (0..<256).map { i in
        if i < 16 { return UInt8(i) }
        let c = xtermRGB(UInt8(i))
        var best = 0, bestDistance = Int.max
        for (k, a) in ansiRGB.enumerated() {
            let d = redmean(c, a)
            if d < bestDistance { best = k; bestDistance = d }
        }
        return UInt8(best)
    }

    /// Squared "redmean" colour distance (scaled by 256): a cheap
    /// approximation of perceived difference that weights green most and
    /// shifts weight between red and blue with the mean red level.
    static func redmean(_ a: (r: UInt8, g: UInt8, b: UInt8), _ b: (r: UInt8, g: UInt8, b: UInt8)) -> Int {
        let rm = (Int(a.r) + Int(b.r)) / 2
        let dr = Int(a.r) - Int(b.r), dg = Int(a.g) - Int(b.g), db = Int(a.b) - Int(b.b)
        return ((512 + rm) * dr * dr) + 1024 * dg * dg + ((767 - rm) * db * db)
    }
}
