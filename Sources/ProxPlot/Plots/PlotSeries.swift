/// One named curve of a `LinePlot`: samples, and how to draw them.
///
/// Samples are kept as two parallel arrays (the layout quantizer sampling
/// produces, and the one the renderer walks). Non-finite values are gaps:
/// a NaN or infinite y (or x) ends the current stroke and the next finite
/// sample starts a new one, so a quantizer undefined at a point shows a
/// hole rather than a spike to the edge.
public struct PlotSeries: Sendable {
    /// How the samples are joined.
    public enum Kind: Hashable, Sendable {
        /// Straight segments between consecutive samples.
        case line
        /// Each sample on its own, as one braille dot: precise, for dense
        /// scatters (a marker without colour).
        case points
        /// Each sample as the series' marker character in its colour: a
        /// whole cell, so visible at a glance, for a few samples such as
        /// evaluations every N steps.
        case markers
        /// Held constant until the next sample, then a vertical jump: for
        /// piecewise-constant values like a learning-rate schedule.
        case steps
    }

    public var name: String
    public var xs: [Double]
    public var ys: [Double]
    public var kind: Kind
    /// Nil takes the plot's palette colour for the series' position.
    public var color: SeriesColor?
    /// Nil takes the palette marker for the series' position.
    public var marker: Character?

    public init(_ name: String, xs: [Double], ys: [Double], kind: Kind = .line,
                color: SeriesColor? = nil, marker: Character? = nil) {
        precondition(xs.count == ys.count, "series \(name): \(xs.count) xs but \(ys.count) ys")
        self.name = name
        self.xs = xs
        self.ys = ys
        self.kind = kind
        self.color = color
        self.marker = marker
    }

    public init(_ name: String, points: [(x: Double, y: Double)], kind: Kind = .line,
                color: SeriesColor? = nil, marker: Character? = nil) {
        self.init(name, xs: points.map(\.x), ys: points.map(\.y), kind: kind, color: color, marker: marker)
    }

    /// `ys` at evenly spaced x (y plotted against sample index when no x
    /// values exist, as for a loss curve by step).
    public init(_ name: String, ys: [Double], kind: Kind = .line,
                color: SeriesColor? = nil, marker: Character? = nil) {
        self.init(name, xs: ys.indices.map(Double.init), ys: ys, kind: kind, color: color, marker: marker)
    }

    /// `f` sampled at `count` evenly spaced points of `range`, ends included.
    public init(_ name: String, sampling f: (Double) -> Double, over range: ClosedRange<Double>,
                count: Int = 401, kind: Kind = .line, color: SeriesColor? = nil, marker: Character? = nil) {
        let n = max(2, count)
        let lo = range.lowerBound, span = range.upperBound - range.lowerBound
        let xs = (0..<n).map { lo + span * Double($0) / Double(n - 1) }
        self.init(name, xs: xs, ys: xs.map(f), kind: kind, color: color, marker: marker)
    }

    /// The smallest and largest finite values of `values`, or nil.
    static func finiteBounds(_ values: [Double]) -> ClosedRange<Double>? {
        var lo = Double.infinity, hi = -Double.infinity
        for v in values where v.isFinite {
            if v < lo { lo = v }
            if v > hi { hi = v }
        }
        return lo <= hi ? lo...hi : nil
    }
}
