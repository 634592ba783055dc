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
            if s.kind == .markers || (s.kind == .points && markSeries) { continue }
            draw(s, on: &canvas, frame: frame, style: style)
        }
        canvas.draw(into: &grid, rect: plot.intersection(clip))
        drawMarkers(into: &grid, frame: frame, clip: clip.intersection(plot), mode: mode, monochrome: markSeries)

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
        let bottom = Double(canvas.dotHeight - 1)
        var previous: (x: Double, y: Double)?
        for i in s.xs.indices {
            let x = s.xs[i], y = s.ys[i]
            guard x.isFinite, y.isFinite else { previous = nil; continue }
            let p = (x: frame.rawPosition(x: x), y: frame.rawPosition(y: y))
            switch s.kind {
            case .points, .markers:
                canvas.set(dotX: Int(p.x.rounded()), dotY: Int(min(max(p.y, 0), bottom).rounded()), style: style)
            case .line:
                LinePlot.clampedSegment(from: previous ?? p, to: p, bottom: bottom, on: &canvas, style: style)
            case .steps:
                if let q = previous {
                    LinePlot.clampedSegment(from: q, to: (p.x, q.y), bottom: bottom, on: &canvas, style: style)
                    LinePlot.clampedSegment(from: (p.x, q.y), to: p, bottom: bottom, on: &canvas, style: style)
                } else {
                    LinePlot.clampedSegment(from: p, to: p, bottom: bottom, on: &canvas, style: style)
                }
            }
            previous = p
        }
    }

    /// Draws the segment a-b (dot coordinates, y unclamped) as the graph of
    /// the clamped line: the parts beyond the top or bottom edge run along
    /// that edge. The segment is split where it crosses an edge; each piece
    /// then lies wholly inside or wholly beyond, so clamping its ends is exact.
    static func clampedSegment(from a: (x: Double, y: Double), to b: (x: Double, y: Double), bottom: Double,
                               on canvas: inout BrailleCanvas, style: Style) {
        func dot(_ p: (x: Double, y: Double)) -> (x: Int, y: Int) {
            (Int(p.x.rounded()), Int(min(max(p.y, 0), bottom).rounded()))
        }
        let inside = (0...bottom)
        guard !(inside.contains(a.y) && inside.contains(b.y)), a.y != b.y else {
            canvas.line(from: dot(a), to: dot(b), style: style)
            return
        }
        var ts: [Double] = []
        for edge in [0, bottom] {
            let t = (edge - a.y) / (b.y - a.y)
            if t > 0 && t < 1 { ts.append(t) }
        }
        ts.sort()
        var start = a
        for t in ts + [1] {
            let end = t == 1 ? b : (a.x + t * (b.x - a.x), a.y + t * (b.y - a.y))
            canvas.line(from: dot(start), to: dot(end), style: style)
            start = end
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
}
