import Foundation
import ProxPlot
import ProxTUI

extension Terminal {
    /// A self-contained check of the backend on a real terminal, for
    /// `proxlab` to expose (for example as `proxlab term-demo`): draws
    /// braille curves, box drawing, blocks, the 16 ANSI colours, a strip of
    /// the 256-colour palette and the four attributes, reports the terminal's
    /// size, colour mode and locale, and echoes every key, mouse event and
    /// resize it receives, newest first. `b` times full and partial redraws
    /// of the whole screen; Ctrl-L repaints; `q` or Ctrl-C quits, restoring
    /// the terminal, and prints a one-line summary.
    public static func runDemo(environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let terminal = try Terminal.start(environment: environment)
        var events: [String] = []
        var total = 0
        var status = "press keys, click, scroll, resize"
        var frame = 0
        var lastDraw = 0.0
        while true {
            let (w, h) = terminal.size
            let grid = demoGrid(width: w, height: h, terminal: terminal, events: events,
                                status: "frame \(frame) · draw \(String(format: "%.0f", lastDraw)) µs · \(status)")
            let t0 = DispatchTime.now().uptimeNanoseconds
            terminal.draw(grid)
            lastDraw = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1000
            frame += 1
            guard let event = terminal.nextEvent(timeout: 250) else { continue }
            total += 1
            events.insert(describe(event), at: 0)
            if events.count > 40 { events.removeLast() }
            if case .key(let k) = event {
                if k == .char("q") || k == .ctrl("c") { break }
                if k == .ctrl("l") { terminal.invalidate() }
                if k == .char("b") { status = terminal.benchmark() }
            }
        }
        terminal.stop()
        print("terminal demo: \(total) events, colour mode \(terminal.colorMode), codeset \(terminal.codeset), unicode \(terminal.unicode)")
    }

    /// Times redraws of the whole screen at its current size, 40 of each:
    /// every cell changed with random characters and colours (the worst
    /// case: nearly every cell needs its own colour escape), every cell of
    /// the demo screen repainted (`invalidate` first: a realistic full
    /// frame), and 1% of random cells changed. Reports microseconds per
    /// frame as preparing + ncurses output (`doupdate`, which includes
    /// writing to the terminal).
    func benchmark() -> String {
        let (w, h) = size
        var rng = SystemRandomNumberGenerator()
        let glyphs: [Unicode.Scalar] = ["a", "Z", "0", "─", "│", "┼", "█", "▄", "░", "⣿", "⡠", "⠊", "•"]
        func randomCell() -> Cell {
            var c = Cell(scalar: glyphs.randomElement(using: &rng)!)
            c.fg = .indexed(UInt8.random(in: 16...255, using: &rng))
            c.bg = Bool.random(using: &rng) ? .default : .ansi(UInt8.random(in: 0...15, using: &rng))
            return c
        }
        var grids: [CellGrid] = []
        for _ in 0..<2 {
            var g = CellGrid(width: w, height: h)
            for i in g.cells.indices { g.cells[i] = randomCell() }
            grids.append(g)
        }
        func measure(_ body: (Int) -> Void) -> String {
            var prepare: UInt64 = 0, output: UInt64 = 0
            for i in 0..<40 {
                body(i)
                prepare += lastPrepareNanos
                output += lastOutputNanos
            }
            return String(format: "%.0f+%.0f", Double(prepare) / 40_000, Double(output) / 40_000)
        }
        // Cheapest first, with pauses, so that one test's output still
        // queued in the terminal does not slow the next one down.
        var g = grids[0]
        draw(g)
        usleep(300_000)
        let partial = measure { _ in
            for _ in 0..<max(1, w * h / 100) { g.cells[Int.random(in: 0..<g.cells.count, using: &rng)] = randomCell() }
            draw(g)
        }
        usleep(300_000)
        let screen = Terminal.demoGrid(width: w, height: h, terminal: self, events: [], status: "")
        let full = measure { _ in invalidate(); draw(screen) }
        usleep(300_000)
        let random = measure { draw(grids[$0 & 1]) }
        invalidate()
        return "bench \(w)x\(h) µs: random \(random), repaint \(full), 1% \(partial)"
    }

    static func demoGrid(width w: Int, height h: Int, terminal: Terminal, events: [String], status: String) -> CellGrid {
        var g = CellGrid(width: w, height: h)
        let bar = Style(fg: .brightWhite, bg: .blue, attrs: .bold)
        g.fill(Rect(x: 0, y: 0, width: w, height: 1), " ", style: bar)
        g.put(" proxlab terminal demo · q quits · b benchmarks · Ctrl-L repaints", x: 0, y: 0, style: bar)
        g.put("size \(w)x\(h) · colours \(terminal.colorMode) (COLORS \(terminal.terminalColors), pairs \(terminal.terminalColorPairs)) · locale \(terminal.codeset) (unicode \(terminal.unicode ? "yes" : "no"))",
              x: 1, y: 1)

        // A box with two braille curves.
        let boxHeight = min(8, max(3, h - 16))
        let box = Rect(x: 0, y: 2, width: w, height: boxHeight)
        drawBox(&g, box, title: " braille ")
        let inner = box.inset(left: 1, top: 1, right: 1, bottom: 1)
        if !inner.isEmpty {
            var canvas = BrailleCanvas(width: inner.width, height: inner.height)
            let dw = canvas.dotWidth, dh = canvas.dotHeight
            func curve(_ f: (Double) -> Double, _ style: Style) {
                var last: (x: Int, y: Int)? = nil
                for x in 0..<dw {
                    let t = Double(x) / Double(max(1, dw - 1)) * 4 * Double.pi
                    let y = Int(((1 - f(t)) / 2 * Double(dh - 1)).rounded())
                    if let l = last { canvas.line(from: l, to: (x, y), style: style) }
                    last = (x, y)
                }
            }
            curve(sin, .fg(.cyan))
            curve({ 0.6 * cos($0 * 1.5) }, .fg(.indexed(208), .bold))
            canvas.draw(into: &g, rect: inner)
        }

        var y = box.maxY
        g.put("ANSI ", x: 1, y: y, style: .dim)
        for i in 0..<16 { g.put("  ", x: 6 + 2 * i, y: y, style: Style(bg: .ansi(UInt8(i)))) }
        y += 1
        g.put("256  ", x: 1, y: y, style: .dim)
        let strip = max(0, w - 7)
        for i in 0..<strip { g.put(" ", x: 6 + i, y: y, style: Style(bg: .indexed(UInt8(16 + (i * 240 / max(1, strip)))))) }
        y += 1
        g.put("text ", x: 1, y: y, style: .dim)
        g.put("▁▂▃▄▅▆▇█ ░▒▓ ▀▌▐ ┌┬┐├┼┤└┴┘ ╭─╮ ═║ ●•…·← ↑ → ↓ ✓ ✗ μ θ ≤ ≥ −", x: 6, y: y, style: .fg(.green))
        y += 1
        g.put("attr ", x: 1, y: y, style: .dim)
        var x = 6
        x = g.put("bold", x: x, y: y, style: Style(attrs: .bold)) + 2
        x = g.put("dim", x: x, y: y, style: Style(attrs: .dim)) + 2
        x = g.put("reverse", x: x, y: y, style: Style(attrs: .reverse)) + 2
        x = g.put("underline", x: x, y: y, style: Style(attrs: .underline)) + 2
        x = g.put("bright red", x: x, y: y, style: .fg(.brightRed)) + 2
        g.put("red on yellow", x: x, y: y, style: Style(fg: .red, bg: .yellow))
        y += 2

        g.put("events, newest first:", x: 1, y: y, style: Style(attrs: .underline))
        y += 1
        for e in events where y < h - 1 {
            g.put(e, x: 3, y: y)
            y += 1
        }
        if h > 1 { g.put(status, x: 1, y: h - 1, style: .dim) }
        return g
    }

    private static func drawBox(_ g: inout CellGrid, _ r: Rect, title: String) {
        guard r.width >= 2, r.height >= 2 else { return }
        let s = Style.fg(.brightBlack)
        for x in r.x + 1..<r.maxX - 1 {
            g.set(Cell("─", style: s), x: x, y: r.y)
            g.set(Cell("─", style: s), x: x, y: r.maxY - 1)
        }
        for y in r.y + 1..<r.maxY - 1 {
            g.set(Cell("│", style: s), x: r.x, y: y)
            g.set(Cell("│", style: s), x: r.maxX - 1, y: y)
        }
        g.set(Cell("┌", style: s), x: r.x, y: r.y)
        g.set(Cell("┐", style: s), x: r.maxX - 1, y: r.y)
        g.set(Cell("└", style: s), x: r.x, y: r.maxY - 1)
        g.set(Cell("┘", style: s), x: r.maxX - 1, y: r.maxY - 1)
        g.put(title, x: r.x + 2, y: r.y, style: Style(attrs: .bold), clip: r)
    }

    /// A short description of an event: "key Ctrl-c", "mouse left press at 10,4", "resize 60x16".
    static func describe(_ event: InputEvent) -> String {
        switch event {
        case .key(let k):
            var parts: [String] = []
            if k.modifiers.contains(.control) { parts.append("Ctrl") }
            if k.modifiers.contains(.alt) { parts.append("Alt") }
            if k.modifiers.contains(.shift) { parts.append("Shift") }
            switch k.key {
            case .character(" "): parts.append("Space")
            case .character(let c): parts.append(String(c))
            case .function(let n): parts.append("F\(n)")
            default: parts.append("\(k.key)")
            }
            return "key " + parts.joined(separator: "-")
        case .mouse(let m):
            return "mouse \(m.button) \(m.kind) at \(m.x),\(m.y)"
        case .resize(let w, let h):
            return "resize \(w)x\(h)"
        }
    }
}
