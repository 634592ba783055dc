import ProxCore
import ProxPlot

/// A duel's comparison by epoch, against its first pair: the Hamming
/// distance between binary weights (lines) and the share of test examples
/// on which the deployed networks disagree (markers), in each partner's
/// colour. Drawn beside the loss curves in the runs pane.
enum DuelPlot {
    static func render(_ duel: DuelView, _ s: AppState, _ grid: inout CellGrid, _ rect: Rect, _ theme: Theme) {
        var series: [PlotSeries] = []
        for j in duel.pairs.indices.dropFirst() {
            let points = duel.against(j)
            let color = s.runs.first { $0.id == duel.runs[j] }.map { SeriesPalette.color($0.colorIndex) }
            let name = duel.pairs.count > 2 ? "\(duel.pairs[j]) " : ""
            series.append(PlotSeries("\(name)ham", xs: points.map { Double($0.epoch) }, ys: points.map { 100 * $0.hamming }, color: color))
            series.append(PlotSeries("\(name)dis", xs: points.map { Double($0.epoch) }, ys: points.map { 100 * $0.disagreement },
                                     kind: .markers, color: color, marker: "◆"))
        }
        let epochs = Double(max(1, s.runs.filter { duel.runs.contains($0.id) }.map(\.epochsPlanned).max() ?? 1))
        let top = max(1, series.flatMap(\.ys).filter(\.isFinite).max() ?? 1) * 1.1
        var plot = LinePlot(series: series, xRange: 0...epochs, yRange: 0...min(100, top))
        plot.showZeroLine = false
        grid.text(fit("vs \(duel.pairs[0]): ham/dis %", rect.width - 1, unicode: theme.unicode), rect.x + 1, rect.y, theme.dim, in: rect)
        let footer = rect.height > 8 ? 1 : 0
        plot.render(into: &grid, rect: Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: rect.height - 1 - footer), mode: theme.mode)
        if let last = duel.epochs.last, footer > 0 {
            let line = last.pairings.filter { $0.first == 0 }.map {
                "\(duel.pairs[$0.second]) \(formatFixed(100 * $0.hamming, decimals: 1))/\(formatFixed(100 * $0.disagreement, decimals: 1))"
            }.joined(separator: "  ")
            grid.text(fit("ep \(last.epoch): " + line, rect.width - 1, unicode: theme.unicode), rect.x + 1, rect.maxY - 1, theme.label, in: rect)
        }
    }
}
