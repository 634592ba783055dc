import Testing
import ProxCore
import ProxTrain
import ProxTUI
import TestHelpers

/// The runs and data panes from scripted training events: no thread, no clock.
@Suite struct RunScreenTests {
    static func info(_ id: String) -> RunInfo {
        RunInfo(id: id, pair: "bnnplus", dataset: "moons:noise=0.1", model: "mlp:32,32", seed: 0, epochs: 4,
                stepsPerEpoch: 10, logDirectory: "runs/\(id)", memory: [])
    }

    static func epoch(_ e: Int, loss: Double, test: Double) -> EpochMetrics {
        var histogram = [Int](repeating: 3, count: 41)
        histogram[0] = 40; histogram[40] = 44; histogram[20] = 12
        var m = EpochMetrics(epoch: e, trainLoss: loss, trainAccuracy: test - 0.01, testAccuracy: test, deployAccuracy: test - 0.02,
                             flipRatio: 0.1 / Double(e), saturation: 0, atClip: 0.3, quantizationGap: 0, mu: 1, learningRate: 0.01,
                             examplesPerSecond: 100_000, seconds: 0.01, latentHistogram: histogram, histogramRange: -1.1...1.1)
        // A diagonal boundary: class 1 above y = x.
        let columns = 16, rows = 8
        m.boundary = DecisionBoundary(columns: columns, rows: rows, xRange: -2...2, yRange: -2...2, classCount: 2,
                                      values: (0..<(columns * rows)).map { i in (i % columns) * rows < (rows - i / columns) * columns ? 1 : 0 })
        return m
    }

    /// Two runs launched from the form, with scripted events.
    static func state(_ width: Int, _ height: Int, focus: String) -> AppState {
        var s = Fixtures.state(width, height)
        s.press(.char("t"))
        for _ in 0..<6 { s.press(KeyPress(.down)) }
        s.press(KeyPress(.right))   // two seeds
        s.press(KeyPress(.enter))
        let ids = s.runs.map(\.id)
        for (k, id) in ids.enumerated() {
            s.send([.run(.event(run: id, .started(info("r\(id)"))))])
            s.send([.run(.data(run: id, DataPreview(xs: [-1, 1, 0.5, -0.5], ys: [1, -1, 1.5, -1.5], labels: [1, 0, 1, 0], featureCount: 2, classCount: 2)))])
            for step in stride(from: 2, through: 30, by: 2) {
                let loss = 0.7 / Double(step) * Double(10 + 3 * k) / 10 + 0.05
                s.send([.run(.event(run: id, .step(StepMetrics(step: step, epoch: step / 10 + 1, loss: loss, accuracy: 0.9, mu: 1, learningRate: 0.01, examplesPerSecond: 1e5))))])
            }
            for e in 1...3 { s.send([.run(.event(run: id, .epoch(epoch(e, loss: 0.3 / Double(e), test: 0.9 + 0.02 * Double(e)))))]) }
        }
        s.send([.run(.event(run: ids[1], .finished(RunSummary(pair: "bnnplus", dataset: "moons", seed: 1, epochs: 4, finalLoss: 0.1, testAccuracy: 0.96, deployAccuracy: 0.94, flipRatio: 0.02, epochSeconds: [], log: nil))))])
        s.press(.char(Character(focus)))
        return s
    }

    @Test func runsPaneAt80x24() {
        let s = Self.state(80, 24, focus: "4")
        #expect(s.runs.map(\.status) == [.running, .finished])
        assertSnapshot(s.render(), named: "runs-80x24")
    }

    @Test func dataPaneAt80x24() {
        let s = Self.state(80, 24, focus: "5")
        assertSnapshot(s.render(), named: "data-80x24")
    }

    @Test func everythingAt160x48() {
        let s = Self.state(160, 48, focus: "4")
        let text = s.render().lines.joined(separator: "\n")
        #expect(text.contains("bnnplus s0"))
        #expect(text.contains("bnnplus s1"))
        #expect(text.contains("deploy 94.0%") && text.contains("test 96.0%"), "the selected run's metrics are shown")
        assertSnapshot(s.render(), named: "runs-160x48")
    }

    /// Every metric fits its cell: a loss of 7.5e29 turns compact and no
    /// value runs into the next cell's label.
    @Test func hugeNumbersStayInTheirCells() {
        var s = Self.state(160, 48, focus: "4")
        var m = Self.epoch(4, loss: 7.5e29, test: 0.5)
        m.saturation = 0.1234
        m.atClip = 0.5678
        m.quantizationGap = -3.2e12
        m.examplesPerSecond = 9.87e15
        s.send([.run(.event(run: s.runs[0].id, .epoch(m)))])
        s.selectedRun = s.runs[0].id
        let text = s.render().lines.joined(separator: "\n")
        #expect(text.contains("loss 7.5e+29 ") && text.contains("gap -3.2e+12 ") && text.contains("ex/s 9.87e+15"), "\(text)")
        let metrics = text.split(separator: "\n").filter { $0.contains("sat ") || $0.contains("ex/s ") }
        #expect(!metrics.isEmpty, "\(text)")
        for line in metrics {
            for label in ["train ", "test ", "deploy ", "flip ", "sat ", "at clip ", "gap ", "mu ", "lr ", "ex/s "] {
                var rest = line[...]
                while let r = rest.range(of: label) {
                    #expect(r.lowerBound == line.startIndex || line[line.index(before: r.lowerBound)] == " ",
                            "a value runs into '\(label)': \(line)")
                    rest = line[r.upperBound...]
                }
            }
        }
        #expect(text.contains("sat 12.3%  "), "\(text)")
    }

    @Test func tiledViewDrawsOnePlotPerRun() {
        var s = Self.state(160, 48, focus: "4")
        s.press(.char("v"))
        #expect(s.tiledRuns)
        assertSnapshot(s.render(), named: "runs-tiled-160x48")
    }

    @Test func monochromeAndASCIIScreensStayReadable() {
        var mono = Fixtures.state(80, 24, mode: .mono)
        mono.press(.char("p"))
        let m = mono.render()
        // No colour at all in mono: emphasis is attributes (bold, reverse) only.
        let coloured = m.cells.filter { $0.fg != .default || $0.bg != .default }
        #expect(coloured.isEmpty, "\(coloured.count) cells have a colour; the first: \(String(describing: coloured.first))")
        var colour = Fixtures.state(80, 24, mode: .color)
        colour.press(.char("p"))
        #expect(colour.render().cells.contains { $0.fg != .default || $0.bg != .default }, "the same screen in colour has colours")
        assertSnapshot(m, named: "mono-80x24")
        let ascii = Fixtures.state(80, 24, mode: .ascii).render()
        // Borders and marks fall back to ASCII; plots are ProxPlot's (the backend maps braille).
        #expect(ascii.lines[1].hasPrefix("+ Composer -"))
        #expect(ascii.lines.joined().contains("x decomposition"))
    }
}
