import ProxPlot
import Testing

/// Every widget draws only inside its rect: the grid is prefilled with a
/// marker and every cell outside the rect must still hold it afterwards.
@Suite("Widgets stay inside their rect")
struct WidgetBoundsTests {
    typealias Render = @Sendable (inout CellGrid, Rect, ColorMode) -> Void

    static let widgets: [(String, Render)] = [
        ("line plot", { Fixtures.signClipTanh.render(into: &$0, rect: $1, mode: $2) }),
        ("heatmap", { g, r, m in var h = Fixtures.ring; h.showAxes = true; h.render(into: &g, rect: r, mode: m) }),
        ("histogram", { Fixtures.weights.render(into: &$0, rect: $1, mode: $2) }),
        ("sparkline", { Sparkline(values: (0..<200).map { Double($0 % 17) }).render(into: &$0, rect: $1, mode: $2) }),
        ("block sparkline", { Sparkline(values: [1, 5, 3, 1e9, -4], kind: .blocks).render(into: &$0, rect: $1, mode: $2) }),
    ]

    static let rects: [Rect] = [
        Rect(x: 3, y: 2, width: 40, height: 12),   // inside
        Rect(x: 30, y: 10, width: 40, height: 20), // hanging off the bottom right
        Rect(x: -5, y: -3, width: 20, height: 9),  // hanging off the top left
        Rect(x: 4, y: 4, width: 3, height: 2),     // tiny
        Rect(x: 4, y: 4, width: 0, height: 5),     // empty
    ]

    @Test(arguments: 0..<widgets.count)
    func staysInside(widget: Int) {
        let (name, render) = Self.widgets[widget]
        for rect in Self.rects {
            for mode in ColorMode.allCases {
                let marker = Cell("#", style: Style(fg: .red, bg: .indexed(99), attrs: .underline))
                var grid = CellGrid(width: 50, height: 20, fill: marker)
                render(&grid, rect, mode)
                for y in 0..<grid.height {
                    for x in 0..<grid.width where !rect.contains(x: x, y: y) {
                        #expect(grid[x, y] == marker, "\(name) \(mode) \(rect) touched (\(x), \(y))")
                    }
                }
            }
        }
    }

    @Test func everySmallSizeRendersWithoutTrapping() {
        for w in 0...16 {
            for h in 0...9 {
                for mode in ColorMode.allCases {
                    _ = Fixtures.signClipTanh.render(width: w, height: h, mode: mode)
                    _ = Fixtures.ring.render(width: w, height: h, mode: mode)
                    _ = Fixtures.weights.render(width: w, height: h, mode: mode)
                }
            }
        }
    }
}
