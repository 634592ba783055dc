internal import CNcurses
import ProxTUI

/// One value read by ncurses' `wget_wch`, before meaning is attached.
///
/// `wget_wch` returns either `OK` with a character or `KEY_CODE_YES` with a
/// key code, and the two ranges overlap (`KEY_DOWN` is 0x102, which is also
/// "Ă"), so the kind has to travel with the number.
public enum RawKey: Hashable, Sendable {
    /// A character: a Unicode scalar value or a C0 control code (Ctrl-A is 1).
    case character(UInt32)
    /// A curses key code: `KEY_UP`, `KEY_F(1)`, `KEY_BTAB`, or a code that
    /// ncurses assigned at run time to an extended key such as `kUP5`.
    case keyCode(Int32)
}

/// Turns what `wget_wch` returns into the workbench's `KeyPress`; pure, so
/// every mapping is testable without a terminal.
///
/// Conventions (terminals cannot tell more than this apart):
/// - Enter is CR (13, what Enter sends with `nonl`), LF (10, Ctrl-J) or
///   `KEY_ENTER` (keypad Enter); Tab is 9 (so Ctrl-I is Tab); Backspace is 127,
///   8 (Ctrl-H) or `KEY_BACKSPACE`; Escape is 27 alone.
/// - Other control codes 1...26 are Ctrl-letter: `.character("a")...("z")`
///   with `.control`; 0 is Ctrl-Space and 28...31 are Ctrl-\ ] ^ _.
/// - Printable characters arrive as `.character` without `.shift` ("A" is
///   just "A"), so typed text and commands share one path.
/// - Escape followed at once by another key is Alt plus that key (how
///   terminals send Meta); see `decode(_:following:)`.
/// - F1...F12 are `.function(1...12)`; F13...F63 follow xterm's terminfo,
///   where each block of 12 is F1...F12 with shift, control, control-shift,
///   alt, alt-shift.
/// - Shifted keys with their own curses codes (`KEY_SR`, `KEY_SF`,
///   `KEY_SLEFT`, `KEY_SRIGHT`, `KEY_SHOME`, `KEY_SEND`, `KEY_SDC`,
///   `KEY_SNEXT`, `KEY_SPREVIOUS`) carry `.shift`; modified arrows and
///   navigation keys that xterm reports as extended keys (`kUP5` is
///   Ctrl-Up) are looked up in `extendedKeys`, which `Terminal` builds from
///   the terminal's description at start (see `extendedKeyNames`).
/// - Key codes without a `Key` (Insert, keypad centre, mouse and resize,
///   which `Terminal` handles itself) decode to nil.
public struct KeyDecoder: Sendable {
    /// Run-time key codes of extended keys, mapped to what they mean.
    public var extendedKeys: [Int32: KeyPress]

    public init(extendedKeys: [Int32: KeyPress] = [:]) {
        self.extendedKeys = extendedKeys
    }

    /// The meaning of one value from `wget_wch`, or nil when it has none.
    public func decode(_ raw: RawKey) -> KeyPress? {
        switch raw {
        case .character(let c): return Self.decodeCharacter(c)
        case .keyCode(let k): return decodeKeyCode(k)
        }
    }

    /// Decodes `raw` and, when it is Escape, the value that followed it
    /// immediately (nil when nothing followed): Escape then a key is that key
    /// with `.alt` (Escape twice is Alt-Escape); Escape alone is `.escape`.
    /// For any other `raw`, `next` is ignored.
    public func decode(_ raw: RawKey, following next: RawKey?) -> KeyPress? {
        guard raw == .character(27), let next else { return decode(raw) }
        guard var key = decode(next) else { return nil }
        key.modifiers.insert(.alt)
        return key
    }

    /// Decodes an escape sequence ncurses did not recognise, given as the
    /// text after ESC ("[1~", "[1;5A", "OP"): the fallback for a TERM that
    /// does not match the terminal (TERM=xterm-256color inside tmux, whose
    /// Home is "[1~" where xterm's terminfo says "OH").
    ///
    /// Understands the xterm/VT220 forms: CSI A B C D H F (arrows, Home,
    /// End) and Z (back-tab), optionally "1;m" with xterm's modifier
    /// parameter m (1 + shift 1 + alt 2 + control 4); CSI n ~ for Home (1, 7),
    /// Delete (3), End (4, 8), Page Up (5), Page Down (6) and F1...F12
    /// (11...15, 17...21, 23, 24), also with ";m"; SS3 A B C D H F and P Q R S
    /// (F1...F4). Anything else is nil.
    public func decode(escapeSequence text: String) -> KeyPress? {
        var scalars = Array(text.unicodeScalars)
        guard scalars.count >= 2, let final = scalars.popLast() else { return nil }
        let introducer = scalars.removeFirst()
        let letterKeys: [Unicode.Scalar: Key] = [
            "A": .up, "B": .down, "C": .right, "D": .left, "H": .home, "F": .end,
            "P": .function(1), "Q": .function(2), "R": .function(3), "S": .function(4),
        ]
        if introducer == "O" {
            guard scalars.isEmpty, let key = letterKeys[final] else { return nil }
            return KeyPress(key)
        }
        guard introducer == "[" else { return nil }
        let fields = String(String.UnicodeScalarView(scalars)).split(separator: ";", omittingEmptySubsequences: false)
        guard fields.count <= 2 else { return nil }
        var numbers: [Int] = []
        for f in fields {
            if f.isEmpty { numbers.append(1); continue }
            guard let n = Int(f) else { return nil }
            numbers.append(n)
        }
        var modifiers: KeyModifiers = []
        if numbers.count == 2 {
            let bits = numbers[1] - 1
            guard bits >= 0 && bits < 8 else { return nil }
            if bits & 1 != 0 { modifiers.insert(.shift) }
            if bits & 2 != 0 { modifiers.insert(.alt) }
            if bits & 4 != 0 { modifiers.insert(.control) }
        }
        if final == "Z" && numbers.count <= 1 { return KeyPress(.backTab, modifiers: modifiers) }
        if final == "~" {
            guard let n = numbers.first else { return nil }
            let tilde: [Int: Key] = [
                1: .home, 7: .home, 3: .delete, 4: .end, 8: .end, 5: .pageUp, 6: .pageDown,
                11: .function(1), 12: .function(2), 13: .function(3), 14: .function(4), 15: .function(5),
                17: .function(6), 18: .function(7), 19: .function(8), 20: .function(9), 21: .function(10),
                23: .function(11), 24: .function(12),
            ]
            return tilde[n].map { KeyPress($0, modifiers: modifiers) }
        }
        guard let key = letterKeys[final], numbers.count != 1 || numbers[0] == 1 else { return nil }
        return KeyPress(key, modifiers: modifiers)
    }

    static func decodeCharacter(_ c: UInt32) -> KeyPress? {
        switch c {
        case 0: return KeyPress(.character(" "), modifiers: .control)
        case 8, 127: return KeyPress(.backspace)
        case 9: return KeyPress(.tab)
        case 10, 13: return KeyPress(.enter)
        case 27: return KeyPress(.escape)
        case 1...26:
            return KeyPress(.character(Character(Unicode.Scalar(UInt8(96 + c)))), modifiers: .control)
        case 28...31:
            // Ctrl-\ Ctrl-] Ctrl-^ Ctrl-_ (64 + code: \ ] ^ _)
            return KeyPress(.character(Character(Unicode.Scalar(UInt8(64 + c)))), modifiers: .control)
        case 0x80..<0xA0:
            return nil  // C1 controls: never typed
        default:
            guard let scalar = Unicode.Scalar(c) else { return nil }
            return KeyPress(.character(Character(scalar)))
        }
    }

    func decodeKeyCode(_ k: Int32) -> KeyPress? {
        switch k {
        case KEY_UP: return KeyPress(.up)
        case KEY_DOWN: return KeyPress(.down)
        case KEY_LEFT: return KeyPress(.left)
        case KEY_RIGHT: return KeyPress(.right)
        case KEY_HOME, KEY_A1: return KeyPress(.home)
        case KEY_END, KEY_C1: return KeyPress(.end)
        case KEY_PPAGE, KEY_A3: return KeyPress(.pageUp)
        case KEY_NPAGE, KEY_C3: return KeyPress(.pageDown)
        case KEY_DC: return KeyPress(.delete)
        case KEY_BACKSPACE: return KeyPress(.backspace)
        case KEY_ENTER: return KeyPress(.enter)
        case KEY_BTAB: return KeyPress(.backTab)
        case KEY_SR: return KeyPress(.up, modifiers: .shift)
        case KEY_SF: return KeyPress(.down, modifiers: .shift)
        case KEY_SLEFT: return KeyPress(.left, modifiers: .shift)
        case KEY_SRIGHT: return KeyPress(.right, modifiers: .shift)
        case KEY_SHOME: return KeyPress(.home, modifiers: .shift)
        case KEY_SEND: return KeyPress(.end, modifiers: .shift)
        case KEY_SDC: return KeyPress(.delete, modifiers: .shift)
        case KEY_SNEXT: return KeyPress(.pageDown, modifiers: .shift)
        case KEY_SPREVIOUS: return KeyPress(.pageUp, modifiers: .shift)
        case KEY_F0 + 1...KEY_F0 + 63:
            let n = Int(k - KEY_F0) - 1  // 0-based
            let blocks: [KeyModifiers] = [[], .shift, .control, [.control, .shift], .alt, [.alt, .shift]]
            return KeyPress(.function(n % 12 + 1), modifiers: blocks[n / 12])
        default:
            return extendedKeys[k]
        }
    }

    /// The terminfo names of the modified navigation keys xterm-like
    /// terminals report (`kUP5` = Ctrl-Up: xterm's modifier parameter is 1 +
    /// shift 1 + alt 2 + control 4), with what each means. `Terminal` asks
    /// ncurses for the run-time code of each one the terminal defines.
    public static let extendedKeyNames: [(name: String, key: KeyPress)] = {
        let keys: [(String, Key)] = [
            ("kUP", .up), ("kDN", .down), ("kLFT", .left), ("kRIT", .right),
            ("kHOM", .home), ("kEND", .end), ("kPRV", .pageUp), ("kNXT", .pageDown), ("kDC", .delete),
        ]
        var out: [(name: String, key: KeyPress)] = []
        for (name, key) in keys {
            for parameter in 2...8 {
                let bits = parameter - 1
                var modifiers: KeyModifiers = []
                if bits & 1 != 0 { modifiers.insert(.shift) }
                if bits & 2 != 0 { modifiers.insert(.alt) }
                if bits & 4 != 0 { modifiers.insert(.control) }
                out.append((name + String(parameter), KeyPress(key, modifiers: modifiers)))
            }
        }
        return out
    }()
}
