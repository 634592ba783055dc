import Foundation
import ProxPlot
import ProxTerm
import Testing

@Suite struct GridDiffTests {
    @Test func noOldGridMeansEveryRow() {
        let grid = CellGrid(width: 3, height: 2)
        #expect(GridDiff.changedRuns(from: nil, to: grid) == [CellRun(y: 0, x: 0, count: 3), CellRun(y: 1, x: 0, count: 3)])
        // A different size cannot be diffed either.
        #expect(GridDiff.changedRuns(from: CellGrid(width: 2, height: 2), to: grid).count == 2)
        #expect(GridDiff.changedRuns(from: nil, to: CellGrid(width: 0, height: 4)) == [])
    }

    @Test func identicalGridsHaveNoRuns() {
        let grid = CellGrid(lines: ["hello", "world"])
        #expect(GridDiff.changedRuns(from: grid, to: grid) == [])
    }

    @Test func runsOfChangedCells() {
        let old = CellGrid(lines: ["abcdefghij", "0123456789", "----------"])
        let new = CellGrid(lines: ["aXYdefghiZ", "0123456789", "-*--*-----"])
        #expect(GridDiff.changedRuns(from: old, to: new) == [
            CellRun(y: 0, x: 1, count: 2), CellRun(y: 0, x: 9, count: 1),
            CellRun(y: 2, x: 1, count: 1), CellRun(y: 2, x: 4, count: 1),
        ])
        // Gaps of up to 2 unchanged cells are joined; row 0's gap of 6 is not.
        #expect(GridDiff.changedRuns(from: old, to: new, joiningGapsUpTo: 2) == [
            CellRun(y: 0, x: 1, count: 2), CellRun(y: 0, x: 9, count: 1), CellRun(y: 2, x: 1, count: 4),
        ])
    }

    @Test func styleChangesCount() {
        let old = CellGrid(lines: ["abc"])
        var new = old
        new[2, 0] = Cell("c", fg: .red)
        new[0, 0] = Cell("a", style: Style(attrs: .bold))
        #expect(GridDiff.changedRuns(from: old, to: new) == [CellRun(y: 0, x: 0, count: 1), CellRun(y: 0, x: 2, count: 1)])
    }

    /// A full screen with a scattering of changes gives one run per change
    /// (its speed is a proxbench figure: `proxbench render`).
    @Test func scatteredChangesOnAFullScreenAreSeparateRuns() {
        var old = CellGrid(width: 200, height: 60)
        for i in old.cells.indices { old.cells[i] = Cell(scalar: Unicode.Scalar(UInt8(33 + i % 90)), style: .fg(.indexed(UInt8(i % 256)))) }
        var new = old
        for i in stride(from: 0, to: new.cells.count, by: 97) { new.cells[i].scalar = "~" }  // "~" is never in `old`
        let expected = (new.cells.count + 96) / 97
        let runs = GridDiff.changedRuns(from: old, to: new, joiningGapsUpTo: 4)
        #expect(runs.count == expected)
        #expect(runs.allSatisfy { $0.count == 1 })
        #expect(runs.first == CellRun(y: 0, x: 0, count: 1) && runs.dropFirst().first == CellRun(y: 0, x: 97, count: 1))
    }
}
