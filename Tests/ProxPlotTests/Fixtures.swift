import Foundation
import ProxPlot

/// The plots the snapshot and bounds tests share.
enum Fixtures {
    /// sign, clip and a tanh-like curve on [-3, 3]: the forward/backward
    /// pictures the workbench draws. 1.8 tanh leaves the y range
    /// [-1.5, 1.5] on both sides, so clipping at the edges shows; the kinks of
    /// clip at +-1 get guides; the span where 1.8 tanh < 0 is highlighted.
    static var signClipTanh: LinePlot {
        var plot = LinePlot(series: [
            PlotSeries("sign", sampling: { $0 < 0 ? -1 : 1 }, over: -3...3),
            PlotSeries("clip", sampling: { max(-1, min(1, $0)) }, over: -3...3),
            PlotSeries("1.8·tanh", sampling: { 1.8 * tanh($0) }, over: -3...3),
        ])
        plot.yRange = -1.5...1.5
        plot.verticalMarkers = [-1, 1]
        plot.negativeRegion = .init(series: 2, label: "tanh<0")
        return plot
    }

    /// A seeded linear-congruential stream in [0, 1), enough for fixtures.
    struct Stream {
        var state: UInt64
        mutating func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
    }

    /// A ring-shaped decision boundary with points of both classes.
    static var ring: Heatmap {
        var map = Heatmap.sampling(columns: 48, rows: 32, x: -3...3, y: -3...3) { x, y in
            1 / (1 + exp(-2.5 * (x * x + y * y - 4)))
        }
        var s = Stream(state: 42)
        for _ in 0..<40 {
            let x = s.next() * 6 - 3, y = s.next() * 6 - 3
            map.points.append(.init(x: x, y: y, label: x * x + y * y > 4 ? 1 : 0))
        }
        return map
    }

    /// Two bumps of latent weights.
    static var weights: Histogram {
        var s = Stream(state: 7)
        var values: [Double] = []
        for _ in 0..<4000 {
            let u = max(1e-12, s.next()), v = s.next()
            let g = (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
            values.append(s.next() < 0.5 ? g * 0.3 - 0.6 : g * 0.25 + 0.7)
        }
        return Histogram(values: values, bins: 60, range: -1.5...1.5)
    }
}
