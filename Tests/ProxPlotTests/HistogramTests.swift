import ProxPlot
import TestHelpers
import Testing

@Suite("Histogram and sparkline")
struct HistogramTests {
    @Test func barsUseEighthBlocks() {
        var h = Histogram(counts: [8, 4, 1, 0, 16], range: 0...5)
        h.showAxes = false
        // 2 rows = 16 eighths; 16 is the peak.
        #expect(h.render(width: 5, height: 2, mode: .none).lines == ["    █", "█▄▁ █"])
    }

    @Test func binningCountsValuesInRange() {
        let h = Histogram(values: [0, 0.1, 0.5, 0.99, 1, 2, .nan, -1], bins: 2, range: 0...1)
        #expect(h.counts == [2, 3])
    }

    @Test func manyBinsAreAveragedIntoColumns() {
        // 6 equal bins into 4 columns: every column has the same height.
        var h = Histogram(counts: [3, 3, 3, 3, 3, 3], range: 0...6)
        h.showAxes = false
        #expect(h.render(width: 4, height: 1, mode: .none).lines == ["████"])
    }

    @Test func snapshotWeights() {
        assertSnapshot(Fixtures.weights.render(width: 70, height: 14, mode: .ansi256), named: "histogram-weights")
    }

    @Test func brailleSparklineTwoSamplesPerCell() {
        var grid = CellGrid(width: 3, height: 1)
        let spark = Sparkline(values: [0, 1, 2, 3, 4, 4], range: 0...4)
        spark.render(into: &grid, rect: grid.bounds, mode: .none)
        // Levels 0 1 | 2 3 | 4 4 dots, filled from the bottom.
        #expect(grid.lines == ["⢀⣴⣿"])
    }

    @Test func sparklineKeepsTheNewestValuesAtTheRight() {
        var grid = CellGrid(width: 4, height: 1)
        let spark = Sparkline(values: [8, 8, 8, 1, 2, 4, 8], range: 0...8, kind: .blocks)
        spark.render(into: &grid, rect: grid.bounds, mode: .none)
        #expect(grid.lines == ["▁▂▄█"])
        var short = CellGrid(width: 4, height: 1)
        Sparkline(values: [8], range: 0...8, kind: .blocks).render(into: &short, rect: short.bounds, mode: .none)
        #expect(short.lines == ["   █"])
    }
}
