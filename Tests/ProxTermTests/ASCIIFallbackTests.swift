import ProxPlot
import ProxTerm
import Testing

@Suite struct ASCIIFallbackTests {
    func ascii(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { ASCIIFallback.scalar(for: $0) }))
    }

    @Test func asciiPassesThroughAndControlsBecomeSpaces() {
        #expect(ascii("loss 0.25 [x] ~") == "loss 0.25 [x] ~")
        #expect(ascii("a\tb\u{7F}c") == "a b c")
    }

    @Test func brailleByWhereTheDotsAre() {
        #expect(ascii("\u{2800}") == " ")   // no dots
        #expect(ascii("⠁⠈⠉⠛") == "''''")  // upper two rows only
        #expect(ascii("⡀⢀⣀⣤") == "....")   // lower two rows only
        #expect(ascii("⡇⠔⡠⠊") == "::.'")
        #expect(ascii("⣿⣷⡿") == "###")      // six dots or more
    }

    @Test func boxDrawing() {
        #expect(ascii("┌─┬─┐") == "+-+-+")
        #expect(ascii("│ ┃ ╎") == "| | |")
        #expect(ascii("└━┴┯┘") == "+-+++")
        #expect(ascii("╭╮╰╯═║") == "++++=|")
        #expect(ascii("╱╲╳") == "/\\X")
    }

    @Test func blocksAndShades() {
        #expect(ascii("▁▂▃▄▅▆▇█") == "__--==##")
        #expect(ascii("░▒▓") == ".:#")
        #expect(ascii("▀▌▐▏▕") == "\"##||")
        #expect(ascii("▖▘▚▙") == ".':#")
    }

    @Test func symbolsAndLetters() {
        #expect(ascii("●•○◆▲▼▶◀") == "**o*^v><")
        #expect(ascii("←↑→↓") == "<^>v")
        #expect(ascii("…·–—−×±≤≥≈") == "..---x+<>~")
        #expect(ascii("μθ✓✗µ") == "uovxu")
        #expect(ascii("日") == "?")
        #expect(ascii("\u{85}") == "?")
    }

    @Test func applyKeepsStyles() {
        var grid = CellGrid(lines: ["┌─┐", "│⣿│", "└─┘"])
        grid[1, 1] = Cell("⣿", fg: .cyan, attrs: .bold)
        let out = ASCIIFallback.apply(to: grid)
        #expect(out.lines == ["+-+", "|#|", "+-+"])
        #expect(out[1, 1].fg == .cyan && out[1, 1].attrs == .bold)
    }
}
