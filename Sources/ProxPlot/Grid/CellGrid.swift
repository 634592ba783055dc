/// A screen (or part of one) as a row-major array of cells.
///
/// The single currency between widgets and terminals: the TUI renders its
/// whole state into a grid, the ncurses backend diffs two grids, the CLI
/// prints one with `ansiText(mode:)`, and tests compare `lines` with a
/// literal or a snapshot file. All writes clip at the edges, so a widget
/// handed a rect partly off-screen simply draws less.
///
///     var grid = CellGrid(width: 6, height: 2)
///     grid.put("hello, world", x: 1, y: 0)
///     grid.lines == [" hello", "      "]
public struct CellGrid: Hashable, Sendable {
    public let width: Int
    public let height: Int
    /// Row-major: the cell at (x, y) is `cells[y * width + x]`.
    public var cells: [Cell]

    public init(width: Int, height: Int, fill: Cell = .blank) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.cells = Array(repeating: fill, count: self.width * self.height)
    }

    /// A grid holding the given text in the default style, one string per row;
    /// rows shorter than the grid are padded with spaces. The width is the
    /// longest row unless given.
    public init(lines: [String], width: Int? = nil) {
        let w = width ?? lines.map { $0.unicodeScalars.count }.max() ?? 0
        self.init(width: w, height: lines.count)
        for (y, line) in lines.enumerated() { put(line, x: 0, y: y) }
    }

    /// The whole grid as a rect.
    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    public subscript(x: Int, y: Int) -> Cell {
        get {
            precondition(x >= 0 && x < width && y >= 0 && y < height, "cell (\(x), \(y)) outside \(width)x\(height)")
            return cells[y * width + x]
        }
        set {
            precondition(x >= 0 && x < width && y >= 0 && y < height, "cell (\(x), \(y)) outside \(width)x\(height)")
            cells[y * width + x] = newValue
        }
    }

    // MARK: - Drawing

    /// Writes one cell if (x, y) lies inside both the grid and `clip`.
    @inlinable
    public mutating func set(_ cell: Cell, x: Int, y: Int, clip: Rect? = nil) {
        guard x >= 0, x < width, y >= 0, y < height else { return }
        if let clip, !clip.contains(x: x, y: y) { return }
        cells[y * width + x] = cell
    }

    /// Writes `text` left to right from (x, y), one column per Unicode
    /// scalar, dropping whatever falls outside the grid or `clip`. Control
    /// characters (newlines, tabs) are written as spaces: a grid row is a row.
    ///
    /// Returns the column after the last character, clipped or not, so that
    /// calls can be chained to build a row of differently styled runs.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .plain, clip: Rect? = nil) -> Int {
        let area = clip.map { $0.intersection(bounds) } ?? bounds
        var cx = x
        guard y >= area.y, y < area.maxY else { return x + text.unicodeScalars.count }
        let row = y * width
        var cell = Cell(" ", style: style)
        for scalar in text.unicodeScalars {
            if cx >= area.x && cx < area.maxX {
                cell.scalar = scalar.value < 32 || scalar.value == 127 ? " " : scalar
                cells[row + cx] = cell
            }
            cx += 1
        }
        return cx
    }

    /// Paints every cell of `rect` (clipped to the grid) with one cell.
    public mutating func fill(_ rect: Rect, with cell: Cell = .blank) {
        let r = rect.intersection(bounds)
        guard !r.isEmpty else { return }
        for y in r.y..<r.maxY {
            let row = y * width
            for x in r.x..<r.maxX { cells[row + x] = cell }
        }
    }

    /// Paints `rect` with a character in a style.
    public mutating func fill(_ rect: Rect, _ character: Character, style: Style = .plain) {
        fill(rect, with: Cell(character, style: style))
    }

    /// Changes only the look of the cells in `rect`, keeping their characters:
    /// for highlights and selections drawn over existing content.
    public mutating func restyle(_ rect: Rect, _ transform: (inout Cell) -> Void) {
        let r = rect.intersection(bounds)
        guard !r.isEmpty else { return }
        for y in r.y..<r.maxY {
            let row = y * width
            for x in r.x..<r.maxX { transform(&cells[row + x]) }
        }
    }

    /// Copies `source` with its top-left corner at (x, y), clipped.
    public mutating func blit(_ source: CellGrid, x: Int, y: Int) {
        for sy in 0..<source.height {
            for sx in 0..<source.width {
                set(source.cells[sy * source.width + sx], x: x + sx, y: y + sy)
            }
        }
    }

    // MARK: - Text

    /// The characters of each row, every row exactly `width` scalars long
    /// (trailing spaces kept, so rows line up and a grid round-trips through
    /// `init(lines:)`).
    public var lines: [String] {
        (0..<height).map { y in
            var s = String.UnicodeScalarView()
            let row = y * width
            for x in 0..<width { s.append(cells[row + x].scalar) }
            return String(s)
        }
    }

    /// `lines` joined with newlines (no trailing newline).
    public var plainText: String { lines.joined(separator: "\n") }
}

extension CellGrid: CustomStringConvertible, CustomDebugStringConvertible {
    /// The rows quoted, one per line, so that test failures show exactly
    /// where each row starts and ends.
    public var description: String {
        "CellGrid \(width)x\(height)\n" + lines.map { "\"\($0)\"" }.joined(separator: "\n")
    }

    public var debugDescription: String { description }
}
