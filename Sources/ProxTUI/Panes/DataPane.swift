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
            if let b = run.boundary {
                var map = Heatmap(columns: b.columns, rows: b.rows, values: b.values.map(Double.init),
                                  x: b.xRange, y: b.yRange)
                if b.classCount > 2 {
                    map.classes = b.values.map { Int($0) }
                    map.values = Array(repeating: 1, count: b.values.count)
                }
                if let p = run.preview {
                    map.points = zip(zip(p.xs, p.ys), p.labels).map { Heatmap.Point(x: $0.0.0, y: $0.0.1, label: $0.1) }
                }
                map.render(into: &grid, rect: mapRect, mode: theme.mode)
            } else {
                grid.text("decision boundary after the first epoch...", mapRect.x + 1, mapRect.y + 1, theme.dim, in: mapRect)
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
}
