// MARK: - Telling series apart

extension LinePlot {
    /// Marker characters: every sample of `.markers` series (in colour when
    /// there is colour), and without colour also every sample of `.points`
    /// series and a few staggered markers along each curve.
    func drawMarkers(into grid: inout CellGrid, frame: AxisFrame, clip: Rect, mode: ColorMode, monochrome: Bool) {
        let plot = frame.plot
        let spacing = Swift.max(4, plot.width / 6)
        for (i, s) in series.enumerated() {
            let (color, marker) = look(ofSeries: i)
            let cell = Cell(marker, style: Style(fg: color.color(mode)))
            if s.kind == .markers || (monochrome && s.kind == .points) {
                for k in s.xs.indices where s.xs[k].isFinite && s.ys[k].isFinite {
                    grid.set(cell, x: plot.x + frame.position(x: s.xs[k]) / 2,
                             y: plot.y + frame.position(y: s.ys[k]) / 4, clip: clip)
                }
                continue
            }
            guard monochrome else { continue }
            // Target columns for this series, and the sample nearest each.
            let offset = (spacing / 2 + i * spacing / series.count) % spacing
            let targets = Array(stride(from: offset, to: plot.width, by: spacing))
            var best = Array(repeating: (distance: Int.max, row: 0), count: targets.count)
            for k in s.xs.indices where s.xs[k].isFinite && s.ys[k].isFinite {
                let dx = frame.position(x: s.xs[k])
                let c = dx >> 1
                guard c >= offset, c < plot.width, (c - offset) % spacing == 0 else { continue }
                let t = (c - offset) / spacing
                let d = abs(dx - (2 * c + 1))
                if d < best[t].distance { best[t] = (d, frame.position(y: s.ys[k]) / 4) }
            }
            for (t, b) in best.enumerated() where b.distance != Int.max {
                grid.set(cell, x: plot.x + targets[t], y: plot.y + b.row, clip: clip)
            }
        }
    }

    func legend(mode: ColorMode, marked: Bool) -> Legend {
        var legend = Legend()
        for (i, s) in series.enumerated() {
            let (color, marker) = look(ofSeries: i)
            let swatch: Cell = marked || s.kind == .markers
                ? Cell(marker, style: Style(fg: color.color(mode)))
                : Cell("━", style: Style(fg: color.color(mode)))
            legend.entries.append(.init(swatch: [swatch], name: s.name, style: .plain))
        }
        if let region = negativeRegion, let label = region.label {
            // The heavy line the axis shows under the span, on the span's tint.
            let swatch = Cell("━", style: Style(fg: region.color.color(mode),
                                                bg: mode == .ansi256 ? region.color.shade(mode) : .default,
                                                attrs: mode == .none ? [.bold] : []))
            legend.entries.append(.init(swatch: [swatch], name: label, style: .plain))
        }
        return legend
    }
}
