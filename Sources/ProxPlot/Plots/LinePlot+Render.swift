// MARK: - Rendering

extension LinePlot {
    /// A fresh grid of the given size holding only this plot.
    public func render(width: Int, height: Int, mode: ColorMode) -> CellGrid {
        var grid = CellGrid(width: width, height: height)
        render(into: &grid, rect: grid.bounds, mode: mode)
        return grid
    }

    /// Draws the plot into `rect` of `grid`, clearing the rect first and
    /// touching nothing outside it.
    ///
    /// How series are told apart:
    /// - with colour, by colour alone: each curve is a continuous braille
    ///   line, and the legend shows a swatch in its colour;
    /// - without colour (`.none`), every curve is still drawn as a braille
    ///   line, and each also carries its marker character (• + x o …) at a
    ///   few evenly spaced columns, staggered between series so that markers
    ///   of overlapping curves do not land on each other. This keeps each
    ///   curve's exact shape, which kinks and clipping make the point of the
    ///   picture, while the markers (repeated in the legend) say which curve
    ///   is which, the way a printed chart uses "-o-" and "-x-". Marking
    ///   every sample column instead would turn overlapping curves (sign and
    ///   clip coincide past |x| = 1) into a row of competing glyphs.
    public func render(into grid: inout CellGrid, rect: Rect, mode: ColorMode) {
        let clip = rect.intersection(grid.bounds)
        grid.fill(clip, with: .blank)
        guard !rect.isEmpty else { return }

        let legendRows = showLegend && rect.height >= 6 ? 1 : 0
        let xr = resolvedXRange, yr = resolvedYRange
        let frame = AxisFrame(rect: rect.inset(top: legendRows), x: xr, y: yr,
                              xResolution: 2, yResolution: 4, axes: showAxes)
        let plot = frame.plot
        guard !plot.isEmpty else { return }
        let markSeries = mode == .none && series.count > 1

        // Negative span: a background tint at 256 colours, and a heavy x axis
        // at every depth (the only cue that survives monochrome).
        var negative: [Bool] = []
        var highlight = Style.plain
        if let region = negativeRegion, series.indices.contains(region.series) {
            negative = negativeColumns(of: series[region.series], frame: frame)
            highlight = Style(fg: region.color.color(mode), attrs: mode == .none ? [.bold] : [])
            if mode == .ansi256 {
                let shade = region.color.shade(mode)
                for (i, isNegative) in negative.enumerated() where isNegative {
                    grid.restyle(Rect(x: plot.x + i, y: plot.y, width: 1, height: plot.height).intersection(clip)) {
                        $0.bg = shade
                    }
                }
            }
        }

        var canvas = BrailleCanvas(width: plot.width, height: plot.height)
        drawGuides(on: &canvas, frame: frame, mode: mode)
        for (i, s) in series.enumerated() {
            let style = Style(fg: look(ofSeries: i).color.color(mode))
            if s.kind == .points && markSeries { continue }
            draw(s, on: &canvas, frame: frame, style: style)
        }
        canvas.draw(into: &grid, rect: plot.intersection(clip))
        if markSeries { drawMarkers(into: &grid, frame: frame, clip: clip.intersection(plot)) }

        let axisStyle = Style(fg: SeriesPalette.axis.color(mode), attrs: mode == .none ? [.dim] : [])
        frame.draw(into: &grid, clip: clip, lineStyle: axisStyle, labelStyle: .plain,
                   highlight: negative, highlightStyle: highlight)
        if legendRows > 0 { legend(mode: mode, marked: markSeries).draw(into: &grid, x: plot.x, y: rect.y, clip: clip) }
    }

    // MARK: - Layers

    private func drawGuides(on canvas: inout BrailleCanvas, frame: AxisFrame, mode: ColorMode) {
        let style = Style(fg: SeriesPalette.guide.color(mode), attrs: mode == .none ? [.dim] : [])
        let (xr, yr) = (frame.xRange, frame.yRange)
        if showZeroLine, yr.lowerBound < 0, yr.upperBound > 0 {
            let y = frame.position(y: 0)
            for x in 0..<canvas.dotWidth { canvas.set(dotX: x, dotY: y, style: style) }
        }
        for v in verticalMarkers where v > xr.lowerBound && v < xr.upperBound {
            let x = frame.position(x: v)
            // Every other dot: a dashed guide, lighter than any curve.
            for y in stride(from: 0, to: canvas.dotHeight, by: 2) { canvas.set(dotX: x, dotY: y, style: style) }
        }
    }

    private func draw(_ s: PlotSeries, on canvas: inout BrailleCanvas, frame: AxisFrame, style: Style) {
        var previous: (x: Int, y: Int)?
        for i in s.xs.indices {
            let x = s.xs[i], y = s.ys[i]
            guard x.isFinite, y.isFinite else { previous = nil; continue }
            let p = (x: frame.position(x: x), y: frame.position(y: y))
            switch s.kind {
            case .points:
                canvas.set(dotX: p.x, dotY: p.y, style: style)
            case .line:
                canvas.line(from: previous ?? p, to: p, style: style)
            case .steps:
                if let q = previous {
                    canvas.line(from: q, to: (p.x, q.y), style: style)
                    canvas.line(from: (p.x, q.y), to: p, style: style)
                } else {
                    canvas.set(dotX: p.x, dotY: p.y, style: style)
                }
            }
            previous = p
        }
    }

    /// Plot columns (cells) where the series is below zero: every column a
    /// negative sample falls in, and every column between two consecutive
    /// negative samples, so a coarsely sampled series still shades a span.
    private func negativeColumns(of s: PlotSeries, frame: AxisFrame) -> [Bool] {
        let w = frame.plot.width
        var columns = Array(repeating: false, count: w)
        func mark(_ a: Int, _ b: Int) {
            let lo = Swift.max(0, Swift.min(a, b) / 2), hi = Swift.min(w - 1, Swift.max(a, b) / 2)
            if lo <= hi { for c in lo...hi { columns[c] = true } }
        }
        var previous: Int?
        for i in s.xs.indices {
            let x = s.xs[i], y = s.ys[i]
            guard x.isFinite, y.isFinite, y < 0 else { previous = nil; continue }
            let px = frame.position(x: x)
            mark(previous ?? px, px)
            previous = px
        }
        return columns
    }

    /// Monochrome markers: a few per curve at staggered columns, or one per
    /// sample cell for point series.
    private func drawMarkers(into grid: inout CellGrid, frame: AxisFrame, clip: Rect) {
        let plot = frame.plot
        let spacing = Swift.max(4, plot.width / 6)
        for (i, s) in series.enumerated() {
            let cell = Cell(look(ofSeries: i).marker, style: .plain)
            if s.kind == .points {
                for k in s.xs.indices where s.xs[k].isFinite && s.ys[k].isFinite {
                    grid.set(cell, x: plot.x + frame.position(x: s.xs[k]) / 2,
                             y: plot.y + frame.position(y: s.ys[k]) / 4, clip: clip)
                }
                continue
            }
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

    private func legend(mode: ColorMode, marked: Bool) -> Legend {
        var legend = Legend()
        for (i, s) in series.enumerated() {
            let (color, marker) = look(ofSeries: i)
            let swatch: Cell = marked ? Cell(marker) : Cell("━", style: Style(fg: color.color(mode)))
            legend.entries.append(.init(swatch: [swatch], name: s.name, style: .plain))
        }
        if let region = negativeRegion, let label = region.label {
            let swatch: Cell = mode == .ansi256
                ? Cell(" ", style: Style(bg: region.color.shade(mode)))
                : Cell("━", style: Style(fg: region.color.color(mode), attrs: mode == .none ? [.bold] : []))
            legend.entries.append(.init(swatch: [swatch], name: label, style: .plain))
        }
        return legend
    }
}
