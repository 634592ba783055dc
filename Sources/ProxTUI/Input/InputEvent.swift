/// What the terminal backend reports, already free of ncurses: the workbench's
/// `update` sees only these values, so a test can script a session as a list.
public enum InputEvent: Hashable, Sendable {
    case key(KeyPress)
    case mouse(MouseEvent)
    /// The terminal's new size in cells.
    case resize(width: Int, height: Int)
    /// Text the user pasted (a bracketed paste, xterm's mode 2004): only
    /// ever text for the field being edited, never keys, whatever it holds.
    case paste(String)
    /// The terminal went away (its window closed, ssh dropped): quit at
    /// once, since nobody is left to answer a question.
    case hangup
}

/// A key with its modifiers. Printable keys arrive as `.character`, so typed
/// text and single-key commands share one path; Ctrl-letter arrives as
/// `.character` with `.control` (Ctrl-C is `.character("c")` with `.control`).
public struct KeyPress: Hashable, Sendable {
    public var key: Key
    public var modifiers: KeyModifiers

    public init(_ key: Key, modifiers: KeyModifiers = []) {
        self.key = key
        self.modifiers = modifiers
    }

    public static func char(_ c: Character) -> KeyPress { KeyPress(.character(c)) }
    public static func ctrl(_ c: Character) -> KeyPress { KeyPress(.character(c), modifiers: .control) }
}

public enum Key: Hashable, Sendable {
    case character(Character)
    case enter, escape, tab, backTab, backspace, delete
    case up, down, left, right, home, end, pageUp, pageDown
    case function(Int)
}

public struct KeyModifiers: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let shift = KeyModifiers(rawValue: 1)
    public static let control = KeyModifiers(rawValue: 2)
    public static let alt = KeyModifiers(rawValue: 4)
}

/// A mouse press, release or wheel step at a cell (0-based, top-left origin).
public struct MouseEvent: Hashable, Sendable {
    public enum Button: Hashable, Sendable { case left, middle, right, wheelUp, wheelDown }
    public enum Kind: Hashable, Sendable { case press, release }
    public var x: Int
    public var y: Int
    public var button: Button
    public var kind: Kind

    public init(x: Int, y: Int, button: Button, kind: Kind = .press) {
        self.x = x
        self.y = y
        self.button = button
        self.kind = kind
    }
}
