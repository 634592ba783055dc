import Foundation
import ProxPlot
import ProxTrain

/// For the selected run: the decision boundary over the training points (2-D
/// data) and the histogram of the latent weights theta, whose pile-up at the
/// clip edges or at +-1 is the thing to see.
enum DataPane {
    static func render(_ s: AppState, into grid: inout CellGrid, _ rect: Rect, theme: Theme) {
        let run = s.selectedRunView
        let area = drawBox(&grid, rect, title: "Data", focused: s.focus == .data, theme: theme,
                           hint: run.map { "\($0.label), epoch \($0.epochs.last?.epoch ?? 0)" })
        guard area.width > 12, area.height > 4 else { return }
        guard let run else {
            grid.text("the selected run's decision boundary and", area.x + 2, area.y + 1, theme.dim, in: area)
            grid.text("latent-weight histogram appear here", area.x + 2, area.y + 2, theme.dim, in: area)
            return
        }
        let twoD = run.preview?.featureCount == 2
        let histogramHeight = twoD ? max(5, area.height * 2 / 5) : area.height
        if twoD {
            let mapRect = Rect(x: area.x, y: area.y, width: area.width, height: area.height - histogramHeight)
            // A duel's boundaries side by side, each under its pair's name in its colour.
            let duelRuns = s.selectedDuel.map { d in d.runs.compactMap { id in s.runs.first { $0.id == id } } } ?? []
            if duelRuns.count > 1 {
                let columns = mapRect.width >= 24 * duelRuns.count ? duelRuns.count : 2
                let rows = (duelRuns.count + columns - 1) / columns
                let w = mapRect.width / columns, h = mapRect.height / rows
                for (i, r) in duelRuns.enumerated() {
                    let tile = Rect(x: mapRect.x + (i % columns) * w, y: mapRect.y + (i / columns) * h, width: w - 1, height: h)
                    grid.text(fit(r.pair, w - 2, unicode: theme.unicode), tile.x + 1, tile.y, theme.run(r.colorIndex), in: tile)
                    boundary(r, &grid, Rect(x: tile.x, y: tile.y + 1, width: tile.width, height: tile.height - 1), theme)
                }
            } else {
                boundary(run, &grid, mapRect, theme)
            }
        }
        let hRect = Rect(x: area.x, y: area.y + area.height - histogramHeight, width: area.width, height: histogramHeight)
        if let m = run.epochs.last, !m.latentHistogram.isEmpty {
            grid.text("latent theta (binarized layers)", hRect.x + 1, hRect.y, theme.dim, in: hRect)
            var h = Histogram(counts: m.latentHistogram.map(Double.init), range: m.histogramRange)
            h.color = SeriesPalette.color(run.colorIndex)
            h.render(into: &grid, rect: Rect(x: hRect.x, y: hRect.y + 1, width: hRect.width, height: hRect.height - 1), mode: theme.mode)
        } else if !twoD {
            grid.text("histogram of theta after the first epoch...", hRect.x + 1, hRect.y + 1, theme.dim, in: hRect)
        }
    }

    static func boundary(_ run: RunView, _ grid: inout CellGrid, _ rect: Rect, _ theme: Theme) {
        guard let b = run.boundary else {
            grid.text("decision boundary after the first epoch...", rect.x + 1, rect.y + 1, theme.dim, in: rect)
            return
        }
        var map = Heatmap(columns: b.columns, rows: b.rows, values: b.values.map(Double.init), x: b.xRange, y: b.yRange)
        if b.classCount > 2 {
            map.classes = b.values.map { Int($0) }
            map.values = Array(repeating: 1, count: b.values.count)
        }
        if let p = run.preview {
            map.points = zip(zip(p.xs, p.ys), p.labels).map { Heatmap.Point(x: $0.0.0, y: $0.0.1, label: $0.1) }
        }
        map.render(into: &grid, rect: rect, mode: theme.mode)
    }
}
