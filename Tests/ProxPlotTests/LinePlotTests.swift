import Foundation
import ProxPlot
import TestHelpers
import Testing

@Suite("Line plot")
struct LinePlotTests {
    /// A bare plot (no legend, axes or zero line) on x in 0...1, y in -1...1,
    /// so that cells map to dots simply: 10x4 cells = 20x16 dots.
    func bare(_ series: PlotSeries...) -> LinePlot {
        var plot = LinePlot(series: series, xRange: 0...1, yRange: -1...1)
        plot.showLegend = false
        plot.showAxes = false
        plot.showZeroLine = false
        return plot
    }

    @Test func valuesAboveTheRangeRunAlongTheTopEdge() {
        let grid = bare(PlotSeries("s", xs: [0, 1], ys: [5, 5])).render(width: 10, height: 4, mode: .none)
        #expect(grid.lines == ["⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉", "          ", "          ", "          "])
    }

    @Test func valuesBelowTheRangeRunAlongTheBottomEdge() {
        let grid = bare(PlotSeries("s", xs: [0, 1], ys: [-1e300, -1e300])).render(width: 10, height: 4, mode: .none)
        #expect(grid.lines[3] == "⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀")
        #expect(grid.lines[0...2].allSatisfy { $0 == "          " })
    }

    @Test func anOutOfRangePointLandsOnTheEdgeCell() {
        // x = 0.5 is dot column round(0.5 * 19) = 10: cell 5, left dot column;
        // y = 7 is clipped to dot row 0 of cell row 0: dot 1, "⠁".
        let grid = bare(PlotSeries("p", xs: [0.5], ys: [7], kind: .points)).render(width: 10, height: 4, mode: .ansi256)
        #expect(grid[5, 0].character == "⠁")
        #expect(grid.lines.joined().filter { $0 != " " }.count == 1)
    }

    @Test func aLineLeavingTheRangeFollowsTheEdgeInsteadOfWrapping() {
        // y = 6x - 1 leaves the top (y = 1) at x = 1/3 and is clipped from there on.
        let grid = bare(PlotSeries("s", xs: [0, 1], ys: [-1, 5])).render(width: 10, height: 4, mode: .none)
        #expect(grid[0, 3].scalar.value & 0x40 != 0, "starts at the bottom-left dot (dot 7)")
        for x in 4..<10 { #expect(grid[x, 0].character == "⠉", "column \(x) runs along the top edge") }
        for y in 1..<4 { #expect(grid[9, y].character == " ", "nothing below the edge on the right") }
    }

    @Test func nanAndInfinityBreakTheLine() {
        let xs: [Double] = [0, 0.25, 0.5, 0.75, 1]
        let ys: [Double] = [0.5, .nan, 0.5, .infinity, 0.5]
        let grid = bare(PlotSeries("s", xs: xs, ys: ys)).render(width: 10, height: 4, mode: .none)
        // Three isolated dots, no segments joining them.
        let dots = grid.cells.map { ($0.scalar.value >= 0x2800 ? ($0.scalar.value - 0x2800) : 0).nonzeroBitCount }
        #expect(dots.reduce(0, +) == 3)
    }

    @Test func lastSeriesDrawnWinsTheCellColour() {
        let plot = bare(PlotSeries("a", xs: [0, 1], ys: [0, 0]), PlotSeries("b", xs: [0, 1], ys: [0, 0]))
        let grid = plot.render(width: 10, height: 4, mode: .ansi256)
        #expect(grid[4, 1].fg == SeriesPalette.color(1).color(.ansi256) || grid[4, 2].fg == SeriesPalette.color(1).color(.ansi256))
    }

    @Test func zeroLineAndGuidesAreDrawnWhenInRange() {
        var plot = bare(PlotSeries("s", xs: [0, 1], ys: [0.9, 0.9]))
        plot.showZeroLine = true
        plot.verticalMarkers = [0.5]
        let grid = plot.render(width: 10, height: 4, mode: .none)
        // y = 0 is dot row round(7.5) = 8: top dots of cell row 2, dashed guide at dot column 10.
        #expect(grid.lines[2] == "⠉⠉⠉⠉⠉⠍⠉⠉⠉⠉")  // zero line and guide share cell 5
        #expect(grid[5, 1].character == "⠅" && grid[5, 3].character == "⠅")
        #expect(grid[5, 1].attrs.contains(.dim))
    }

    @Test func negativeRegionShadesAndMarksTheAxis() {
        let plot = Fixtures.signClipTanh
        let grid = plot.render(width: 60, height: 16, mode: .ansi256)
        let axisRow = grid.lines[14]
        #expect(axisRow.contains("━"))
        // Shaded left of x = 0 (column ~30), not right of it.
        #expect(grid[10, 5].bg == LinePlot.NegativeRegion.defaultColor.shade(.ansi256))
        #expect(grid[50, 5].bg == .default)
        // No background in 16 colours: only the axis mark.
        #expect(plot.render(width: 60, height: 16, mode: .ansi16).cells.allSatisfy { $0.bg == .default })
    }

    @Test func monochromeLegendShowsMarkersAndColourLegendShowsSwatches() {
        let plot = Fixtures.signClipTanh
        #expect(plot.render(width: 60, height: 16, mode: .none).lines[0].hasPrefix("   • sign  + clip  x 1.8·tanh  ━ tanh<0"))
        let colour = plot.render(width: 60, height: 16, mode: .ansi256)
        #expect(colour.lines[0].hasPrefix("   ━ sign  ━ clip  ━ 1.8·tanh"))
        #expect(colour[3, 0].fg == SeriesPalette.cyan.color(.ansi256))
    }

    @Test func autoRangeIsPadded() {
        let plot = LinePlot(series: [PlotSeries("s", xs: [0, 10], ys: [-2, 2])])
        #expect(plot.resolvedXRange == 0...10)
        #expect(abs(plot.resolvedYRange.lowerBound + 2.2) < 1e-12 && abs(plot.resolvedYRange.upperBound - 2.2) < 1e-12)
        let flat = LinePlot(series: [PlotSeries("s", ys: [3, 3, 3])])
        #expect(flat.resolvedYRange == 2...4)
        #expect(LinePlot(series: []).resolvedYRange == -1...1)
    }

    // MARK: - Snapshots

    @Test func snapshot60x16() {
        assertSnapshot(Fixtures.signClipTanh.render(width: 60, height: 16, mode: .ansi256), named: "lineplot-60x16")
    }

    @Test func snapshot100x30() {
        assertSnapshot(Fixtures.signClipTanh.render(width: 100, height: 30, mode: .ansi256), named: "lineplot-100x30")
    }

    @Test func snapshot60x16Monochrome() {
        assertSnapshot(Fixtures.signClipTanh.render(width: 60, height: 16, mode: .none), named: "lineplot-60x16-mono")
    }

    @Test func snapshot100x30Monochrome() {
        assertSnapshot(Fixtures.signClipTanh.render(width: 100, height: 30, mode: .none), named: "lineplot-100x30-mono")
    }

    @Test func snapshotStepsAndMarkersWithAutoRange() {
        let loss = (0..<60).map { 2.5 * exp(-Double($0) / 12) + 0.15 }
        let lr = (0..<60).map { $0 < 20 ? 0.01 : $0 < 40 ? 0.005 : 0.001 }.map { $0 * 100 }
        let plot = LinePlot(series: [
            PlotSeries("loss", ys: loss),
            PlotSeries("lr×100", ys: lr, kind: .steps),
            PlotSeries("eval", xs: [10, 20, 30, 40, 50], ys: [1.1, 0.6, 0.45, 0.4, 0.38], kind: .markers),
        ])
        assertSnapshot(plot.render(width: 72, height: 14, mode: .none), named: "lineplot-steps-markers-mono")
    }
}
