import Foundation
import ProxCore
import ProxTrain

/// One Fashion-MNIST epoch of the binarized 784-512-512-10 MLP at batch 100
/// (the setup of shared/bench/torch_reference.py), against two yardsticks
/// measured in the same run: the matrix products alone at the model's own
/// shapes (the floor), and PyTorch on the same model. Each side reports its
/// fastest of five epochs by default: the host is shared, and a neighbour's
/// burst can slow a whole epoch by half.
enum TrainBench {
    static func run(_ args: [String]) -> Int32 {
        if args.contains("--phases") { return TrainPhases.run(args) }
        let epochs = Int(Bench.option(args, "epochs") ?? "") ?? 5
        let threadChoices = (Bench.option(args, "threads") ?? "1,2").split(separator: ",").compactMap { Int($0) }
        let pairName = Bench.option(args, "pair") ?? "bc"
        let dataset: Dataset
        do { dataset = try DatasetSpec.parse("fashion-mnist").load() } catch {
            FileHandle.standardError.write(Data("proxbench train: \(error)\n".utf8))
            return 2
        }
        var e = Experiment(name: "bench", dataset: "fashion-mnist", pairs: [pairName])
        e.model = .mlp(hidden: [512, 512])
        e.epochs = epochs
        e.batch = 100
        e.learningRate = 1e-3
        e.logEvery = 1_000_000
        print("train: Fashion-MNIST, 784-512-512-10 binarized (\(pairName)), batch 100, Adam 1e-3; minimum over \(epochs) epochs")
        var best: (threads: Int, seconds: Double)?
        for threads in threadChoices {
            e.threads = threads
            let floors = sgemmFloor(threads: threads, steps: 600, batch: 100, sizes: [784, 512, 512, 10])
            let floor = min(floors.team, floors.blas)
            let seconds: Double
            do {
                let plan = try RunPlan.plans(for: e)[0]
                let trainer = try Trainer(plan: plan, dataset: dataset, logRoot: nil)
                guard case .success(let s) = trainer.run() else { print("  run failed"); return 1 }
                seconds = s.epochSeconds.min() ?? .nan
                print(String(format: "  proxlab, %d thread%@: %.3f s/epoch (epochs: %@); final test %.2f%%",
                             threads, threads == 1 ? "" : "s", seconds, s.epochSeconds.map { String(format: "%.3f", $0) }.joined(separator: ", "),
                             s.testAccuracy * 100))
                print(String(format: "    sgemm floor %.3f s (even shares on a team: %.3f s; on %d OpenBLAS thread%@: %.3f s); ratio to floor %.2fx",
                             floor, floors.team, threads, threads == 1 ? "" : "s", floors.blas, seconds / floor))
                print(String(format: "    the same products in the model's fixed %d-wide tiles: %.3f s (%.2fx the floor)",
                             TeamPart.tileWidth, floors.tiled, floors.tiled / floor))
            } catch {
                print("  proxlab: \(error)")
                return 1
            }
            if best == nil || seconds < best!.seconds { best = (threads, seconds) }
        }
        if let torch = torchEpochSeconds(args, epochs: epochs), let best {
            print(String(format: "  PyTorch (%@): %.3f s/epoch; proxlab's best (%d thread%@) takes %.3fx PyTorch's time",
                         torch.version, torch.seconds, best.threads, best.threads == 1 ? "" : "s", best.seconds / torch.seconds))
        }
        return 0
    }

    /// The products of one epoch alone at the model's shapes: forward x W^T per
    /// layer, dW = dy^T x per layer, dx = dy W for all but the first layer;
    /// split over a team of `threads` as the model splits them (the floor),
    /// and on `threads` OpenBLAS threads for comparison.
    static func sgemmFloor(threads: Int, steps: Int, batch: Int, sizes: [Int]) -> (team: Double, blas: Double, tiled: Double) {
        var buffers: [UnsafeMutablePointer<Float>] = []
        func buffer(_ n: Int) -> UnsafeMutablePointer<Float> {
            let p = UnsafeMutablePointer<Float>.allocate(capacity: n)
            p.initialize(repeating: 0.01, count: n)
            buffers.append(p)
            return p
        }
        defer { buffers.forEach { $0.deallocate() } }
        var layers: [SplitFloor.Layer] = []
        for i in 0..<sizes.count - 1 {
            let fanIn = sizes[i], fanOut = sizes[i + 1]
            layers.append(SplitFloor.Layer(fanIn: fanIn, fanOut: fanOut, x: buffer(batch * fanIn), w: buffer(fanIn * fanOut),
                                           y: buffer(batch * fanOut), dw: buffer(fanIn * fanOut), dx: buffer(batch * fanIn)))
        }
        BLAS.setThreads(1)
        let team = Team(size: threads)
        let even = SplitFloor(layers: layers, steps: steps, batch: batch, tiled: false)
        let tiles = SplitFloor(layers: layers, steps: steps, batch: batch, tiled: true)
        var split = Double.infinity, tiled = Double.infinity
        for _ in 0..<3 {
            split = min(split, Bench.minimumSeconds(repeats: 1) { team.run(even) })
            tiled = min(tiled, Bench.minimumSeconds(repeats: 1) { team.run(tiles) })
        }
        BLAS.setThreads(threads)
        let blas = Bench.minimumSeconds(repeats: 3) { even.run(part: .whole) }
        BLAS.setThreads(1)
        return (split, blas, tiled)
    }

    /// Runs shared/bench/torch_reference.py when a Python with torch is at
    /// hand (--torch PATH, $PROXLAB_TORCH_PYTHON, or a torchref venv nearby).
    static func torchEpochSeconds(_ args: [String], epochs: Int) -> (seconds: Double, version: String)? {
        let fm = FileManager.default
        if Bench.option(args, "torch") == "none" { return nil }
        let candidates = [Bench.option(args, "torch"), ProcessInfo.processInfo.environment["PROXLAB_TORCH_PYTHON"],
                          "torchref/bin/python", "../torchref/bin/python", "/tmp/torchref/bin/python"].compactMap { $0 }
        let scripts = ["../shared/bench/torch_reference.py", "../../shared/bench/torch_reference.py", "/work/shared/bench/torch_reference.py"]
        guard let python = candidates.first(where: { fm.isExecutableFile(atPath: $0) }),
              let script = scripts.first(where: { fm.fileExists(atPath: $0) }) else {
            print("  PyTorch: skipped (no Python with torch; see the header of shared/bench/torch_reference.py, then pass --torch PATH)")
            return nil
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = [script, "--variant", "bc", "--epochs", String(epochs), "--threads", "2"]
        let pipe = Pipe()
        p.standardOutput = pipe
        do { try p.run() } catch { print("  PyTorch: cannot run \(python): \(error)"); return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard let line = String(data: data, encoding: .utf8)?.split(separator: "\n").last,
              let json = try? JSONValue(parsing: String(line)),
              let items = json["epochs"]?.arrayValue else {
            print("  PyTorch: no result from \(script)")
            return nil
        }
        let seconds = items.compactMap { $0["seconds"]?.numberValue }.min() ?? .nan
        return (seconds, json["torch"]?.stringValue ?? "torch")
    }
}
