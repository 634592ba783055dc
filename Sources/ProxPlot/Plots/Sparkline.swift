/// A compact curve of the most recent values, newest at the right edge:
/// loss and accuracy in a status line or a pane's corner.
///
/// The braille style follows btop: two samples per cell (one per dot
/// column), each filled from the bottom up to its value, so a 20-column
/// sparkline shows 40 steps at four levels per row. The block style shows
/// one sample per cell with eighth blocks, which survives fonts without
/// braille. Values are scaled to `range` (default: 0 or the smallest value,
/// whichever is lower, up to the largest) and clipped to it; a NaN leaves
/// its column empty.
public struct Sparkline: Sendable {
    public enum Kind: Hashable, Sendable { case braille, blocks }

    public var values: [Double]
    public var range: ClosedRange<Double>?
    public var kind: Kind
    public var color: SeriesColor

    public init(values: [Double], range: ClosedRange<Double>? = nil, kind: Kind = .braille,
                color: SeriesColor = SeriesPalette.green) {
        self.values = values
        self.range = range
        self.kind = kind
        self.color = color
    }

    public func render(into grid: inout CellGrid, rect: Rect, mode: ColorMode) {
        let clip = rect.intersection(grid.bounds)
        grid.fill(clip, with: .blank)
        guard !rect.isEmpty, !values.isEmpty else { return }
        let r = resolvedRange
        let span = r.upperBound - r.lowerBound
        let style = Style(fg: color.color(mode))
        func fraction(_ v: Double) -> Double { min(max((v - r.lowerBound) / span, 0), 1) }

        switch kind {
        case .braille:
            var canvas = BrailleCanvas(width: rect.width, height: rect.height)
            let shown = values.suffix(canvas.dotWidth)
            let start = canvas.dotWidth - shown.count
            for (k, v) in shown.enumerated() where !v.isNaN {
                // At least one dot for anything above the floor: a flat line
                // at the bottom still says "there is data".
                let level = max(v > r.lowerBound ? 1 : 0, Int((fraction(v) * Double(canvas.dotHeight)).rounded()))
                for d in 0..<level { canvas.set(dotX: start + k, dotY: canvas.dotHeight - 1 - d, style: style) }
            }
            canvas.draw(into: &grid, rect: clip.intersection(rect))
        case .blocks:
            let shown = values.suffix(rect.width)
            let start = rect.maxX - shown.count
            for (k, v) in shown.enumerated() where !v.isNaN {
                var level = max(v > r.lowerBound ? 1 : 0, Int((fraction(v) * Double(rect.height * 8)).rounded()))
                var y = rect.maxY - 1
                while level > 0 && y >= rect.y {
                    let part = min(level, 8)
                    grid.set(Cell(scalar: Histogram.blocks[part], style: style), x: start + k, y: y, clip: clip)
                    level -= part
                    y -= 1
                }
            }
        }
    }

    /// The range values are scaled to.
    public var resolvedRange: ClosedRange<Double> {
        if let range, range.upperBound > range.lowerBound { return range }
        guard let b = PlotSeries.finiteBounds(values) else { return 0...1 }
        let lo = min(0, b.lowerBound)
        return b.upperBound > lo ? lo...b.upperBound : lo...(lo + 1)
    }
}
