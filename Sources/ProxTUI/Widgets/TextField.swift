/// A one-line text editor: the characters and a cursor between them.
///
/// A value, so the composer's state stays a value and a test can type into it
/// with a list of keys.
public struct TextField: Hashable, Sendable {
    public var characters: [Character]
    /// 0...characters.count.
    public var cursor: Int

    public init(_ text: String) {
        characters = Array(text)
        cursor = characters.count
    }

    public var text: String { String(characters) }

    /// Inserts pasted text at the cursor, as one line: line breaks and tabs
    /// become spaces, other control characters are dropped (a field holds
    /// one line; a pasted newline must not act as Enter).
    public mutating func insert(pasted text: String) {
        var clean: [Character] = []
        var lastWasCR = false
        for scalar in text.unicodeScalars {
            defer { lastWasCR = scalar == "\r" }
            switch scalar {
            case "\n" where lastWasCR: continue
            case "\r", "\n", "\t": clean.append(" ")
            default:
                if scalar.value < 0x20 || (scalar.value >= 0x7F && scalar.value < 0xA0) { continue }
                clean.append(Character(scalar))
            }
        }
        characters.insert(contentsOf: clean, at: cursor)
        cursor += clean.count
    }

    /// Applies an editing key; returns false for keys it does not handle
    /// (Enter, Escape, Tab) so the caller can act on them.
    public mutating func handle(_ press: KeyPress) -> Bool {
        switch press.key {
        case .character(let c) where !press.modifiers.contains(.control):
            characters.insert(c, at: cursor)
            cursor += 1
        case .character("a") where press.modifiers.contains(.control): cursor = 0
        case .character("e") where press.modifiers.contains(.control): cursor = characters.count
        case .character("u") where press.modifiers.contains(.control):
            characters.removeSubrange(0..<cursor)
            cursor = 0
        case .character("k") where press.modifiers.contains(.control):
            characters.removeSubrange(cursor...)
        case .backspace:
            if cursor > 0 {
                characters.remove(at: cursor - 1)
                cursor -= 1
            }
        case .delete:
            if cursor < characters.count { characters.remove(at: cursor) }
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(characters.count, cursor + 1)
        case .home: cursor = 0
        case .end: cursor = characters.count
        default: return false
        }
        return true
    }
}
