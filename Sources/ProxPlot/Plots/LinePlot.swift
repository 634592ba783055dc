/// A chart of curves over one x axis: the workbench's picture of a
/// quantizer's forward and backward functions, and of training curves.
///
/// Curves are drawn with braille dots (2x4 per cell) so that kinks and slopes
/// are visible at terminal sizes. Around them: nice ticks on a left and a
/// bottom axis, a legend on the top row, a dotted zero line, dim vertical
/// guides at chosen x (a quantizer's kinks), and optionally the x spans where
/// one series is negative highlighted (where a backward quantizer's B' < 0,
/// i.e. where its gradient points the wrong way).
///
/// Values above or below the y range are clipped to the top or bottom edge,
/// never wrapped or dropped, so a curve leaving the range visibly runs along
/// the edge. NaN and infinities are gaps (see `PlotSeries`).
///
///     var plot = LinePlot(series: [
///         PlotSeries("sign", sampling: { $0 < 0 ? -1 : 1 }, over: -3...3),
///         PlotSeries("clip", sampling: { max(-1, min(1, $0)) }, over: -3...3),
///     ])
///     plot.yRange = -1.5...1.5
///     print(plot.render(width: 60, height: 16, mode: .ansi256).ansiText(mode: .ansi256))
public struct LinePlot: Sendable {
    /// Highlights the x spans where one series is negative.
    public struct NegativeRegion: Hashable, Sendable {
        /// Index into `series`.
        public var series: Int
        /// Legend text for the highlight (nil: no legend entry).
        public var label: String?
        public var color: SeriesColor

        /// Red for the axis mark and legend, but only a faint grey-red tint for
        /// the background: the span should be noticed, not shout over the curves.
        public static let defaultColor = SeriesColor(.indexed(203), ansi16: .brightRed,
                                                     shade256: .indexed(236), shade16: .red)

        public init(series: Int, label: String? = nil, color: SeriesColor = LinePlot.NegativeRegion.defaultColor) {
            self.series = series
            self.label = label
            self.color = color
        }
    }

    public var series: [PlotSeries]
    /// Nil: from the smallest to the largest finite x of all series.
    public var xRange: ClosedRange<Double>?
    /// Nil: the finite y values of all series, padded by `yPadding` of their
    /// span on each side so that extremes do not sit on the frame (but not
    /// across zero).
    public var yRange: ClosedRange<Double>?
    public var yPadding: Double = 0.05
    /// x values to mark with dim vertical guides (kinks, breakpoints).
    public var verticalMarkers: [Double] = []
    public var negativeRegion: NegativeRegion?
    public var showLegend = true
    public var showZeroLine = true
    public var showAxes = true

    public init(series: [PlotSeries], xRange: ClosedRange<Double>? = nil, yRange: ClosedRange<Double>? = nil,
                verticalMarkers: [Double] = [], negativeRegion: NegativeRegion? = nil) {
        self.series = series
        self.xRange = xRange
        self.yRange = yRange
        self.verticalMarkers = verticalMarkers
        self.negativeRegion = negativeRegion
    }

    // MARK: - Ranges

    /// The x range the plot will use.
    public var resolvedXRange: ClosedRange<Double> {
        if let xRange, xRange.upperBound > xRange.lowerBound { return xRange }
        let bounds = series.compactMap { PlotSeries.finiteBounds($0.xs) }
        guard let lo = bounds.map(\.lowerBound).min(), let hi = bounds.map(\.upperBound).max() else { return 0...1 }
        return lo < hi ? lo...hi : (lo - 1)...(hi + 1)
    }

    /// The y range the plot will use.
    public var resolvedYRange: ClosedRange<Double> {
        if let yRange, yRange.upperBound > yRange.lowerBound { return yRange }
        let bounds = series.compactMap { PlotSeries.finiteBounds($0.ys) }
        guard let lo = bounds.map(\.lowerBound).min(), let hi = bounds.map(\.upperBound).max() else { return -1...1 }
        if lo == hi {
            let pad = Swift.max(abs(lo) * 0.1, 1)
            return (lo - pad)...(hi + pad)
        }
        // Padding never pushes all-positive (or all-negative) data across
        // zero: a loss curve's axis starts at 0, not at -0.1.
        let pad = (hi - lo) * yPadding
        let lower = lo >= 0 ? Swift.max(0, lo - pad) : lo - pad
        let upper = hi <= 0 ? Swift.min(0, hi + pad) : hi + pad
        return lower...upper
    }

    /// The colour and marker series `i` is drawn with.
    public func look(ofSeries i: Int) -> (color: SeriesColor, marker: Character) {
        (series[i].color ?? SeriesPalette.color(i), series[i].marker ?? SeriesPalette.marker(i))
    }
}
