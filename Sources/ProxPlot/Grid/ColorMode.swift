/// How many colours the output terminal can show.
///
/// Rendering takes a mode rather than asking the terminal itself so that the
/// same state renders identically in tests, in the CLI, and under ncurses.
public enum ColorMode: Sendable, Hashable, CaseIterable {
    /// No colour at all (NO_COLOR, dumb terminals, pipes): widgets switch to
    /// shapes and markers that stay readable in monochrome.
    case none
    /// The 16 ANSI colours (SGR 30-37, 90-97).
    case ansi16
    /// The xterm 256-colour palette (SGR 38;5;n).
    case ansi256

    /// The mode an environment asks for, following the usual conventions:
    /// `NO_COLOR` (any non-empty value) or `TERM=dumb` mean none; `COLORTERM`
    /// (truecolor, 24bit) or a `TERM` containing "256color" mean 256 colours;
    /// any other terminal gets the 16 ANSI colours.
    ///
    /// Takes the environment as a dictionary so tests can pass their own;
    /// callers pass `ProcessInfo.processInfo.environment`. Whether stdout is a
    /// terminal at all is the caller's question.
    public static func detect(environment: [String: String]) -> ColorMode {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .none }
        let term = environment["TERM"] ?? ""
        if term.isEmpty || term == "dumb" { return .none }
        if let ct = environment["COLORTERM"], !ct.isEmpty { return .ansi256 }
        if term.contains("256color") || term.contains("direct") { return .ansi256 }
        return .ansi16
    }
}
