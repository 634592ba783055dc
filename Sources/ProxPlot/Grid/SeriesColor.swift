/// A colour for one data series, with a hand-picked stand-in for 16-colour
/// terminals and a dark shade for backgrounds.
///
/// The nearest-colour degradation of `TermColor` is fine for arbitrary
/// colours, but series must stay distinguishable from each other at every
/// depth, so each palette entry names its 16-colour fallback explicitly.
/// The dark shade serves as a background behind markers of the same hue
/// (heatmap regions under scatter points, highlighted spans).
public struct SeriesColor: Hashable, Sendable {
    public var color256: TermColor
    public var color16: TermColor
    public var shade256: TermColor
    public var shade16: TermColor

    public init(_ color256: TermColor, ansi16 color16: TermColor? = nil,
                shade256: TermColor? = nil, shade16: TermColor? = nil) {
        self.color256 = color256
        self.color16 = color16 ?? color256.degraded(to: .ansi16)
        self.shade256 = shade256 ?? color256
        self.shade16 = shade16 ?? self.color16
    }

    /// The colour to draw lines and markers with in `mode`.
    public func color(_ mode: ColorMode) -> TermColor {
        switch mode {
        case .none: return .default
        case .ansi16: return color16
        case .ansi256: return color256
        }
    }

    /// The dark variant to paint backgrounds with in `mode`.
    public func shade(_ mode: ColorMode) -> TermColor {
        switch mode {
        case .none: return .default
        case .ansi16: return shade16
        case .ansi256: return shade256
        }
    }
}

/// The fixed palette series take their colours and markers from, in order.
///
/// Six hues, btop-like, chosen to stay apart from each other on a dark
/// background at 256 colours and to map onto six different bright ANSI
/// colours at 16. Past six, entries repeat; a plot with more curves than that
/// needs a different picture, not more colours.
///
/// The markers are what tells series apart without colour: each a single
/// ASCII-or-common glyph with a distinct silhouette at terminal size.
public enum SeriesPalette {
    public static let cyan = SeriesColor(.indexed(45), ansi16: .brightCyan, shade256: .indexed(23), shade16: .cyan)
    public static let yellow = SeriesColor(.indexed(220), ansi16: .brightYellow, shade256: .indexed(58), shade16: .yellow)
    public static let magenta = SeriesColor(.indexed(170), ansi16: .brightMagenta, shade256: .indexed(53), shade16: .magenta)
    public static let green = SeriesColor(.indexed(114), ansi16: .brightGreen, shade256: .indexed(22), shade16: .green)
    public static let red = SeriesColor(.indexed(203), ansi16: .brightRed, shade256: .indexed(52), shade16: .red)
    public static let blue = SeriesColor(.indexed(75), ansi16: .brightBlue, shade256: .indexed(17), shade16: .blue)

    public static let colors: [SeriesColor] = [cyan, yellow, magenta, green, red, blue]
    public static let markers: [Character] = ["•", "+", "x", "o", "*", "#"]

    public static func color(_ index: Int) -> SeriesColor { colors[index % colors.count] }
    public static func marker(_ index: Int) -> Character { markers[index % markers.count] }

    /// Axes, ticks and guide lines: a quiet grey that recedes behind data.
    public static let axis = SeriesColor(.indexed(245), ansi16: .brightBlack)
    /// Guide lines inside the plot (zero line, kinks): dimmer than the axes.
    public static let guide = SeriesColor(.indexed(240), ansi16: .brightBlack)
}
