/// A field of values over a 2-D region, drawn as coloured backgrounds two
/// pixels per cell, with scattered labelled points on top: the workbench's
/// picture of a classifier's decision boundary over its training points.
///
/// At 256 colours each cell shows an upper and a lower pixel with the half
/// block '▀' (its foreground paints the upper half, its background the
/// lower), doubling the vertical resolution so that pixels come out roughly
/// square. At 16 colours and without colour each cell shows one shade
/// character for its two pixels (see `ColorRamp`), and without colour points
/// are told apart by their class's palette marker instead of its colour.
///
/// The field is a row-major `columns` x `rows` array with row 0 at the TOP
/// (the largest y), as an image is stored; it is scaled to the target by
/// nearest neighbour. Values are either in [0, 1] (drawn through `ramp`), or,
/// when `classes` is given, a class index per pixel (drawn in the class's
/// palette shade) with `values` as the confidence (below 0.5: a neutral grey,
/// the uncertain band).
///
///     let map = Heatmap.sampling(columns: 48, rows: 32, x: -1...1, y: -1...1) { x, y in
///         1 / (1 + exp(-8 * (x - y)))
///     }
public struct Heatmap: Sendable {
    /// A point drawn over the field, in the same coordinates as its ranges.
    public struct Point: Hashable, Sendable {
        public var x: Double
        public var y: Double
        public var label: Int
        public init(x: Double, y: Double, label: Int) { self.x = x; self.y = y; self.label = label }
    }

    public var columns: Int
    public var rows: Int
    /// Row-major, row 0 at the top; in [0, 1].
    public var values: [Double]
    /// Optional class per pixel (same layout as `values`).
    public var classes: [Int]?
    public var ramp: ColorRamp = .diverging
    /// The region the field covers; points outside it are not drawn.
    public var xRange: ClosedRange<Double>
    public var yRange: ClosedRange<Double>
    public var points: [Point] = []
    public var showAxes = false

    public init(columns: Int, rows: Int, values: [Double], classes: [Int]? = nil,
                x: ClosedRange<Double> = 0...1, y: ClosedRange<Double> = 0...1) {
        precondition(values.count == columns * rows, "heatmap: \(values.count) values for \(columns)x\(rows)")
        precondition(classes.map { $0.count == values.count } ?? true, "heatmap: one class per value")
        self.columns = columns
        self.rows = rows
        self.values = values
        self.classes = classes
        self.xRange = x
        self.yRange = y
    }

    /// `f(x, y)` at the centre of each of `columns` x `rows` pixels over the region.
    public static func sampling(columns: Int, rows: Int, x: ClosedRange<Double>, y: ClosedRange<Double>,
                                _ f: (Double, Double) -> Double) -> Heatmap {
        var values: [Double] = []
        values.reserveCapacity(columns * rows)
        for r in 0..<rows {
            let py = y.upperBound - (Double(r) + 0.5) / Double(rows) * (y.upperBound - y.lowerBound)
            for c in 0..<columns {
                let px = x.lowerBound + (Double(c) + 0.5) / Double(columns) * (x.upperBound - x.lowerBound)
                values.append(f(px, py))
            }
        }
        return Heatmap(columns: columns, rows: rows, values: values, x: x, y: y)
    }
}

// MARK: - Rendering

extension Heatmap {
    public func render(width: Int, height: Int, mode: ColorMode) -> CellGrid {
        var grid = CellGrid(width: width, height: height)
        render(into: &grid, rect: grid.bounds, mode: mode)
        return grid
    }

    /// Draws the field and points into `rect`, clearing it first and touching
    /// nothing outside it.
    public func render(into grid: inout CellGrid, rect: Rect, mode: ColorMode) {
        let clip = rect.intersection(grid.bounds)
        grid.fill(clip, with: .blank)
        guard !rect.isEmpty, columns > 0, rows > 0 else { return }
        let frame = AxisFrame(rect: rect, x: xRange, y: yRange, xResolution: 1, yResolution: 2, axes: showAxes)
        let plot = frame.plot
        let area = plot.intersection(clip)
        guard !area.isEmpty else { return }
        let pixelRows = plot.height * 2

        for cy in area.y..<area.maxY {
            let top = (cy - plot.y) * 2
            // Nearest neighbour: the source pixel under each target pixel's centre.
            let rowTop = ((2 * top + 1) * rows) / (2 * pixelRows), rowBottom = ((2 * top + 3) * rows) / (2 * pixelRows)
            let sourceTop = min(rowTop, rows - 1) * columns, sourceBottom = min(rowBottom, rows - 1) * columns
            for cx in area.x..<area.maxX {
                let col = min(((2 * (cx - plot.x) + 1) * columns) / (2 * plot.width), columns - 1)
                let a = sourceTop + col, b = sourceBottom + col
                var cell = Cell.blank
                switch mode {
                case .none:
                    cell.scalar = monochromeShade(a, b)
                case .ansi16:
                    (cell.scalar, cell.fg) = ink16(a, b)
                case .ansi256:
                    let upper = pixelColor(a), lower = pixelColor(b)
                    if upper == lower {
                        cell.bg = lower
                    } else {
                        cell.scalar = "▀"
                        cell.fg = upper
                        cell.bg = lower
                    }
                }
                grid.cells[cy * grid.width + cx] = cell
            }
        }

        drawPoints(into: &grid, plot: plot, area: area, mode: mode)
        if showAxes {
            frame.draw(into: &grid, clip: clip, lineStyle: Style(fg: SeriesPalette.axis.color(mode), attrs: mode == .none ? [.dim] : []),
                       labelStyle: .plain)
        }
    }

    /// The background of one pixel at 256 colours.
    private func pixelColor(_ i: Int) -> TermColor {
        guard let classes else { return ramp.color256(values[i]) }
        return values[i] < 0.5 ? .indexed(237) : SeriesPalette.color(classes[i]).shade(.ansi256)
    }

    /// One character per cell at 16 colours, from the upper pixel for classes
    /// and the mean of both pixels for values.
    private func ink16(_ a: Int, _ b: Int) -> (Unicode.Scalar, TermColor) {
        guard let classes else { return ramp.ink16((values[a] + values[b]) / 2) }
        return values[a] < 0.5 ? (" ", .default) : ("░", SeriesPalette.color(classes[a]).color(.ansi16))
    }

    private func monochromeShade(_ a: Int, _ b: Int) -> Unicode.Scalar {
        guard let classes else { return ramp.shade((values[a] + values[b]) / 2) }
        let shades: [Unicode.Scalar] = [" ", "░", "▒", "▓"]
        return values[a] < 0.5 ? " " : shades[classes[a] % shades.count]
    }

    /// Points as markers; a later point in the same cell wins. The marker
    /// keeps the background of the pixel the point lies in.
    private func drawPoints(into grid: inout CellGrid, plot: Rect, area: Rect, mode: ColorMode) {
        let xSpan = xRange.upperBound - xRange.lowerBound, ySpan = yRange.upperBound - yRange.lowerBound
        guard xSpan > 0, ySpan > 0 else { return }
        for p in points where xRange.contains(p.x) && yRange.contains(p.y) {
            let px = min(Int((p.x - xRange.lowerBound) / xSpan * Double(plot.width)), plot.width - 1)
            let py = min(Int((yRange.upperBound - p.y) / ySpan * Double(plot.height * 2)), plot.height * 2 - 1)
            let x = plot.x + px, y = plot.y + py / 2
            guard area.contains(x: x, y: y) else { continue }
            let i = y * grid.width + x
            var cell = grid.cells[i]
            if mode == .none {
                cell = Cell(SeriesPalette.marker(p.label), style: .init(attrs: .bold))
            } else {
                if cell.scalar == "▀" && py % 2 == 0 { cell.bg = cell.fg }
                cell.scalar = "●"
                cell.fg = SeriesPalette.color(p.label).color(mode)
                cell.attrs = []
            }
            grid.cells[i] = cell
        }
    }
}
