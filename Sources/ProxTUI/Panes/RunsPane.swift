import Foundation
import ProxCore
import ProxPlot
import ProxTrain

/// Live runs: one line each (in the run's colour, used in every pane), the
/// loss curves overlaid or tiled, and the selected run's metrics.
enum RunsPane {
    static func render(_ s: AppState, into grid: inout CellGrid, _ rect: Rect, theme: Theme) {
        let active = s.runs.filter { $0.status == .running }.count
        let area = drawBox(&grid, rect, title: "Runs", focused: s.focus == .runs, theme: theme,
                           hint: s.runs.isEmpty ? "t to train" : "\(s.runs.count) run\(s.runs.count == 1 ? "" : "s"), \(active) running" + (s.tiledRuns ? ", tiled" : ""))
        guard area.width > 20, area.height > 3 else { return }
        if s.runs.isEmpty {
            let lines = ["No runs yet. Press t to train the pair.", "",
                         "Runs queue one after another, stream in",
                         "here in their own colours and stay for",
                         "comparison."]
            for (i, l) in lines.enumerated() { grid.text(l, area.x + 2, area.y + 1 + i, theme.dim, in: area) }
            return
        }
        let selected = s.selectedRunView?.id
        // Run list: at most a third of the pane, scrolled to keep the selection visible.
        let listHeight = min(s.runs.count, max(1, area.height / 3))
        let selectedIndex = s.runs.firstIndex { $0.id == selected } ?? 0
        let first = min(max(0, selectedIndex - listHeight + 1), max(0, s.runs.count - listHeight))
        for (row, run) in s.runs[first..<min(s.runs.count, first + listHeight)].enumerated() {
            let y = area.y + row
            let isSelected = run.id == selected
            grid.text(isSelected ? theme.pointer : " ", area.x, y, theme.accent, in: area)
            var x = grid.text(theme.unicode ? "●" : "*", area.x + 1, y, theme.run(run.colorIndex), in: area)
            x = grid.text(" " + fit(run.label, 22).padding(toLength: 22, withPad: " ", startingAt: 0), x, y, isSelected ? Style(attrs: .bold) : .plain, in: area)
            let last = run.epochs.last
            let status: String
            switch run.status {
            case .running, .paused: status = "\(run.status.label) \(Int(run.progress * 100))%"
            case .failed(let reason): status = "failed: \(reason)"
            default: status = run.status.label
            }
            var info = "\(fit(DatasetName.short(run.dataset), 12)) \(status)"
            if let last {
                info += "  ep \(last.epoch)  loss \(formatFixed(last.trainLoss, decimals: 3, width: 8))"
                    + "  test \(formatPercent(last.testAccuracy, decimals: 1, width: 8))  deploy \(formatPercent(last.deployAccuracy, decimals: 1, width: 8))"
            } else if let step = run.steps.last {
                info += "  loss \(formatFixed(step.loss, decimals: 3, width: 8))"
            }
            let style: Style = { if case .failed = run.status { return theme.fail }; return theme.dim }()
            grid.text(fit(info, area.x + area.width - x - 1, unicode: theme.unicode), x + 1, y, style, in: area)
        }
        let metricsHeight = area.height >= 18 ? 4 : (area.height >= 10 ? 1 : 0)
        let plotRect = Rect(x: area.x, y: area.y + listHeight, width: area.width, height: area.height - listHeight - metricsHeight)
        if plotRect.height >= 4 {
            if let l = s.ledger, l.runID == selected {
                // The cost ledger replaces the curves while it is open.
                ledger(l, &grid, plotRect, theme)
            } else {
                // A duel's comparison goes beside the loss curves.
                var lossRect = plotRect
                if let duel = s.selectedDuel, !duel.epochs.isEmpty, plotRect.width >= 56 {
                    let w = plotRect.width * 9 / 20
                    lossRect.width -= w
                    DuelPlot.render(duel, s, &grid, Rect(x: lossRect.maxX, y: plotRect.y, width: w, height: plotRect.height), theme)
                } else if let sweep = s.selectedSweep, plotRect.width >= 56 {
                    // A sweep's accuracy against its value, beside the loss curves.
                    let w = plotRect.width * 9 / 20
                    lossRect.width -= w
                    let side = Rect(x: lossRect.maxX, y: plotRect.y, width: w, height: plotRect.height)
                    let outcomes = sweep.outcomes(s.runs)
                    grid.text(fit("final % against \(sweep.axis)", w - 1, unicode: theme.unicode), side.x + 1, side.y, theme.dim, in: side)
                    if outcomes.isEmpty {
                        grid.text("after the first finished run...", side.x + 2, side.y + 2, theme.dim, in: side)
                    } else {
                        SweepPlot.plot(outcomes).render(into: &grid, rect: Rect(x: side.x, y: side.y + 1, width: side.width, height: side.height - 1), mode: theme.mode)
                    }
                }
                if s.tiledRuns && s.runs.count > 1 { tiled(s, &grid, lossRect, theme) } else { overlay(s, &grid, lossRect, theme) }
            }
        }
        if metricsHeight > 0, let run = s.selectedRunView {
            metrics(run, &grid, Rect(x: area.x, y: area.y + area.height - metricsHeight, width: area.width, height: metricsHeight), theme)
        }
    }

    static func lossSeries(_ run: RunView) -> PlotSeries {
        let total = Double(max(1, run.stepsPerEpoch))
        return PlotSeries(run.label, xs: run.steps.map { Double($0.step) / total }, ys: run.steps.map(\.loss),
                          color: SeriesPalette.color(run.colorIndex))
    }

    static func overlay(_ s: AppState, _ grid: inout CellGrid, _ rect: Rect, _ theme: Theme) {
        let series = s.runs.filter { !$0.steps.isEmpty }.map(lossSeries)
        guard !series.isEmpty else {
            grid.text("waiting for the first steps...", rect.x + 2, rect.y + 1, theme.dim, in: rect)
            return
        }
        let maxEpochs = Double(s.runs.map(\.epochsPlanned).max() ?? 1)
        var plot = LinePlot(series: series, xRange: 0...max(1, maxEpochs))
        plot.showZeroLine = false
        plot.showLegend = false
        grid.text("training loss by epoch", rect.x + rect.width - 23, rect.y, theme.dim, in: rect)
        plot.render(into: &grid, rect: rect, mode: theme.mode)
    }

    static func tiled(_ s: AppState, _ grid: inout CellGrid, _ rect: Rect, _ theme: Theme) {
        let runs = s.runs
        let columns = min(runs.count, max(1, rect.width / 28))
        let rows = (runs.count + columns - 1) / columns
        let w = rect.width / columns, h = max(3, rect.height / rows)
        for (i, run) in runs.enumerated() {
            let r = Rect(x: rect.x + (i % columns) * w, y: rect.y + (i / columns) * h, width: w, height: h)
            guard r.y + r.height <= rect.y + rect.height else { break }
            grid.text(fit(run.label, w - 1), r.x + 1, r.y, theme.run(run.colorIndex), in: r)
            guard !run.steps.isEmpty else { continue }
            var plot = LinePlot(series: [lossSeries(run)], xRange: 0...Double(max(1, run.epochsPlanned)))
            plot.showLegend = false
            plot.showZeroLine = false
            plot.render(into: &grid, rect: Rect(x: r.x, y: r.y + 1, width: r.width, height: r.height - 1), mode: theme.mode)
        }
    }

    /// The selected run's cost ledger (`RunLedger`) where the curves were.
    static func ledger(_ l: RunLedger, _ grid: inout CellGrid, _ rect: Rect, _ theme: Theme) {
        grid.text(fit(" cost ledger: " + l.caption, rect.width, unicode: theme.unicode), rect.x, rect.y, theme.dim, in: rect)
        let lines = alignedColumns(l.table, gap: 2)
        for (i, line) in lines.prefix(max(0, rect.height - 3)).enumerated() {
            grid.text(fit(" " + line, rect.width, unicode: theme.unicode), rect.x, rect.y + 1 + i, i == 0 ? theme.label : .plain, in: rect)
        }
        grid.text(fit(" " + l.verdict, rect.width, unicode: theme.unicode), rect.x, rect.y + rect.height - 1, theme.accent, in: rect)
    }

    /// docs/THEORY.md section 6's metrics of the selected run's last epoch.
    static func metrics(_ run: RunView, _ grid: inout CellGrid, _ rect: Rect, _ theme: Theme) {
        guard let m = run.epochs.last else {
            grid.text(" \(run.label): \(run.status.label), \(run.model) on \(run.dataset)", rect.x, rect.y, theme.dim, in: rect)
            return
        }
        let columnWidth = 16
        // Each value fits its column, after the label and a space, with a space to spare.
        func fitted(_ label: String, _ value: (Int) -> String) -> (String, String) { (label, value(columnWidth - label.count - 2)) }
        let cells: [(String, String)] = [
            ("epoch", "\(m.epoch)/\(run.epochsPlanned)\(m.phase == .pretrain ? " pretrain" : "")"), fitted("loss") { formatFixed(m.trainLoss, decimals: 4, width: $0) },
            fitted("train") { formatPercent(m.trainAccuracy, decimals: 1, width: $0) },
            fitted("test") { formatPercent(m.testAccuracy, decimals: 1, width: $0) },
            fitted("deploy") { formatPercent(m.deployAccuracy, decimals: 1, width: $0) },
            fitted("flip") { formatPercent(m.flipRatio, decimals: 1, width: $0) },
            fitted("sat") { formatPercent(m.saturation, decimals: 1, width: $0) },
            fitted("at clip") { formatPercent(m.atClip, decimals: 1, width: $0) },
            fitted("gap") { formatFixed(m.quantizationGap, decimals: 4, width: $0) }, ("mu", formatCompact(m.mu)),
            ("lr", formatCompact(m.learningRate)), fitted("ex/s") { formatWhole(m.examplesPerSecond, width: $0) },
        ]
        if rect.height == 1 {
            let line = cells.prefix(8).map { "\($0.0) \($0.1)" }.joined(separator: "  ")
            grid.text(fit(" " + line, rect.width, unicode: theme.unicode), rect.x, rect.y, theme.label, in: rect)
            return
        }
        grid.text(" \(run.label)  \(run.model) on \(run.dataset)" + (run.logDirectory.map { "  log \($0)" } ?? ""), rect.x, rect.y, theme.run(run.colorIndex), in: rect)
        let perRow = max(1, rect.width / columnWidth)
        for (i, cell) in cells.enumerated() {
            let row = 1 + i / perRow, col = i % perRow
            guard row < rect.height else { break }
            let x = rect.x + 1 + col * columnWidth
            let nx = grid.text(cell.0 + " ", x, rect.y + row, theme.dim, in: rect)
            grid.text(cell.1, nx, rect.y + row, .plain, in: rect)
        }
    }
}
