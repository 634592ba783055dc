import ProxPlot
import TestHelpers
import Testing

@Suite("Heatmap")
struct HeatmapTests {
    /// 1 column, 4 rows: values 0, 1, 1, 0 from the top.
    let stripe = Heatmap(columns: 1, rows: 4, values: [0, 1, 1, 0])

    @Test func halfBlocksCarryTwoPixelsPerCell() {
        let grid = stripe.render(width: 1, height: 2, mode: .ansi256)
        let low = ColorRamp.diverging.color256(0), high = ColorRamp.diverging.color256(1)
        #expect(grid[0, 0] == Cell("▀", fg: low, bg: high))
        #expect(grid[0, 1] == Cell("▀", fg: high, bg: low))
    }

    @Test func equalPixelsUseAPlainBackground() {
        let grid = Heatmap(columns: 1, rows: 2, values: [1, 1]).render(width: 3, height: 1, mode: .ansi256)
        #expect(grid.lines == ["   "])
        #expect(grid[1, 0].bg == ColorRamp.diverging.color256(1))
    }

    @Test func monochromeUsesShades() {
        var map = Heatmap(columns: 5, rows: 1, values: [0, 0.25, 0.5, 0.75, 1])
        map.ramp = .sequential
        #expect(map.render(width: 5, height: 1, mode: .none).lines == [" ░▒▓█"])
        map.ramp = .diverging
        #expect(map.render(width: 5, height: 1, mode: .none).lines == ["  ░░░"])
    }

    @Test func pointsAreDrawnOverThePixelTheyLieIn() {
        var map = Heatmap(columns: 2, rows: 2, values: [0, 1, 1, 0], x: 0...2, y: 0...2)
        map.points = [.init(x: 1.5, y: 1.9, label: 1), .init(x: 5, y: 5, label: 0)]  // second is outside
        let colour = map.render(width: 2, height: 1, mode: .ansi256)
        #expect(colour[1, 0].character == "●")
        #expect(colour[1, 0].fg == SeriesPalette.color(1).color(.ansi256))
        #expect(colour[1, 0].bg == ColorRamp.diverging.color256(1), "keeps the upper pixel's colour")
        #expect(colour[0, 0].character == "▀")
        let mono = map.render(width: 2, height: 1, mode: .none)
        #expect(mono[1, 0].character == SeriesPalette.marker(1))
    }

    @Test func classesUseThePaletteShades() {
        let map = Heatmap(columns: 2, rows: 1, values: [0.9, 0.3], classes: [2, 0])
        let grid = map.render(width: 2, height: 1, mode: .ansi256)
        #expect(grid[0, 0].bg == SeriesPalette.color(2).shade(.ansi256))
        #expect(grid[1, 0].bg == .indexed(237), "low confidence is the neutral band")
    }

    @Test func snapshotRing() {
        var map = Fixtures.ring
        map.showAxes = true
        assertSnapshot(map.render(width: 50, height: 20, mode: .ansi16), named: "heatmap-ring-16")
        assertSnapshot(map.render(width: 50, height: 20, mode: .none), named: "heatmap-ring-mono")
    }
}
