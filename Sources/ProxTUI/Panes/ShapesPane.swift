import Foundation
import ProxCore
import ProxPlot

/// F, B, B' (and P) at the scrubbed mu, with the kinks dotted and the
/// region where B' < 0 marked: where BNN+'s multiplier turns the gradient
/// uphill is visible at a glance. Two more views share the pane and its mu
/// control: the proximal view (r) and one weight's step (o).
enum ShapesPane {
    static func render(_ s: AppState, into grid: inout CellGrid, _ rect: Rect, theme: Theme) {
        let title = s.shapes.view == .curves ? "Shapes" : "Shapes: \(s.shapes.view.title)"
        let area = drawBox(&grid, rect, title: title, focused: s.focus == .shapes, theme: theme,
                           hint: "x in [-\(formatCompact(s.shapes.halfRange)), \(formatCompact(s.shapes.halfRange))]")
        guard area.width > 10, area.height > 4 else { return }
        let mu = s.mu
        // The mu control: the value, a slider along the schedule, the schedule.
        var x = grid.text(" mu = \(formatCompact(mu))", area.x, area.y, theme.accent, in: area)
        let sliderWidth = max(8, min(30, area.width - x + area.x - 28))
        x += 2
        let knob = Int((Double(sliderWidth - 1) * s.shapes.position).rounded())
        for i in 0..<sliderWidth {
            let ch: Character = i == knob ? (theme.unicode ? "●" : "O") : (i < knob ? (theme.unicode ? "━" : "=") : (theme.unicode ? "─" : "-"))
            grid.set(Cell(ch, style: i <= knob ? theme.accent : theme.dim), x: x + i, y: area.y, clip: area)
        }
        x += sliderWidth + 1
        let sched = s.shapes.muOverride == nil ? s.pair.schedule.description : "typed (schedule \(s.pair.schedule))"
        grid.text(fit(sched, area.x + area.width - x, unicode: theme.unicode), x, area.y, theme.dim, in: area)
        let plotRect = Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 1)
        switch s.shapes.view {
        case .curves: plot(s, mu: mu).render(into: &grid, rect: plotRect, mode: theme.mode)
        case .proximal:
            // About two samples per braille dot across the pane: enough for the kinks, cheap per frame.
            ProximalFigure(pair: s.pair, mu: mu, halfRange: s.shapes.halfRange, samples: max(201, 4 * plotRect.width + 1))
                .render(into: &grid, rect: plotRect, mode: theme.mode, noteStyle: theme.dim)
        case .step: StepView.render(s, mu: mu, into: &grid, plotRect, theme: theme)
        }
    }

    static func plot(_ s: AppState, mu: Double) -> LinePlot {
        let pair = s.pair
        let h = s.shapes.halfRange
        let n = 321
        let xs = (0..<n).map { Float(-h + 2 * h * Double($0) / Double(n - 1)) }
        let f = pair.forward.evaluate(xs, mu: mu), b = pair.backward.evaluate(xs, mu: mu)
        let dx = xs.map(Double.init)
        var series = [
            PlotSeries("F", xs: dx, ys: f.values.map(Double.init)),
            PlotSeries("B", xs: dx, ys: b.values.map(Double.init)),
            PlotSeries("B'", xs: dx, ys: b.derivatives.map(Double.init)),
        ]
        if s.shapes.showProx, let p = pair.prox, p != pair.forward {
            series.append(PlotSeries("P", xs: dx, ys: p.evaluate(xs, mu: mu).values.map(Double.init)))
        }
        let ys = series.flatMap(\.ys).filter(\.isFinite)
        let lo = max(-6, min(ys.min() ?? -1, -1.2)), hi = min(6, max(ys.max() ?? 1, 1.2))
        let pad = 0.06 * (hi - lo)
        let kinks = Set(pair.forward.kinks(mu: mu) + pair.backward.kinks(mu: mu)).filter { abs($0) <= h }
        return LinePlot(series: series, xRange: -h...h, yRange: (lo - pad)...(hi + pad),
                        verticalMarkers: kinks.sorted(), negativeRegion: .init(series: 2, label: "B' < 0"))
    }
}
