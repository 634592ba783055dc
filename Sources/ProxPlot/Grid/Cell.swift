/// One terminal cell: a character and its look.
///
/// The character is stored as a single `Unicode.Scalar`, which keeps a cell
/// at 12 bytes and trivially copyable: filling, copying and diffing a whole
/// 200x60 grid is then a memcpy/memcmp-like loop with no reference counting,
/// where a stored `Character` (a small `String`) would not be. Everything a
/// plot or a pane draws is one scalar per column (ASCII, box drawing, blocks,
/// braille); a multi-scalar grapheme is reduced to its first scalar, and
/// wide (CJK, emoji) characters are not supported.
public struct Cell: Hashable, Sendable {
    public var scalar: Unicode.Scalar
    public var fg: TermColor
    public var bg: TermColor
    public var attrs: CellAttributes

    public init(scalar: Unicode.Scalar = " ", style: Style = .plain) {
        self.scalar = scalar
        self.fg = style.fg
        self.bg = style.bg
        self.attrs = style.attrs
    }

    public init(_ character: Character, style: Style = .plain) {
        self.init(scalar: character.unicodeScalars.first ?? " ", style: style)
    }

    public init(_ character: Character, fg: TermColor, bg: TermColor = .default, attrs: CellAttributes = []) {
        self.init(character, style: Style(fg: fg, bg: bg, attrs: attrs))
    }

    /// A space in the default style.
    public static let blank = Cell()

    public var character: Character {
        get { Character(scalar) }
        set { scalar = newValue.unicodeScalars.first ?? " " }
    }

    public var style: Style {
        get { Style(fg: fg, bg: bg, attrs: attrs) }
        set { fg = newValue.fg; bg = newValue.bg; attrs = newValue.attrs }
    }
}
