import ProxCore
import ProxPlot

/// One weight's PC++ step in the shapes pane: F, B and B' with theta, the
/// point where B' is read and where theta goes marked, and the arithmetic
/// (`WeightStep`) on the rows below. Moving theta across the span where
/// B' < 0 shows the step turn uphill.
enum StepView {
    static func render(_ s: AppState, mu: Double, into grid: inout CellGrid, _ rect: Rect, theme: Theme) {
        let step = WeightStep(s.pair, theta: s.shapes.theta, gradient: s.shapes.gradient, mu: mu, learningRate: s.shapes.learningRate)
        let lines = text(step, s.pair, width: rect.width - 1)
        let textRows = min(lines.count, max(0, rect.height - 5))
        let plotRect = Rect(x: rect.x, y: rect.y, width: rect.width, height: rect.height - textRows)
        plot(s, step, mu: mu).render(into: &grid, rect: plotRect, mode: theme.mode)
        for (i, line) in lines.prefix(textRows).enumerated() {
            let style: Style = i == 0 ? (step.direction == .uphill ? theme.fail : theme.accent) : .plain
            grid.text(" " + fit(line, rect.width - 1, unicode: theme.unicode), rect.x, plotRect.maxY + i, style, in: rect)
        }
    }

    /// The headline (where theta goes and why), then the two lines of
    /// arithmetic, each split at its gaps when the pane is narrow.
    static func text(_ step: WeightStep, _ pair: QuantizerPair, width: Int) -> [String] {
        let arrow = step.next > step.theta ? "->" : (step.next < step.theta ? "<-" : "stays")
        let sign = step.gradient > 0 ? "+" : "-"
        let head = "theta \(formatCompact(step.theta)) \(arrow) \(formatCompact(step.next))   g_w \(sign)1 (g flips)   eta \(formatCompact(step.learningRate))"
        return [head] + step.lines(pair).flatMap { split($0, width: width) }
    }

    /// A line cut at its triple spaces (or ": ") into rows of at most `width`.
    static func split(_ line: String, width: Int) -> [String] {
        guard line.count > width else { return [line] }
        var rows: [String] = [], row = ""
        let parts = line.components(separatedBy: "   ").flatMap { part -> [String] in
            guard part.count > width, let colon = part.range(of: ": ") else { return [part] }
            return [String(part[..<colon.lowerBound]) + ":", String(part[colon.upperBound...])]
        }
        for part in parts {
            if row.isEmpty { row = part } else if row.count + 3 + part.count <= width { row += "   " + part } else {
                rows.append(row)
                row = "  " + part
            }
        }
        if !row.isEmpty { rows.append(row) }
        return rows
    }

    static func plot(_ s: AppState, _ step: WeightStep, mu: Double) -> LinePlot {
        var plot = ShapesPane.plot(s, mu: mu)
        let f = s.pair.forward
        plot.series.append(PlotSeries("theta", xs: [step.theta], ys: [step.w], kind: .markers, marker: "●"))
        plot.series.append(PlotSeries("theta'", xs: [step.next], ys: [f.value(step.next, mu: mu)], kind: .markers, marker: "◆"))
        if step.at == .quantized {
            plot.series.append(PlotSeries("B'(x)", xs: [step.x], ys: [step.multiplier], kind: .markers, marker: "▲"))
        }
        plot.verticalMarkers = [step.theta] + (step.at == .quantized ? [step.x] : [])
        return plot
    }
}
