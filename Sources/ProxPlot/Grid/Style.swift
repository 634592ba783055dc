/// The look of a cell apart from its character: colours and attributes.
///
/// A plain value so that widgets can keep styles as constants and tests can
/// compare them. `.default` colours mean the terminal's own colours, not
/// "inherit": drawing a style overwrites the cell's whole look.
public struct Style: Hashable, Sendable {
    public var fg: TermColor
    public var bg: TermColor
    public var attrs: CellAttributes

    public init(fg: TermColor = .default, bg: TermColor = .default, attrs: CellAttributes = []) {
        self.fg = fg
        self.bg = bg
        self.attrs = attrs
    }

    /// The terminal's default look.
    public static let plain = Style()

    /// Dim text in the default colour: axes, guides, secondary labels.
    public static let dim = Style(attrs: .dim)

    public static func fg(_ color: TermColor, _ attrs: CellAttributes = []) -> Style {
        Style(fg: color, attrs: attrs)
    }

    /// The style a terminal in `mode` should show; attributes are kept.
    public func degraded(to mode: ColorMode) -> Style {
        Style(fg: fg.degraded(to: mode), bg: bg.degraded(to: mode), attrs: attrs)
    }
}
