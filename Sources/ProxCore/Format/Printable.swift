/// Text from outside (a file name, a preset's name, a path typed by a user)
/// made safe to print on a terminal.
public enum Text {
    /// `s` with every control character (C0, DEL, C1: ESC among them) shown
    /// as "?", as `ls` does on a terminal: a preset named "\u{1B}[2J" must
    /// not clear the user's screen when a table lists it.
    public static func printable(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: isControl) else { return s }
        return String(String.UnicodeScalarView(s.unicodeScalars.map { isControl($0) ? "?" : $0 }))
    }

    static func isControl(_ u: Unicode.Scalar) -> Bool {
        u.value < 0x20 || (u.value >= 0x7F && u.value < 0xA0)
    }
}
