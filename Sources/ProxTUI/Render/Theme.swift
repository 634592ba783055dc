import ProxPlot

/// The workbench's few styles, chosen per colour mode: colour where there is
/// colour, bold and reverse video where there is none, so a monochrome
/// terminal still shows focus, pass/fail and the verdict.
struct Theme {
    let mode: ColorMode
    let unicode: Bool

    var border: Style { mode == .none ? .plain : Style(fg: .indexed(240)) }
    var focusedBorder: Style { mode == .none ? Style(attrs: .bold) : Style(fg: .indexed(45), attrs: .bold) }
    var title: Style { Style(attrs: .bold) }
    var focusedTitle: Style { mode == .none ? Style(attrs: [.bold, .reverse]) : Style(fg: .indexed(45), attrs: .bold) }
    var dim: Style { mode == .none ? .plain : Style(fg: .indexed(244)) }
    var label: Style { mode == .none ? .plain : Style(fg: .indexed(250)) }
    var selected: Style { Style(attrs: .reverse) }
    var pass: Style { mode == .none ? .plain : Style(fg: .indexed(114)) }
    var fail: Style { mode == .none ? Style(attrs: .bold) : Style(fg: .indexed(203), attrs: .bold) }
    var warn: Style { mode == .none ? Style(attrs: .bold) : Style(fg: .indexed(220)) }
    var error: Style { mode == .none ? Style(attrs: [.bold, .underline]) : Style(fg: .indexed(203), attrs: .bold) }
    var bar: Style { mode == .none ? Style(attrs: .reverse) : Style(fg: .indexed(252), bg: .indexed(236)) }
    var barKey: Style { mode == .none ? Style(attrs: [.reverse, .bold]) : Style(fg: .indexed(45), bg: .indexed(236), attrs: .bold) }
    var accent: Style { mode == .none ? Style(attrs: .bold) : Style(fg: .indexed(45)) }

    func verdict(_ guaranteed: Bool) -> Style {
        if mode == .none { return Style(attrs: guaranteed ? [.bold] : [.bold, .reverse]) }
        return Style(fg: guaranteed ? .indexed(114) : .indexed(220), attrs: .bold)
    }

    func run(_ index: Int) -> Style {
        mode == .none ? .plain : Style(fg: SeriesPalette.color(index).color(mode))
    }

    var passMark: String { unicode ? "✓" : "+" }
    var failMark: String { unicode ? "✗" : "x" }
    var pointer: String { unicode ? "▸" : ">" }
}
