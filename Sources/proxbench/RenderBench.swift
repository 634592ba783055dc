import Foundation
import ProxCore
import ProxTrain
import ProxPlot
import ProxTerm
import ProxTUI

/// The workbench's two speed figures: rendering a full 200x60 frame from
/// state (aim: under 2 ms), and a key press to the updated frame while a
/// Fashion-MNIST run trains on the run manager's thread (aim: under 50 ms).
/// The terminal write is not included (ProxTerm's diff writes only changed
/// cells; see its notes).
enum RenderBench {
    static func run(_ args: [String]) -> Int32 {
        let repeats = Int(Bench.option(args, "repeats") ?? "") ?? 200
        let pair: QuantizerPair
        let model: ModelSpec
        do {
            pair = try PresetLibrary.resolvePair("bnnplusplus") ?? QuantizerPair(name: "bc", forward: .sign, backward: .identity)
            model = try ModelSpec(parsing: Bench.option(args, "model") ?? "mlp:512,512")
        } catch {
            FileHandle.standardError.write(Data("proxbench render: \(error)\n".utf8))
            return 2
        }
        var state = AppState(width: 200, height: 60, pair: pair, library: Workbench.catalog())
        // Two runs with a loss curve, metrics, a boundary and a histogram, so every pane draws.
        _ = state.update(.input(.key(.char("t"))))
        for _ in 0..<6 { _ = state.update(.input(.key(KeyPress(.down)))) }
        _ = state.update(.input(.key(KeyPress(.right))))
        _ = state.update(.input(.key(KeyPress(.enter))))
        for run in state.runs {
            let info = RunInfo(id: "bench", pair: pair.name, dataset: "moons", model: "mlp:32,32", seed: run.seed, epochs: 30,
                               stepsPerEpoch: 16, logDirectory: nil, memory: [])
            _ = state.update(.run(.event(run: run.id, .started(info))))
            for step in stride(from: 2, through: 480, by: 2) {
                let s = StepMetrics(step: step, epoch: step / 16 + 1, loss: 0.7 / Double(step).squareRoot(), accuracy: 0.9,
                                    mu: 5, learningRate: 0.01, examplesPerSecond: 1e5)
                _ = state.update(.run(.event(run: run.id, .step(s))))
            }
            var m = EpochMetrics(epoch: 30, trainLoss: 0.05, trainAccuracy: 0.98, testAccuracy: 0.99, deployAccuracy: 0.98,
                                 flipRatio: 0.01, saturation: 0, atClip: 0.2, quantizationGap: 0.05, mu: 50, learningRate: 0.01,
                                 examplesPerSecond: 1e5, seconds: 0.01, latentHistogram: (0..<41).map { abs($0 - 20) * 3 },
                                 histogramRange: -1.1...1.1)
            m.boundary = DecisionBoundary(columns: 64, rows: 32, xRange: -2...2, yRange: -2...2, classCount: 2,
                                          values: (0..<2048).map { Float(($0 % 64) > ($0 / 64) * 2 ? 1 : 0) })
            _ = state.update(.run(.event(run: run.id, .epoch(m))))
        }
        let frozen = state
        let render = Bench.minimumSeconds(repeats: repeats) { _ = frozen.render() }
        print(String(format: "render: full 200x60 frame from state, minimum of %d: %.3f ms (aim: under 2 ms)", repeats, render * 1000))

        print(String(format: "plots: 200x60 frame of four line plots as 256-colour ANSI, minimum of %d: %.3f ms (aim: under 2 ms)",
                     repeats, plotFrameSeconds(repeats: repeats) * 1000))
        let (diff, changed) = diffSeconds(repeats: repeats)
        print(String(format: "diff: 200x60 grids, %d cells changed, minimum of %d: %.3f ms (aim: under 1 ms)", changed, repeats, diff * 1000))

        // Key to frame while Fashion-MNIST trains on the other thread, as the
        // workbench runs it (one thread: the other core draws the screen).
        var e = Experiment(name: "bench", dataset: "fashion-mnist", pairs: [pair.name])
        e.model = model
        e.epochs = 1
        e.threads = 1
        let manager = RunManager(logRoot: nil)
        let workbench = Workbench(state: AppState(width: 200, height: 60, pair: pair, library: Workbench.catalog()), runs: manager)
        workbench.send(.loaded(.success(.experiment(name: "bench", plans: [RunPlan(experiment: e, pair: pair, seed: 0)]))))
        // Wait until the run has taken steps.
        for _ in 0..<600 where (workbench.state.runs.first?.steps.isEmpty ?? true) {
            workbench.drainRuns()
            usleep(50_000)
        }
        var latencies: [Double] = []
        let keys: [KeyPress] = [.char("2"), KeyPress(.right), KeyPress(.right), KeyPress(.left), .char("1"), KeyPress(.down), KeyPress(.up), .char("4")]
        for i in 0..<120 {
            let start = DispatchTime.now().uptimeNanoseconds
            workbench.drainRuns()
            workbench.send(.input(.key(keys[i % keys.count])))
            _ = workbench.state.render()
            latencies.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            usleep(20_000)
        }
        manager.shutdown()
        latencies.sort()
        let training = workbench.state.runs.first.map { $0.status == .running ? "while the run trained" : "(run status: \($0.status.label))" } ?? ""
        print(String(format: "key to frame %@ (%@): median %.2f ms, 95th percentile %.2f ms, worst %.2f ms over %d keys (aim: under 50 ms)",
                     training, model.description, latencies[latencies.count / 2], latencies[latencies.count * 95 / 100], latencies.last!, latencies.count))
        return 0
    }

    /// Four line plots of three 401-sample series side by side, emitted as
    /// 256-colour ANSI: what `proxlab plot` and the workbench's panes cost.
    static func plotFrameSeconds(repeats: Int) -> Double {
        var plot = LinePlot(series: [
            PlotSeries("sign", sampling: { $0 < 0 ? -1 : 1 }, over: -3...3),
            PlotSeries("clip", sampling: { max(-1, min(1, $0)) }, over: -3...3),
            PlotSeries("1.8 tanh", sampling: { 1.8 * tanh($0) }, over: -3...3),
        ])
        plot.yRange = -1.5...1.5
        plot.verticalMarkers = [-1, 1]
        plot.negativeRegion = .init(series: 2, label: "tanh<0")
        var bytes = 0
        let seconds = Bench.minimumSeconds(repeats: repeats) {
            var grid = CellGrid(width: 200, height: 60)
            for (x, y) in [(0, 0), (100, 0), (0, 30), (100, 30)] {
                plot.render(into: &grid, rect: Rect(x: x, y: y, width: 100, height: 30), mode: .ansi256)
            }
            bytes &+= grid.ansiText(mode: .ansi256).utf8.count
        }
        return bytes > 0 ? seconds : .nan
    }

    /// The terminal backend's diff of two full screens that differ in every 97th cell.
    static func diffSeconds(repeats: Int) -> (seconds: Double, changed: Int) {
        var old = CellGrid(width: 200, height: 60)
        for i in old.cells.indices { old.cells[i] = Cell(scalar: Unicode.Scalar(UInt8(33 + i % 90)), style: .fg(.indexed(UInt8(i % 256)))) }
        var new = old
        for i in stride(from: 0, to: new.cells.count, by: 97) { new.cells[i].scalar = "~" }
        var runs = 0
        let seconds = Bench.minimumSeconds(repeats: repeats) { runs = GridDiff.changedRuns(from: old, to: new, joiningGapsUpTo: 4).count }
        return (seconds, runs)
    }
}
