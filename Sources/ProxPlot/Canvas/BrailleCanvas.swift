/// A bitmap of braille dots, `2 * width` by `4 * height`, with one style per
/// terminal cell.
///
/// Curves are drawn here in dot coordinates (x right, y down, origin at the
/// top-left dot) and then copied into a `CellGrid`. A cell holds one
/// foreground colour, so where two series share a cell the one drawn last
/// colours all of its dots: draw the series that matters most last.
///
///     var canvas = BrailleCanvas(width: 2, height: 1)
///     canvas.line(from: (0, 3), to: (3, 0), style: .fg(.cyan))
///     // cells: "⡠⠊"
public struct BrailleCanvas: Sendable {
    /// Size in cells.
    public let width: Int
    public let height: Int
    /// Dot bits per cell, row-major, Unicode dot order (see `Braille`).
    public private(set) var bits: [UInt8]
    /// The style of each cell, set by the last dot drawn into it.
    public private(set) var styles: [Style]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        bits = Array(repeating: 0, count: self.width * self.height)
        styles = Array(repeating: .plain, count: self.width * self.height)
    }

    /// Size in dots.
    public var dotWidth: Int { width * 2 }
    public var dotHeight: Int { height * 4 }

    /// Turns on one dot; dots outside the canvas are ignored.
    public mutating func set(dotX x: Int, dotY y: Int, style: Style = .plain) {
        guard x >= 0, y >= 0, x < width &* 2, y < height &* 4 else { return }
        let cell = (y >> 2) &* width &+ (x >> 1)
        bits[cell] |= Braille.bit(dx: x & 1, dy: y & 3)
        styles[cell] = style
    }

    /// Turns off one dot (the cell keeps its style).
    public mutating func unset(dotX x: Int, dotY y: Int) {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return }
        bits[(y >> 2) * width + (x >> 1)] &= ~Braille.bit(dx: x & 1, dy: y & 3)
    }

    public func isSet(dotX x: Int, dotY y: Int) -> Bool {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return false }
        return bits[(y >> 2) * width + (x >> 1)] & Braille.bit(dx: x & 1, dy: y & 3) != 0
    }

    /// The braille character of cell (x, y).
    public func scalar(x: Int, y: Int) -> Unicode.Scalar {
        Braille.scalar(bits[y * width + x])
    }

    /// Clears every dot and style.
    public mutating func clear() {
        for i in bits.indices { bits[i] = 0; styles[i] = .plain }
    }

    // MARK: - Lines

    /// Draws a straight line of dots between two dots, both ends included
    /// (Bresenham: integer steps, no gaps, one dot per step along the major
    /// axis). Segments reaching far outside the canvas are cut to it first,
    /// so the cost stays proportional to the visible part.
    public mutating func line(from a: (x: Int, y: Int), to b: (x: Int, y: Int), style: Style = .plain) {
        var (x0, y0, x1, y1) = (a.x, a.y, b.x, b.y)
        let (w, h) = (dotWidth, dotHeight)
        let inside = { (x: Int, y: Int) in x >= -1 && y >= -1 && x <= w && y <= h }
        if !inside(x0, y0) || !inside(x1, y1) {
            guard let c = clipSegment(Double(x0), Double(y0), Double(x1), Double(y1)) else { return }
            (x0, y0, x1, y1) = c
        }
        let dx = abs(x1 - x0), dy = -abs(y1 - y0)
        let sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1
        var err = dx + dy
        while true {
            set(dotX: x0, dotY: y0, style: style)
            if x0 == x1 && y0 == y1 { break }
            let e2 = 2 * err
            if e2 >= dy { err += dy; x0 += sx }
            if e2 <= dx { err += dx; y0 += sy }
        }
    }

    /// Liang-Barsky clipping of a segment to the dot rectangle, or nil when
    /// the segment misses it.
    private func clipSegment(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> (Int, Int, Int, Int)? {
        let dx = x1 - x0, dy = y1 - y0
        var t0 = 0.0, t1 = 1.0
        let maxX = Double(dotWidth - 1), maxY = Double(dotHeight - 1)
        for (p, q) in [(-dx, x0), (dx, maxX - x0), (-dy, y0), (dy, maxY - y0)] {
            if p == 0 {
                if q < 0 { return nil }
            } else {
                let r = q / p
                if p < 0 { if r > t1 { return nil }; if r > t0 { t0 = r } }
                else { if r < t0 { return nil }; if r < t1 { t1 = r } }
            }
        }
        return (Int((x0 + t0 * dx).rounded()), Int((y0 + t0 * dy).rounded()),
                Int((x0 + t1 * dx).rounded()), Int((y0 + t1 * dy).rounded()))
    }

    // MARK: - Output

    /// Copies the canvas into `rect` of `grid`, cell for cell from the rect's
    /// top-left corner, clipped to the rect and the grid.
    ///
    /// Only cells with at least one dot are written, so guides or shading
    /// drawn earlier show through the empty parts; a cell that is written
    /// keeps its background unless the dot style sets one, so curves can be
    /// drawn over a shaded region.
    public func draw(into grid: inout CellGrid, rect: Rect) {
        let area = rect.intersection(grid.bounds)
        guard !area.isEmpty else { return }
        let ox = rect.x, oy = rect.y
        for y in max(0, area.y - oy)..<min(height, area.maxY - oy) {
            let gy = oy + y
            for x in max(0, area.x - ox)..<min(width, area.maxX - ox) {
                let i = y * width + x
                let b = bits[i]
                if b == 0 { continue }
                let style = styles[i]
                let gi = gy * grid.width + ox + x
                grid.cells[gi].scalar = Braille.scalar(b)
                grid.cells[gi].fg = style.fg
                grid.cells[gi].attrs = style.attrs
                if style.bg != .default { grid.cells[gi].bg = style.bg }
            }
        }
    }
}
