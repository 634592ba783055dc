import ProxPlot
import Testing

@Suite("CellGrid")
struct CellGridTests {
    @Test func linesRoundTripWithTrailingSpaces() {
        let grid = CellGrid(lines: ["ab", "c", ""], width: 3)
        #expect(grid.width == 3 && grid.height == 3)
        #expect(grid.lines == ["ab ", "c  ", "   "])
        #expect(grid.plainText == "ab \nc  \n   ")
        #expect(CellGrid(lines: grid.lines) == grid)
    }

    @Test func putClipsAtEveryEdge() {
        var grid = CellGrid(width: 5, height: 3, fill: Cell("."))
        grid.put("abc", x: -1, y: 0)      // left edge: "a" dropped
        grid.put("wxyz", x: 3, y: 1)      // right edge: "yz" dropped
        grid.put("top", x: 0, y: -1)      // above: nothing
        grid.put("bottom", x: 0, y: 3)    // below: nothing
        grid.put("far", x: 9, y: 2)       // right of the grid: nothing
        #expect(grid.lines == ["bc...", "...wx", "....."])
    }

    @Test func putReturnsTheNextColumnAndHonoursClip() {
        var grid = CellGrid(width: 6, height: 1, fill: Cell("."))
        let next = grid.put("abcd", x: 0, y: 0, clip: Rect(x: 1, y: 0, width: 2, height: 1))
        #expect(next == 4)
        #expect(grid.lines == [".bc..."])
    }

    @Test func putWritesControlCharactersAsSpaces() {
        var grid = CellGrid(width: 4, height: 1, fill: Cell("."))
        grid.put("a\nb\t", x: 0, y: 0)
        #expect(grid.lines == ["a b "])
    }

    @Test func putStoresTheStyle() {
        var grid = CellGrid(width: 3, height: 1)
        let style = Style(fg: .red, bg: .indexed(17), attrs: [.bold])
        grid.put("hi", x: 1, y: 0, style: style)
        #expect(grid[1, 0] == Cell("h", style: style))
        #expect(grid[0, 0] == .blank)
    }

    @Test func fillClipsToTheGrid() {
        var grid = CellGrid(width: 4, height: 3)
        grid.fill(Rect(x: 2, y: 1, width: 10, height: 10), "#")
        #expect(grid.lines == ["    ", "  ##", "  ##"])
    }

    @Test func descriptionQuotesRows() {
        let grid = CellGrid(lines: ["a ", " b"])
        #expect(grid.description == "CellGrid 2x2\n\"a \"\n\" b\"")
    }

    @Test func rectIntersection() {
        let a = Rect(x: 0, y: 0, width: 10, height: 5)
        #expect(a.intersection(Rect(x: 8, y: 3, width: 5, height: 5)) == Rect(x: 8, y: 3, width: 2, height: 2))
        #expect(a.intersection(Rect(x: 20, y: 0, width: 5, height: 5)).isEmpty)
        #expect(a.inset(left: 2, top: 1) == Rect(x: 2, y: 1, width: 8, height: 4))
    }

    @Test func cellsAreSmallAndPlain() {
        // A cell must stay cheap to copy and compare: the TUI diffs whole screens.
        #expect(MemoryLayout<Cell>.stride <= 12)
        #expect(_isPOD(Cell.self))
    }
}
