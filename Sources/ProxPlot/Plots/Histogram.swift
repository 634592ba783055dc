/// Counts in equal-width bins, drawn as vertical bars with eighth-block
/// tops (▁▂▃▄▅▆▇█), over an x axis labelled with the bins' value range: the
/// workbench's view of how latent weights are distributed.
///
/// Eighth blocks give each bar eight heights per row, so a 10-row histogram
/// still separates 80 count levels. Bars are drawn in one colour because the
/// bins are one quantity; without colour the blocks alone carry the shape.
///
/// Bins are resampled to the columns available (see `columnTotals`); the
/// y axis is always in counts per bin.
///
///     let h = Histogram(values: weights, bins: 40, range: -1...1)
public struct Histogram: Sendable {
    public var counts: [Double]
    /// From the first bin's lower edge to the last bin's upper edge.
    public var range: ClosedRange<Double>
    public var color: SeriesColor = SeriesPalette.cyan
    public var showAxes = true

    public init(counts: [Double], range: ClosedRange<Double>) {
        self.counts = counts
        self.range = range
    }

    /// Bins `values` into `bins` equal bins over `range` (default: the finite
    /// values' min...max). Values outside the range and non-finite values
    /// are not counted.
    public init(values: [Double], bins: Int, range: ClosedRange<Double>? = nil) {
        let n = max(1, bins)
        var r = range ?? PlotSeries.finiteBounds(values) ?? 0...1
        if r.upperBound <= r.lowerBound { r = (r.lowerBound - 0.5)...(r.lowerBound + 0.5) }
        var counts = Array(repeating: 0.0, count: n)
        let scale = Double(n) / (r.upperBound - r.lowerBound)
        for v in values where v.isFinite && r.contains(v) {
            counts[min(n - 1, Int((v - r.lowerBound) * scale))] += 1
        }
        self.init(counts: counts, range: r)
    }

    public func render(width: Int, height: Int, mode: ColorMode) -> CellGrid {
        var grid = CellGrid(width: width, height: height)
        render(into: &grid, rect: grid.bounds, mode: mode)
        return grid
    }

    /// Draws the bars and axes into `rect`, clearing it first and touching
    /// nothing outside it.
    public func render(into grid: inout CellGrid, rect: Rect, mode: ColorMode) {
        let clip = rect.intersection(grid.bounds)
        grid.fill(clip, with: .blank)
        guard !rect.isEmpty, !counts.isEmpty else { return }
        let columnsGuess = max(1, rect.width - 6)
        let peak = max(1, columnTotals(columns: columnsGuess).max() ?? 1)
        var frame = AxisFrame(rect: rect, x: range, y: 0...peak, xResolution: 1, yResolution: 8, axes: showAxes)
        var totals = columnTotals(columns: frame.plot.width)
        let top = max(1, totals.max() ?? 1)
        if top != peak {
            frame = AxisFrame(rect: rect, x: range, y: 0...top, xResolution: 1, yResolution: 8, axes: showAxes)
            totals = columnTotals(columns: frame.plot.width)
        }
        let plot = frame.plot
        guard !plot.isEmpty else { return }

        let style = Style(fg: color.color(mode))
        let eighths = plot.height * 8
        for (i, total) in totals.enumerated() {
            // A non-empty bin gets at least one eighth, so it never vanishes.
            var level = Int((total / top * Double(eighths)).rounded())
            if total > 0 { level = max(level, 1) }
            var y = plot.maxY - 1
            while level > 0 && y >= plot.y {
                let part = min(level, 8)
                grid.set(Cell(scalar: Histogram.blocks[part], style: style), x: plot.x + i, y: y, clip: clip)
                level -= part
                y -= 1
            }
        }
        let axisStyle = Style(fg: SeriesPalette.axis.color(mode), attrs: mode == .none ? [.dim] : [])
        frame.draw(into: &grid, clip: clip, lineStyle: axisStyle, labelStyle: .plain)
    }

    /// Eighth blocks by height, index 0 empty.
    static let blocks: [Unicode.Scalar] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// The height of each of `columns` columns, in counts per bin.
    ///
    /// With at most one bin per column, a column shows the bin under its
    /// centre (crisp bar edges). With more bins than columns, a column shows
    /// the mean of the bins it covers, each weighted by how much of it the
    /// column covers: summing whole bins instead would give columns that
    /// happen to cover two bins twice the height of their neighbours.
    func columnTotals(columns: Int) -> [Double] {
        guard columns > 0 else { return [] }
        let n = counts.count
        var totals = Array(repeating: 0.0, count: columns)
        if n <= columns {
            for col in 0..<columns { totals[col] = counts[min(n - 1, (2 * col + 1) * n / (2 * columns))] }
            return totals
        }
        let width = Double(n) / Double(columns)  // bins per column
        for col in 0..<columns {
            let lo = Double(col) * width, hi = lo + width
            var sum = 0.0
            var b = Int(lo)
            while b < n && Double(b) < hi {
                let overlap = min(hi, Double(b + 1)) - max(lo, Double(b))
                sum += counts[b] * overlap
                b += 1
            }
            totals[col] = sum / width
        }
        return totals
    }
}
