import Foundation
import ProxPlot
import Testing

/// Tick labels read as separate numbers at every size: parse the label row
/// and the label column back and check they are numbers, in order, apart.
@Suite("Axis labels never collide")
struct AxisLabelTests {
    static let ranges: [(ClosedRange<Double>, ClosedRange<Double>)] = [
        (-3...3, -1.5...1.5),
        (0...1000, 0...0.004),
        (-0.37...12.9, -250...13_000),
        (1e-4...9e-4, -1...1),
    ]

    /// Label tokens of a row with their start columns.
    func tokens(_ row: String) -> [(start: Int, text: String)] {
        var out: [(Int, String)] = []
        var current = "", start = 0
        for (i, c) in row.enumerated() {
            if c == " " {
                if !current.isEmpty { out.append((start, current)); current = "" }
            } else {
                if current.isEmpty { start = i }
                current.append(c)
            }
        }
        if !current.isEmpty { out.append((start, current)) }
        return out
    }

    @Test(arguments: 0..<ranges.count)
    func xLabelsAreSeparateIncreasingNumbers(range: Int) {
        let (xr, yr) = Self.ranges[range]
        for width in 14...160 {
            let plot = LinePlot(series: [PlotSeries("s", xs: [xr.lowerBound, xr.upperBound], ys: [yr.lowerBound, yr.upperBound])],
                                xRange: xr, yRange: yr)
            let grid = plot.render(width: width, height: 12, mode: .none)
            let labels = tokens(grid.lines[11])
            #expect(labels.count >= (width >= 30 ? 2 : 1), "width \(width): \(grid.lines[11])")
            var previous: (end: Int, value: Double)?
            for (start, text) in labels {
                guard let v = Double(text) else { Issue.record("width \(width): \"\(text)\" is not a number"); continue }
                #expect(text.count <= 6)
                if let p = previous {
                    #expect(v > p.value, "width \(width): \(grid.lines[11])")
                    #expect(start - p.end >= 2, "width \(width): labels too close: \(grid.lines[11])")
                }
                previous = (start + text.count, v)
            }
        }
    }

    @Test(arguments: 0..<ranges.count)
    func yLabelsAreDecreasingNumbersOnTickRows(range: Int) {
        let (xr, yr) = Self.ranges[range]
        for height in 6...60 {
            let plot = LinePlot(series: [PlotSeries("s", xs: [xr.lowerBound, xr.upperBound], ys: [yr.lowerBound, yr.upperBound])],
                                xRange: xr, yRange: yr)
            let grid = plot.render(width: 40, height: height, mode: .none)
            var values: [Double] = []
            for row in grid.lines.dropFirst().dropLast(2) {
                let chars = Array(row)
                guard let axis = chars.firstIndex(where: { $0 == "┤" || $0 == "│" }) else {
                    Issue.record("height \(height): no axis in \"\(row)\""); continue
                }
                let label = String(chars[..<axis]).trimmingCharacters(in: .whitespaces)
                if chars[axis] == "┤" {
                    guard let v = Double(label) else { Issue.record("height \(height): \"\(label)\""); continue }
                    values.append(v)
                } else {
                    #expect(label.isEmpty)
                }
            }
            #expect(values.count >= 2, "height \(height)")
            #expect(zip(values, values.dropFirst()).allSatisfy { $0 > $1 }, "height \(height): \(values)")
        }
    }
}
