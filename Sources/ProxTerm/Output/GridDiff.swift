import ProxPlot

/// A horizontal run of cells to rewrite: `count` cells from (x, y).
public struct CellRun: Hashable, Sendable, CustomStringConvertible {
    public var y: Int
    public var x: Int
    public var count: Int

    public init(y: Int, x: Int, count: Int) {
        self.y = y
        self.x = x
        self.count = count
    }

    public var description: String { "(y \(y), x \(x), \(count))" }
}

/// Which cells changed between two frames, as runs per row: what `Terminal`
/// rewrites. Pure, so it is tested with real grids.
public enum GridDiff {
    /// The runs of cells of `new` that differ from `old`, top to bottom and
    /// left to right. Every row of `new` in full when there is no `old` or
    /// its size differs (after a resize nothing on screen can be trusted).
    ///
    /// Runs separated by at most `gap` unchanged cells are joined into one:
    /// rewriting a few unchanged cells costs less than another call into
    /// ncurses (and, once output, ncurses skips cells that match the screen).
    public static func changedRuns(from old: CellGrid?, to new: CellGrid, joiningGapsUpTo gap: Int = 0) -> [CellRun] {
        let w = new.width, h = new.height
        guard w > 0, h > 0 else { return [] }
        guard let old, old.width == w, old.height == h else {
            return (0..<h).map { CellRun(y: $0, x: 0, count: w) }
        }
        var runs: [CellRun] = []
        old.cells.withUnsafeBufferPointer { a in
            new.cells.withUnsafeBufferPointer { b in
                for y in 0..<h {
                    let row = y * w
                    var x = 0
                    var open: CellRun? = nil
                    while x < w {
                        // Skip unchanged cells.
                        while x < w && a[row + x] == b[row + x] { x += 1 }
                        if x == w { break }
                        let start = x
                        while x < w && a[row + x] != b[row + x] { x += 1 }
                        if var r = open, start - (r.x + r.count) <= gap {
                            r.count = x - r.x
                            open = r
                        } else {
                            if let r = open { runs.append(r) }
                            open = CellRun(y: y, x: start, count: x - start)
                        }
                    }
                    if let r = open { runs.append(r) }
                }
            }
        }
        return runs
    }
}
