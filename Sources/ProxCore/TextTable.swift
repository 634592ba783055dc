import Foundation

/// Rows of cells as lines with left-aligned columns, `gap` spaces apart (the
/// last column unpadded): the one table layout of the command line, the
/// benchmarks and the workbench's text panes.
public func alignedColumns(_ rows: [[String]], gap: Int = 2) -> [String] {
    guard let width = rows.map(\.count).max() else { return [] }
    var widths = [Int](repeating: 0, count: width)
    for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
    return rows.map { row in
        row.enumerated().map { i, cell in
            i == row.count - 1 ? cell : cell.padding(toLength: widths[i] + gap, withPad: " ", startingAt: 0)
        }.joined()
    }
}
