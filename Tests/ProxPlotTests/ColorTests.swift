import ProxPlot
import Testing

@Suite("Colours and ANSI output")
struct ColorTests {
    /// Expected nearest ANSI colours under xterm's default palette.
    static let degradations: [(UInt8, UInt8)] = [
        (9, 9),      // indices 0...15 are the ANSI colours themselves
        (196, 9),    // #ff0000 -> bright red
        (46, 10),    // #00ff00 -> bright green
        (51, 14),    // #00ffff -> bright cyan
        (21, 4),     // #0000ff -> blue (0,0,238), much nearer than bright blue (92,92,255)
        (16, 0),     // #000000 -> black
        (232, 0),    // #080808 -> black
        (244, 8),    // #808080 -> bright black (127,127,127)
        (255, 7),    // #eeeeee -> white (229,229,229)
        (231, 15),   // #ffffff -> bright white
        (17, 0),     // #00005f -> black: nearest, which is why the palette names its own fallbacks
        (220, 11),   // #ffd700 -> bright yellow
    ]

    @Test(arguments: degradations)
    func nearestANSI(index: UInt8, ansi: UInt8) {
        #expect(TermColor.indexed(index).degraded(to: .ansi16) == .ansi(ansi))
    }

    @Test func degradationChain() {
        let c = TermColor.indexed(203)
        #expect(c.degraded(to: .ansi256) == c)
        #expect(c.degraded(to: .none) == .default)
        #expect(TermColor.red.degraded(to: .ansi16) == .red)
        #expect(TermColor.default.degraded(to: .ansi16) == .default)
        #expect(SeriesPalette.cyan.color(.ansi16) == .brightCyan)
        #expect(SeriesPalette.cyan.color(.none) == .default)
    }

    @Test func paletteStaysDistinctAtEveryDepth() {
        for mode in [ColorMode.ansi16, .ansi256] {
            let colors = SeriesPalette.colors.map { $0.color(mode) }
            #expect(Set(colors).count == colors.count, "\(mode)")
        }
        #expect(Set(SeriesPalette.markers).count == SeriesPalette.markers.count)
    }

    @Test func detectModeFromEnvironment() {
        #expect(ColorMode.detect(environment: ["TERM": "xterm-256color"]) == .ansi256)
        #expect(ColorMode.detect(environment: ["TERM": "xterm", "COLORTERM": "truecolor"]) == .ansi256)
        #expect(ColorMode.detect(environment: ["TERM": "xterm"]) == .ansi16)
        #expect(ColorMode.detect(environment: ["TERM": "xterm-256color", "NO_COLOR": "1"]) == .none)
        #expect(ColorMode.detect(environment: ["TERM": "dumb"]) == .none)
        #expect(ColorMode.detect(environment: [:]) == .none)
    }

    @Test func ansiTextEmitsOnlyChanges() {
        var grid = CellGrid(width: 3, height: 2)
        grid.put("a", x: 0, y: 0, style: Style(fg: .red, attrs: [.bold]))
        grid.put("b", x: 1, y: 0, style: .fg(.red))
        grid.put("xy", x: 0, y: 1, style: Style(bg: .indexed(19)))
        let esc = "\u{1B}["
        // bold red -> red needs a reset (bold must go off); red -> plain and
        // background -> plain need only the default colour back.
        #expect(grid.ansiText(mode: .ansi256) ==
                "\(esc)1;31ma\(esc)0;31mb\(esc)39m \n\(esc)48;5;19mxy\(esc)49m ")
        // 16 colours: index 19 (#0000af) becomes blue.
        #expect(grid.ansiText(mode: .ansi16) ==
                "\(esc)1;31ma\(esc)0;31mb\(esc)39m \n\(esc)44mxy\(esc)49m ")
        // No colour: attributes only.
        #expect(grid.ansiText(mode: .none) == "\(esc)1ma\(esc)0mb \nxy ")
    }

    @Test func ansiTextResetsAtTheEndOfAStyledRow() {
        var grid = CellGrid(width: 2, height: 1)
        grid.put("ok", x: 0, y: 0, style: .fg(.indexed(220)))
        #expect(grid.ansiText(mode: .ansi256) == "\u{1B}[38;5;220mok\u{1B}[0m")
        #expect(grid.ansiText(mode: .ansi16) == "\u{1B}[93mok\u{1B}[0m")
    }
}
