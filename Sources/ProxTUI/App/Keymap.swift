/// Every key of the workbench, in one table: the help overlay lists it and
/// the status bar shows the focused pane's part, so neither can drift from
/// what `update` does (a test checks each listed key is handled).
public enum Keymap {
    public struct Binding: Sendable {
        public let keys: String
        public let action: String
        /// Short form for the status bar, or nil to keep it out of the bar.
        public let short: String?
    }

    public static let global: [Binding] = [
        Binding(keys: "Tab / S-Tab", action: "next / previous pane", short: "Tab pane"),
        Binding(keys: "1-5", action: "composer, shapes, checks, runs, data", short: nil),
        Binding(keys: "l", action: "load a pair, an experiment or a logged run (or a path)", short: "l load"),
        Binding(keys: "w", action: "save the pair to a file", short: "w save"),
        Binding(keys: "t", action: "train the pair (launch form)", short: "t train"),
        Binding(keys: "p", action: "make principled: F = B o P (keeps B and P)", short: "p principled"),
        Binding(keys: "L", action: "lessons: guided steps over the live workbench", short: nil),
        Binding(keys: "n / b / Esc", action: "in a lesson: next step (once done), back, leave", short: nil),
        Binding(keys: "?", action: "this help", short: "? help"),
        Binding(keys: "q / Ctrl-C", action: "quit (asks when the pair is unsaved or runs are active)", short: "q quit"),
        Binding(keys: "Ctrl-Z", action: "suspend to the shell (fg comes back)", short: nil),
        Binding(keys: "mouse", action: "click focuses a pane; the wheel scrubs mu", short: nil),
    ]

    public static let panes: [Pane: [Binding]] = [
        .composer: [
            Binding(keys: "Up/Down", action: "choose a field (F, B, P, at, mu, clip, reset)", short: "↑↓ field"),
            Binding(keys: "Enter / e", action: "type the field (toggle for at and reset)", short: "⏎ edit"),
            Binding(keys: "Left/Right", action: "choose a number in the expression", short: "←→ param"),
            Binding(keys: "+ / -", action: "fine step of the number (0.1)", short: "+- fine"),
            Binding(keys: "] / [", action: "coarse step of the number (1)", short: "][ coarse"),
            Binding(keys: "i", action: "palette: pieces and combinators", short: "i palette"),
            Binding(keys: "x", action: "clear the field (P, clip)", short: nil),
            Binding(keys: "S", action: "sweep the selected number (runs; the curve in Runs)", short: nil),
        ],
        .shapes: [
            Binding(keys: "Left/Right", action: "scrub mu along the schedule", short: "←→ mu"),
            Binding(keys: "PgUp/PgDn", action: "scrub mu in large steps", short: nil),
            Binding(keys: "Home/End", action: "first / last mu of the schedule", short: "Home/End"),
            Binding(keys: "m", action: "type a mu", short: "m mu"),
            Binding(keys: "z / Z", action: "zoom the x range in / out", short: "z/Z zoom"),
            Binding(keys: "P", action: "show or hide P", short: nil),
            Binding(keys: "r", action: "proximal view: P beside its R, envelope, F vs B o P", short: nil),
            Binding(keys: "o", action: "one weight's step (Left/Right move theta there)", short: nil),
            Binding(keys: "g / T", action: "step view: flip the gradient / type theta", short: nil),
        ],
        .checks: [],
        .runs: [
            Binding(keys: "Up/Down", action: "select a run", short: "↑↓ run"),
            Binding(keys: "Space", action: "pause / resume the selected run", short: "␣ pause"),
            Binding(keys: "s", action: "stop the selected run", short: "s stop"),
            Binding(keys: "v", action: "overlay or tile the runs' curves", short: "v view"),
            Binding(keys: "d", action: "cost ledger: the run deployed, packed vs float", short: "d ledger"),
            Binding(keys: "c", action: "clear finished runs", short: "c clear"),
        ],
        .data: [
            Binding(keys: "Up/Down", action: "select a run", short: "↑↓ run"),
        ],
    ]
}
