/// The left and bottom axes of a chart and the data area they frame.
///
/// Shared by the line plot and the histogram so that both read the same way:
///
///      1.5┤
///         │        (y labels right-aligned, '┤' at each tick row)
///        0┤
///         └──┬────┬────┬──
///           -2    0    2    (x labels centred on their '┬', never touching)
///
/// Tick counts follow the available room: about one y tick per three rows,
/// and as many x ticks as fit with at least two spaces between labels.
/// A data value maps to a position by `position(_:)` at a sub-cell
/// resolution (2 columns and 4 rows per cell for braille), and the tick marks
/// use the very same mapping, so a tick sits on the cell its value is drawn in.
struct AxisFrame {
    /// The whole chart area: data, axes and labels.
    let bounds: Rect
    /// The data area, in grid coordinates.
    let plot: Rect
    let xRange: ClosedRange<Double>
    let yRange: ClosedRange<Double>
    /// Sub-cell steps per cell along x and y.
    let xResolution: Int
    let yResolution: Int
    let showX: Bool
    let showY: Bool
    private(set) var yTicks: [(row: Int, label: String)] = []
    private(set) var xTicks: [(col: Int, label: String)] = []

    /// Lays out axes inside `rect`. Axes that would leave too little room for
    /// data are left out: first the y axis (below 14 columns), then the x axis
    /// (below 5 rows).
    init(rect: Rect, x: ClosedRange<Double>, y: ClosedRange<Double>,
         xResolution: Int, yResolution: Int, axes: Bool = true) {
        bounds = rect
        xRange = x
        yRange = y
        self.xResolution = xResolution
        self.yResolution = yResolution
        showX = axes && rect.height >= 5
        showY = axes && rect.width >= 14
        let plotHeight = rect.height - (showX ? 2 : 0)

        var labelWidth = 0
        var yTicks: [(row: Int, label: String)] = []
        if showY, plotHeight > 0 {
            // About one tick per three rows; a small plot may go denser
            // rather than show a single tick, which gives no scale.
            var maxCount = max(2, plotHeight / 3)
            var ticks = NiceTicks(in: y, maxCount: maxCount)
            while ticks.values.count < 2 && maxCount < plotHeight {
                maxCount += 1
                ticks = NiceTicks(in: y, maxCount: maxCount)
            }
            var lastRow = Int.min
            for (v, label) in zip(ticks.values, ticks.labels) {
                let row = AxisFrame.position(v, in: y, cells: plotHeight, resolution: yResolution, flipped: true) / yResolution
                if row == lastRow || row < 0 || row >= plotHeight { continue }
                lastRow = row
                yTicks.append((rect.y + row, label))
                labelWidth = max(labelWidth, label.count)
            }
        }
        let left = showY ? labelWidth + 1 : 0
        plot = Rect(x: rect.x + left, y: rect.y, width: rect.width - left, height: plotHeight)
        self.yTicks = yTicks
        if showX, plot.width > 0 { xTicks = layoutXTicks() }
    }

    /// Picks the densest nice x ticks, at most about one per eight columns,
    /// whose labels fit without touching; if that leaves a single tick (no
    /// scale), tries denser ones that still fit.
    private func layoutXTicks() -> [(col: Int, label: String)] {
        let preferred = max(2, (plot.width + 6) / 8)
        var fallback: [(col: Int, label: String)] = []
        for maxCount in stride(from: preferred, through: 1, by: -1) {
            if let placed = placeXTicks(maxCount: maxCount) { fallback = placed; break }
        }
        if fallback.count >= 2 { return fallback }
        for maxCount in stride(from: preferred + 1, through: max(preferred + 1, plot.width / 2), by: 1) {
            if let placed = placeXTicks(maxCount: maxCount), placed.count >= 2 { return placed }
        }
        return fallback
    }

    /// The ticks for `maxCount`, or nil if their labels would come closer
    /// than two spaces.
    private func placeXTicks(maxCount: Int) -> [(col: Int, label: String)]? {
        let ticks = NiceTicks(in: xRange, maxCount: maxCount)
        var placed: [(col: Int, label: String)] = []
        var end = Int.min
        for (v, label) in zip(ticks.values, ticks.labels) {
            let col = plot.x + position(x: v) / xResolution
            let start = labelStart(col: col, length: label.count)
            if start < end + 2 { return nil }
            placed.append((col, label))
            end = start + label.count
        }
        return placed
    }

    /// Where an x label starts: centred on its tick, kept inside the chart.
    private func labelStart(col: Int, length n: Int) -> Int {
        min(max(col - n / 2, bounds.x), bounds.maxX - n)
    }

    // MARK: - Mapping

    /// The sub-cell position of a value along an axis of `cells` cells:
    /// 0 at the range's start (top when `flipped`), clamped so that values
    /// beyond the range land on the edge instead of overflowing.
    static func position(_ v: Double, in range: ClosedRange<Double>, cells: Int, resolution: Int, flipped: Bool) -> Int {
        Int(rawPosition(v, in: range, cells: cells, resolution: resolution, flipped: flipped).rounded())
    }

    /// Horizontal position in sub-cells from the plot's left edge (may lie
    /// outside the plot for values outside the range).
    func position(x v: Double) -> Int {
        AxisFrame.position(v, in: xRange, cells: plot.width, resolution: xResolution, flipped: false)
    }

    /// Vertical position in sub-cells from the plot's top edge, clamped to the
    /// plot: out-of-range values are drawn on the edge they passed.
    func position(y v: Double) -> Int {
        let p = AxisFrame.position(v, in: yRange, cells: plot.height, resolution: yResolution, flipped: true)
        return min(max(p, 0), plot.height * yResolution - 1)
    }

    /// Unrounded, unclamped sub-cell positions (bounded to +-1e6 so that
    /// huge values still convert to Int), for drawing lines that leave the
    /// plot: `position(_:)` rounds and clamps.
    func rawPosition(x v: Double) -> Double {
        AxisFrame.rawPosition(v, in: xRange, cells: plot.width, resolution: xResolution, flipped: false)
    }

    func rawPosition(y v: Double) -> Double {
        AxisFrame.rawPosition(v, in: yRange, cells: plot.height, resolution: yResolution, flipped: true)
    }

    static func rawPosition(_ v: Double, in range: ClosedRange<Double>, cells: Int, resolution: Int, flipped: Bool) -> Double {
        let n = cells * resolution - 1
        let span = range.upperBound - range.lowerBound
        var t = span > 0 ? (v - range.lowerBound) / span : 0.5
        if flipped { t = 1 - t }
        return min(max(t * Double(n), -1e6), 1e6)
    }

    // MARK: - Drawing

    /// Draws the axis lines, tick marks and labels, clipped to `clip`.
    /// `highlight` marks columns of the x axis (absolute grid columns) to draw
    /// heavy in `highlightStyle`.
    func draw(into grid: inout CellGrid, clip: Rect, lineStyle: Style, labelStyle: Style,
              highlight: [Bool] = [], highlightStyle: Style = .plain) {
        if showY {
            let ax = plot.x - 1
            for row in plot.y..<plot.maxY { grid.set(Cell("│", style: lineStyle), x: ax, y: row, clip: clip) }
            for (row, label) in yTicks {
                grid.set(Cell("┤", style: lineStyle), x: ax, y: row, clip: clip)
                grid.put(label, x: ax - label.count, y: row, style: labelStyle, clip: clip)
            }
            if showX { grid.set(Cell("└", style: lineStyle), x: ax, y: plot.maxY, clip: clip) }
        }
        guard showX else { return }
        let ay = plot.maxY
        for col in plot.x..<plot.maxX {
            let i = col - plot.x
            if i < highlight.count, highlight[i] {
                grid.set(Cell("━", style: highlightStyle), x: col, y: ay, clip: clip)
            } else {
                grid.set(Cell("─", style: lineStyle), x: col, y: ay, clip: clip)
            }
        }
        for (col, label) in xTicks {
            let i = col - plot.x
            let heavy = i >= 0 && i < highlight.count && highlight[i]
            grid.set(Cell(heavy ? "┯" : "┬", style: heavy ? highlightStyle : lineStyle), x: col, y: ay, clip: clip)
            grid.put(label, x: labelStart(col: col, length: label.count), y: ay + 1, style: labelStyle, clip: clip)
        }
    }
}
