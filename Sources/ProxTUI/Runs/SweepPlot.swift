import ProxCore
import ProxPlot
import ProxTrain

/// Final test and deploy accuracy against a swept value, one colour per
/// pair: the mean as a line (test solid, deploy as markers on it), and the
/// spread over seeds as dots at mean +- one standard deviation. The CLI's
/// `sweep` and the workbench's Runs pane draw this one plot.
public enum SweepPlot {
    /// - Parameter outcomes: points of the first axis (the others held), any order.
    public static func plot(_ outcomes: [SweepOutcome]) -> LinePlot {
        var pairs: [String] = []
        for o in outcomes where !pairs.contains(o.pair) { pairs.append(o.pair) }
        var series: [PlotSeries] = []
        for (i, pair) in pairs.enumerated() {
            let mine = outcomes.filter { $0.pair == pair && !$0.test.isEmpty }.sorted { $0.values[0] < $1.values[0] }
            let xs = mine.map { $0.values[0] }
            let color = SeriesPalette.color(i)
            let prefix = pairs.count > 1 ? "\(pair) " : ""
            series.append(PlotSeries("\(prefix)test", xs: xs, ys: mine.map { 100 * $0.testMean }, color: color))
            series.append(PlotSeries("\(prefix)deploy", xs: xs, ys: mine.map { 100 * $0.deployMean }, kind: .markers,
                                     color: color, marker: "◆"))
            var sx: [Double] = [], sy: [Double] = []
            for o in mine where o.test.count > 1 {
                let m = 100 * o.testMean, sd = 100 * Spread.standardDeviation(o.test)
                sx += [o.values[0], o.values[0]]
                sy += [m - sd, m + sd]
            }
            if !sx.isEmpty { series.append(PlotSeries("\(prefix)+-sd", xs: sx, ys: sy, kind: .markers, color: color, marker: "·")) }
        }
        var plot = LinePlot(series: series)
        let ys = series.flatMap(\.ys).filter(\.isFinite)
        if let lo = ys.min(), let hi = ys.max() {
            let pad = max(0.5, 0.08 * (hi - lo))
            plot.yRange = max(0, lo - pad)...min(100, hi + pad)
        }
        plot.showZeroLine = false
        return plot
    }
}
