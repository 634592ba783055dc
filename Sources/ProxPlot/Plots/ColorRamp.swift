/// How values in [0, 1] look at each colour depth, as a few discrete steps.
///
/// Terminal palettes have no smooth gradients to offer, and a handful of
/// clearly different steps reads better than many near-identical ones: the
/// eye finds the 0.5 contour of a classifier as the edge between two steps.
///
/// - 256 colours: background colours (`stops256`), two pixels per cell.
/// - 16 colours: ANSI backgrounds are too loud to put markers on, so each
///   step is a shade character drawn in a foreground colour (`glyphs16`,
///   `stops16`), one pixel per cell, and the background stays the terminal's.
/// - No colour: shade characters alone (`monochrome`).
public struct ColorRamp: Hashable, Sendable {
    public var stops256: [TermColor]
    public var stops16: [TermColor]
    public var glyphs16: [Unicode.Scalar]
    public var monochrome: [Unicode.Scalar]

    public init(stops256: [TermColor], stops16: [TermColor], glyphs16: [Unicode.Scalar], monochrome: [Unicode.Scalar]) {
        precondition(!stops256.isEmpty && !stops16.isEmpty && !monochrome.isEmpty, "a ramp needs steps")
        precondition(glyphs16.count == stops16.count, "one glyph per 16-colour stop")
        self.stops256 = stops256
        self.stops16 = stops16
        self.glyphs16 = glyphs16
        self.monochrome = monochrome
    }

    /// Two classes: dark teal (below 0.43) and dark olive (above 0.57) with a
    /// grey band between, which draws the decision boundary as a contour.
    /// The hues are darker versions of the first two palette colours, so
    /// points of class 0 (cyan) and 1 (yellow) sit on backgrounds of their
    /// own hue and stand out on the other's. Without colour, class 1's side
    /// is lightly shaded and class 0's left blank, leaving the markers the
    /// strongest thing on screen.
    public static let diverging = ColorRamp(
        stops256: [.indexed(23), .indexed(23), .indexed(23), .indexed(237), .indexed(58), .indexed(58), .indexed(58)],
        stops16: [.cyan, .default, .yellow], glyphs16: ["░", " ", "░"],
        monochrome: [" ", "░"])

    /// Low to high in one hue family, near-black through blue to light cyan:
    /// magnitudes, densities, the probability of a single class.
    public static let sequential = ColorRamp(
        stops256: [.indexed(234), .indexed(17), .indexed(18), .indexed(24), .indexed(31), .indexed(38), .indexed(45), .indexed(123)],
        stops16: [.default, .blue, .cyan, .brightCyan], glyphs16: [" ", "░", "▒", "▓"],
        monochrome: [" ", "░", "▒", "▓", "█"])

    /// The background colour of `value` at 256 colours (clamped to [0, 1];
    /// NaN gives the terminal default).
    public func color256(_ value: Double) -> TermColor {
        value.isNaN ? .default : stops256[ColorRamp.step(value, count: stops256.count)]
    }

    /// The character and foreground colour of `value` at 16 colours.
    public func ink16(_ value: Double) -> (Unicode.Scalar, TermColor) {
        guard !value.isNaN else { return (" ", .default) }
        let i = ColorRamp.step(value, count: stops16.count)
        return (glyphs16[i], stops16[i])
    }

    /// The character of `value` without colour.
    public func shade(_ value: Double) -> Unicode.Scalar {
        value.isNaN ? " " : monochrome[ColorRamp.step(value, count: monochrome.count)]
    }

    /// Which of `count` equal-width steps of [0, 1] holds `value`.
    static func step(_ value: Double, count: Int) -> Int {
        let t = min(max(value, 0), 1)
        return min(count - 1, Int(t * Double(count)))
    }
}
