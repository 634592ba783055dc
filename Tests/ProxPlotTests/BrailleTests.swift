import ProxPlot
import Testing

@Suite("Braille canvas")
struct BrailleTests {
    /// Each dot of a cell alone, with its Unicode dot number and code point
    /// (The Unicode Standard, Braille Patterns block U+2800-U+28FF).
    static let dots: [(dx: Int, dy: Int, codePoint: UInt32)] = [
        (0, 0, 0x2801),  // dot 1
        (0, 1, 0x2802),  // dot 2
        (0, 2, 0x2804),  // dot 3
        (1, 0, 0x2808),  // dot 4
        (1, 1, 0x2810),  // dot 5
        (1, 2, 0x2820),  // dot 6
        (0, 3, 0x2840),  // dot 7
        (1, 3, 0x2880),  // dot 8
    ]

    @Test(arguments: dots)
    func eachDotMapsToItsCodePoint(dot: (dx: Int, dy: Int, codePoint: UInt32)) {
        var canvas = BrailleCanvas(width: 1, height: 1)
        canvas.set(dotX: dot.dx, dotY: dot.dy)
        #expect(canvas.scalar(x: 0, y: 0).value == dot.codePoint)
    }

    @Test func allDotsMakeTheFullCell() {
        var canvas = BrailleCanvas(width: 1, height: 1)
        for y in 0..<4 { for x in 0..<2 { canvas.set(dotX: x, dotY: y) } }
        #expect(canvas.scalar(x: 0, y: 0) == "⣿")
        canvas.unset(dotX: 1, dotY: 3)
        #expect(canvas.scalar(x: 0, y: 0) == "⡿")
    }

    @Test func dotsOutsideAreIgnored() {
        var canvas = BrailleCanvas(width: 2, height: 1)
        canvas.set(dotX: -1, dotY: 0)
        canvas.set(dotX: 4, dotY: 0)
        canvas.set(dotX: 0, dotY: 4)
        #expect(canvas.bits == [0, 0])
    }

    @Test func lineDrawsEveryDotBetweenItsEnds() {
        var canvas = BrailleCanvas(width: 2, height: 1)
        canvas.line(from: (0, 3), to: (3, 0))
        #expect(canvas.isSet(dotX: 0, dotY: 3) && canvas.isSet(dotX: 1, dotY: 2))
        #expect(canvas.isSet(dotX: 2, dotY: 1) && canvas.isSet(dotX: 3, dotY: 0))
        #expect(String(canvas.scalar(x: 0, y: 0)) + String(canvas.scalar(x: 1, y: 0)) == "⡠⠊")
    }

    @Test func horizontalVerticalAndReversedLines() {
        var canvas = BrailleCanvas(width: 3, height: 2)
        canvas.line(from: (5, 0), to: (0, 0))     // right to left along the top
        canvas.line(from: (0, 7), to: (0, 0))     // up the left edge
        var grid = CellGrid(width: 3, height: 2)
        canvas.draw(into: &grid, rect: grid.bounds)
        #expect(grid.lines == ["⡏⠉⠉", "⡇  "])
    }

    @Test func steepLineHasNoGaps() {
        var canvas = BrailleCanvas(width: 1, height: 3)
        canvas.line(from: (0, 0), to: (1, 11))
        for y in 0..<12 { #expect(canvas.isSet(dotX: 0, dotY: y) || canvas.isSet(dotX: 1, dotY: y), "row \(y)") }
    }

    @Test func farAwayEndpointsAreCutToTheCanvas() {
        var canvas = BrailleCanvas(width: 2, height: 1)
        canvas.line(from: (-1_000_000, 1), to: (1_000_000, 1))
        #expect(String(canvas.scalar(x: 0, y: 0)) + String(canvas.scalar(x: 1, y: 0)) == "⠒⠒")
        canvas.clear()
        canvas.line(from: (10, -5), to: (20, -5))  // misses entirely
        #expect(canvas.bits == [0, 0])
    }

    @Test func lastStyleWinsAndEmptyCellsAreTransparent() {
        var canvas = BrailleCanvas(width: 3, height: 1)
        canvas.set(dotX: 0, dotY: 0, style: .fg(.red))
        canvas.set(dotX: 1, dotY: 3, style: .fg(.blue))
        var grid = CellGrid(width: 5, height: 2, fill: Cell(".", style: Style(bg: .indexed(236))))
        canvas.draw(into: &grid, rect: Rect(x: 1, y: 1, width: 3, height: 1))
        #expect(grid.lines == [".....", ".⢁..."])
        #expect(grid[1, 1].fg == .blue)
        #expect(grid[1, 1].bg == .indexed(236), "drawing keeps the background")
        #expect(grid[2, 1] == Cell(".", style: Style(bg: .indexed(236))), "empty cells untouched")
    }

    @Test func drawClipsToRectAndGrid() {
        var canvas = BrailleCanvas(width: 4, height: 2)
        for y in 0..<8 { for x in 0..<8 { canvas.set(dotX: x, dotY: y) } }
        var grid = CellGrid(width: 4, height: 3, fill: Cell("."))
        canvas.draw(into: &grid, rect: Rect(x: 2, y: 2, width: 4, height: 2))
        #expect(grid.lines == ["....", "....", "..⣿⣿"])
    }
}
