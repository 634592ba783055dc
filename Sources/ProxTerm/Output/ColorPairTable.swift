import ProxPlot

/// Hands out ncurses colour pairs for (foreground, background) combinations
/// as they are first drawn; pure bookkeeping, so `Terminal` does the
/// `init_extended_pair` calls and tests check the allocation with real
/// values.
///
/// ncurses draws colour only through numbered pairs, and a terminal has a
/// fixed number of them (`COLOR_PAIRS`: 64 for `TERM=xterm`, 65536 for
/// `xterm-256color` with ncurses 6). Pair 0 is always the terminal's default
/// colours. Pairs are allocated lazily, so only combinations that are on
/// screen use one; a full 256x256 table never exists.
///
/// When every pair is taken, a new combination falls back to the pair of its
/// foreground on the default background, else its background under the
/// default foreground, else pair 0: the text stays legible and the
/// allocation never fails. (Re-initialising a pair in use would recolour
/// everything already drawn with it, so pairs are never evicted.)
///
/// Colour numbers: `.default` is -1 when the terminal accepts
/// `use_default_colors` (else white on black, 7 and 0); `.ansi(n)` is n on a
/// terminal with 16 or more colours; on an 8-colour terminal bright colours
/// 8...15 become 0...7, and a bright foreground asks for bold instead (the
/// classic way to get bright text there); `.indexed(n)` is n on a
/// 256-colour terminal and is degraded to the nearest ANSI colour otherwise.
public struct ColorPairTable: Sendable {
    /// One answer: the pair to draw with, and whether to add bold to stand
    /// in for a bright foreground on an 8-colour terminal.
    public struct Pair: Hashable, Sendable {
        public var number: Int32
        public var bold: Bool
        public init(number: Int32, bold: Bool) {
            self.number = number
            self.bold = bold
        }
    }

    /// A pair the caller must now create: `init_extended_pair(number, foreground, background)`.
    public struct Allocation: Hashable, Sendable {
        public var number: Int32
        public var foreground: Int32
        public var background: Int32
        public init(number: Int32, foreground: Int32, background: Int32) {
            self.number = number
            self.foreground = foreground
            self.background = background
        }
    }

    /// Colours the terminal has (`COLORS`).
    public let colors: Int
    /// Pairs the terminal has (`COLOR_PAIRS`), pair 0 included.
    public let capacity: Int
    /// Whether -1 means "the terminal's default colour" (`use_default_colors` succeeded).
    public let defaultColors: Bool
    /// Pairs handed out so far, pair 0 not counted.
    public private(set) var allocated = 0

    /// Resolved pair per (foreground + 1) * 257 + (background + 1), with
    /// colour numbers -1...255; `unknown` where not yet asked.
    private var cache: [Int32]
    private static let unknown = Int32.min

    public init(colors: Int, pairs: Int, defaultColors: Bool) {
        self.colors = colors
        self.capacity = max(1, pairs)
        self.defaultColors = defaultColors
        cache = Array(repeating: Self.unknown, count: 257 * 257)
        let (f, b) = defaultColors ? (Int32(-1), Int32(-1)) : (Int32(7), Int32(0))
        cache[Self.key(f, b)] = 0
    }

    /// The colour number of `color` as a foreground (with the bold stand-in
    /// for bright on 8-colour terminals) or as a background.
    public func number(_ color: TermColor, foreground: Bool) -> (number: Int32, bold: Bool) {
        guard colors >= 8 else { return (defaultColors ? -1 : (foreground ? 7 : 0), false) }
        var c = color
        if case .indexed(let n) = c, colors < 256 { c = TermColor.indexed(n).degraded(to: .ansi16) }
        switch c {
        case .default:
            return (defaultColors ? -1 : (foreground ? 7 : 0), false)
        case .ansi(let raw):
            let n = Int32(raw & 15)
            if colors >= 16 || n < 8 { return (n, false) }
            return (n - 8, foreground)
        case .indexed(let n):
            return (Int32(n), false)
        }
    }

    /// The pair for `fg` on `bg` (colours as they should appear, already
    /// degraded to the terminal's mode), and the allocation the caller must
    /// carry out when the pair is new.
    public mutating func pair(fg: TermColor, bg: TermColor) -> (pair: Pair, allocation: Allocation?) {
        let (f, bold) = number(fg, foreground: true)
        let (b, _) = number(bg, foreground: false)
        let k = Self.key(f, b)
        let cached = cache[k]
        if cached != Self.unknown { return (Pair(number: cached, bold: bold), nil) }
        if allocated + 1 < capacity {
            allocated += 1
            let n = Int32(allocated)
            cache[k] = n
            return (Pair(number: n, bold: bold), Allocation(number: n, foreground: f, background: b))
        }
        let d: Int32 = defaultColors ? -1 : 7
        let fallback = [cache[Self.key(f, defaultColors ? -1 : 0)], cache[Self.key(d, b)]]
            .first { $0 != Self.unknown } ?? 0
        cache[k] = fallback
        return (Pair(number: fallback, bold: bold), nil)
    }

    @inline(__always)
    private static func key(_ f: Int32, _ b: Int32) -> Int {
        Int(f + 1) * 257 + Int(b + 1)
    }
}
