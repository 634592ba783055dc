import Foundation

/// Tick positions at "nice" numbers: multiples of 1, 2 or 5 times a power of
/// ten, the steps a reader can interpolate between without arithmetic.
///
/// The step is the smallest nice number that puts at most `maxCount` ticks in
/// the range; ticks are computed as integer multiples of the step (never by
/// repeated addition), so 0.1 * 3 prints as 0.3 and 0 is exactly 0.
///
///     NiceTicks(in: -1.5...1.5, maxCount: 5).values == [-1, 0, 1]
///     NiceTicks(in: -3...3, maxCount: 7).values == [-3, -2, -1, 0, 1, 2, 3]
public struct NiceTicks: Hashable, Sendable {
    /// The distance between neighbouring ticks.
    public let step: Double
    /// The ticks inside the range, ascending.
    public let values: [Double]

    public init(in range: ClosedRange<Double>, maxCount: Int) {
        let lo = range.lowerBound, hi = range.upperBound
        let span = hi - lo
        guard span.isFinite, span > 0, lo.isFinite, maxCount >= 1 else {
            step = 1
            values = lo.isFinite ? [lo] : []
            return
        }
        let target = span / Double(max(1, maxCount))
        var magnitude = pow(10, (log10(target)).rounded(.down))
        var chosen = magnitude
        search: while true {
            for m in [1.0, 2.0, 5.0] {
                let s = m * magnitude
                if NiceTicks.count(lo, hi, s) <= maxCount { chosen = s; break search }
            }
            magnitude *= 10
        }
        step = chosen
        let first = (lo / chosen).rounded(.up), last = (hi / chosen).rounded(.down)
        var values: [Double] = []
        if first <= last {
            values.reserveCapacity(Int(last - first) + 1)
            var k = first
            while k <= last {
                let v = k * chosen
                values.append(v == 0 ? 0 : v)  // no -0
                k += 1
            }
        }
        self.values = values
    }

    private static func count(_ lo: Double, _ hi: Double, _ step: Double) -> Int {
        let first = (lo / step).rounded(.up), last = (hi / step).rounded(.down)
        return first > last ? 0 : Int(last - first) + 1
    }

    /// Labels for the ticks, all in one format (see `TickLabel`).
    public var labels: [String] { TickLabel.labels(for: values, step: step) }
}
