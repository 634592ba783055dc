import ProxPlot

/// Where each pane goes for a terminal size.
///
/// Below 80x24 nothing fits and the screen asks to be enlarged. Up to 150
/// columns the panes tile in two columns (composer over checks on the left,
/// shapes over runs on the right) and the data pane shares the runs slot, one
/// of the two shown (the focused one; runs by default). From 150x40 a third
/// column holds the data pane, so a run's loss curve and its decision
/// boundary are side by side, as in TensorFlow Playground.
public struct Layout: Equatable, Sendable {
    public static let minimumWidth = 80
    public static let minimumHeight = 24

    public var title: Rect
    public var status: Rect
    public var panes: [Pane: Rect]

    public var tooSmall: Bool { panes.isEmpty }

    public init(width: Int, height: Int, focus: Pane) {
        title = Rect(x: 0, y: 0, width: width, height: 1)
        status = Rect(x: 0, y: max(0, height - 1), width: width, height: 1)
        panes = [:]
        guard width >= Self.minimumWidth, height >= Self.minimumHeight else { return }
        let top = 1, body = height - 2
        let wide = width >= 150 && height >= 40
        let leftWidth = wide ? max(40, width * 28 / 100) : max(38, width * 44 / 100)
        let dataWidth = wide ? max(40, width * 30 / 100) : 0
        let middleWidth = width - leftWidth - dataWidth
        // The composer needs a name line, its seven fields and a hint line;
        // the checks need eight lines and the verdict. They share the rest.
        let composerHeight = min(body - 11, max(11, body * 45 / 100))
        panes[.composer] = Rect(x: 0, y: top, width: leftWidth, height: composerHeight)
        panes[.checks] = Rect(x: 0, y: top + composerHeight, width: leftWidth, height: body - composerHeight)
        let shapesHeight = body * 52 / 100
        panes[.shapes] = Rect(x: leftWidth, y: top, width: middleWidth, height: shapesHeight)
        let lower = Rect(x: leftWidth, y: top + shapesHeight, width: middleWidth, height: body - shapesHeight)
        if wide {
            panes[.runs] = lower
            panes[.data] = Rect(x: leftWidth + middleWidth, y: top, width: dataWidth, height: body)
        } else if focus == .data {
            panes[.data] = lower
        } else {
            panes[.runs] = lower
        }
    }

    /// The pane under a cell, for mouse clicks.
    public func pane(at x: Int, _ y: Int) -> Pane? {
        panes.first { $0.value.contains(x: x, y: y) }?.key
    }
}
