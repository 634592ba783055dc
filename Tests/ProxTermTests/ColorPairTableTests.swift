import ProxPlot
import ProxTerm
import Testing

@Suite struct ColorPairTableTests {
    @Test func pairsAreAllocatedOnFirstUseAndCached() {
        var table = ColorPairTable(colors: 256, pairs: 65536, defaultColors: true)
        let a = table.pair(fg: .default, bg: .default)
        #expect(a.pair.number == 0 && a.allocation == nil)  // pair 0 is the default
        let b = table.pair(fg: .red, bg: .default)
        #expect(b.pair == .init(number: 1, bold: false))
        #expect(b.allocation == .init(number: 1, foreground: 1, background: -1))
        let c = table.pair(fg: .indexed(208), bg: .ansi(4))
        #expect(c.allocation == .init(number: 2, foreground: 208, background: 4))
        let again = table.pair(fg: .red, bg: .default)
        #expect(again.pair.number == 1 && again.allocation == nil)
        #expect(table.allocated == 2)
    }

    @Test func eightColourTerminalsFoldBrightColours() {
        var table = ColorPairTable(colors: 8, pairs: 64, defaultColors: true)
        let bright = table.pair(fg: .brightRed, bg: .brightBlue)
        #expect(bright.pair.bold)  // bright foreground becomes bold red
        #expect(bright.allocation == .init(number: 1, foreground: 1, background: 4))
        // 256-colour indices are degraded to the nearest ANSI colour first (196 is pure red: bright red).
        let indexed = table.pair(fg: .indexed(196), bg: .default)
        #expect(indexed.pair.bold)
        #expect(indexed.allocation == .init(number: 2, foreground: 1, background: -1))
        #expect(table.number(.ansi(9), foreground: false) == (1, false))
    }

    @Test func withoutDefaultColorsTheDefaultIsWhiteOnBlack() {
        var table = ColorPairTable(colors: 16, pairs: 64, defaultColors: false)
        #expect(table.pair(fg: .default, bg: .default).pair.number == 0)
        #expect(table.pair(fg: .white, bg: .black).pair.number == 0)
        #expect(table.pair(fg: .red, bg: .default).allocation == .init(number: 1, foreground: 1, background: 0))
    }

    @Test func exhaustedTableFallsBackWithoutFailing() {
        // Four pairs: 0 plus three to hand out.
        var table = ColorPairTable(colors: 256, pairs: 4, defaultColors: true)
        _ = table.pair(fg: .red, bg: .default)      // 1
        _ = table.pair(fg: .default, bg: .blue)     // 2
        _ = table.pair(fg: .green, bg: .yellow)     // 3
        #expect(table.allocated == 3)
        // Full: red on blue falls back to red on the default background...
        #expect(table.pair(fg: .red, bg: .blue) == (ColorPairTable.Pair(number: 1, bold: false), nil))
        // ...cyan on blue to the default foreground on blue...
        #expect(table.pair(fg: .cyan, bg: .blue).pair.number == 2)
        // ...and anything else to pair 0.
        #expect(table.pair(fg: .magenta, bg: .cyan).pair.number == 0)
        #expect(table.allocated == 3)
    }

    @Test func noColoursMeansPairZero() {
        var table = ColorPairTable(colors: 0, pairs: 1, defaultColors: false)
        #expect(table.pair(fg: .red, bg: .indexed(17)) == (ColorPairTable.Pair(number: 0, bold: false), nil))
    }

    @Test func everyPairOf256ColoursFitsAnExtendedTable() {
        var table = ColorPairTable(colors: 256, pairs: 65536, defaultColors: true)
        var count = 0
        for f in 0..<256 {
            for b in stride(from: 0, to: 256, by: 5) {
                if table.pair(fg: .indexed(UInt8(f)), bg: .indexed(UInt8(b))).allocation != nil { count += 1 }
            }
        }
        #expect(count == 256 * 52 && table.allocated == count)
    }
}
