import Foundation
import ProxCore
import ProxTrain

/// One Fashion-MNIST epoch of a binarized model at batch 100 (the setup of
/// shared/bench/torch_reference.py): the 784-512-512-10 MLP by default,
/// `--model cnn` or `--model resnet[:W,W,...]`, against two yardsticks
/// measured in the same run: the matrix products alone at the model's own
/// shapes (the floor, `ModelFloor`), and PyTorch on the same model. Each
/// side reports its fastest of five epochs by default: the host is shared,
/// and a neighbour's burst can slow a whole epoch by half.
enum TrainBench {
    static func run(_ args: [String]) -> Int32 {
        if args.contains("--phases") { return TrainPhases.run(args) }
        let epochs = Int(Bench.option(args, "epochs") ?? "") ?? 5
        let threadChoices = (Bench.option(args, "threads") ?? "1,2").split(separator: ",").compactMap { Int($0) }
        let pairName = Bench.option(args, "pair") ?? "bc"
        let modelSpec: ModelSpec
        let dataset: Dataset
        do { modelSpec = try Bench.modelSpec(args) } catch {
            FileHandle.standardError.write(Data("proxbench train: \(error.message)\n".utf8))
            return 2
        }
        do { dataset = try DatasetSpec.parse("fashion-mnist").load() } catch {
            FileHandle.standardError.write(Data("proxbench train: \(error)\n".utf8))
            return 2
        }
        var e = Experiment(name: "bench", dataset: "fashion-mnist", pairs: [pairName])
        e.model = modelSpec
        e.epochs = epochs
        e.batch = 100
        e.learningRate = 1e-3
        e.logEvery = 1_000_000
        print("train: Fashion-MNIST, \(modelSpec) binarized (\(pairName)), batch 100, Adam 1e-3; minimum over \(epochs) epochs")
        var best: (threads: Int, seconds: Double)?
        for threads in threadChoices {
            e.threads = threads
            let seconds: Double
            do {
                let plan = try RunPlan.plans(for: e)[0]
                let trainer = try Trainer(plan: plan, dataset: dataset, logRoot: nil)
                let floors = ModelFloor.measure(model: trainer.model, batch: e.batch, steps: trainer.stepsPerEpoch,
                                                threads: threads)
                let floor = floors.best
                let before = CPUTime.now()
                guard case .success(let s) = trainer.run() else { print("  run failed"); return 1 }
                let used = CPUTime.now() - before
                seconds = s.epochSeconds.min() ?? .nan
                print(String(format: "  proxlab, %d thread%@ (a team of %d): %.3f s/epoch (epochs: %@); final test %.2f%%",
                             threads, threads == 1 ? "" : "s", trainer.model.team.size, seconds,
                             s.epochSeconds.map { String(format: "%.3f", $0) }.joined(separator: ", "), s.testAccuracy * 100))
                print(String(format: "    cpu over the run: user %.2f s, system %.2f s (%.1f%% system)",
                             used.user, used.system, 100 * used.system / max(1e-9, used.user + used.system)))
                print(String(format: "    sgemm floor %.3f s (even shares on a team: %.3f s; the model's tiles: %.3f s; on %d OpenBLAS thread%@: %.3f s); ratio to floor %.2fx",
                             floor, floors.team, floors.tiled, threads, threads == 1 ? "" : "s", floors.blas, seconds / floor))
            } catch {
                print("  proxlab: \(error)")
                return 1
            }
            if best == nil || seconds < best!.seconds { best = (threads, seconds) }
        }
        if let torch = torchEpochSeconds(args, epochs: epochs, model: modelSpec, pair: pairName), let best {
            print(String(format: "  PyTorch (%@): %.3f s/epoch (final test %.2f%%); proxlab's best (%d thread%@) takes %.3fx PyTorch's time",
                         torch.version, torch.seconds, torch.testAccuracy * 100, best.threads, best.threads == 1 ? "" : "s",
                         best.seconds / torch.seconds))
        }
        return 0
    }

    /// Runs the PyTorch reference of the model when a Python with torch is
    /// at hand (--torch PATH, $PROXLAB_TORCH_PYTHON, or a torchref venv
    /// nearby): shared/bench/torch_reference.py for the MLP and the CNN,
    /// the project's bench/torch_resnet.py for the residual network.
    static func torchEpochSeconds(_ args: [String], epochs: Int, model: ModelSpec, pair: String)
        -> (seconds: Double, testAccuracy: Double, version: String)? {
        let fm = FileManager.default
        if Bench.option(args, "torch") == "none" { return nil }
        let candidates = [Bench.option(args, "torch"), ProcessInfo.processInfo.environment["PROXLAB_TORCH_PYTHON"],
                          "torchref/bin/python", "../torchref/bin/python", "/tmp/torchref/bin/python"].compactMap { $0 }
        var scripts = ["../shared/bench/torch_reference.py", "../../shared/bench/torch_reference.py", "/work/shared/bench/torch_reference.py"]
        var scriptArgs = ["--variant", pair, "--epochs", String(epochs), "--threads", "2"]
        switch model {
        case .mlp(let hidden, _): scriptArgs += ["--arch", ([784] + hidden + [10]).map(String.init).joined(separator: "-")]
        case .cnn: scriptArgs += ["--arch", "cnn"]
        case .resnet(let widths):
            scripts = ["bench/torch_resnet.py"]
            scriptArgs += ["--widths", widths.map(String.init).joined(separator: ",")]
        }
        guard let python = candidates.first(where: { fm.isExecutableFile(atPath: $0) }),
              let script = scripts.first(where: { fm.fileExists(atPath: $0) }) else {
            print("  PyTorch: skipped (no Python with torch, or no \(scripts[0]) here; see the script's header, then pass --torch PATH)")
            return nil
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = [script] + scriptArgs
        let pipe = Pipe()
        p.standardOutput = pipe
        do { try p.run() } catch { print("  PyTorch: cannot run \(python): \(error)"); return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard let line = String(data: data, encoding: .utf8)?.split(separator: "\n").last,
              let json = try? JSONValue(parsing: String(line)),
              let items = json["epochs"]?.arrayValue else {
            print("  PyTorch: no result from \(script) \(scriptArgs.joined(separator: " "))")
            return nil
        }
        let seconds = items.compactMap { $0["seconds"]?.numberValue }.min() ?? .nan
        let accuracy = items.last?["test_acc"]?.numberValue ?? .nan
        return (seconds, accuracy, json["torch"]?.stringValue ?? "torch")
    }
}

/// This process's user and system CPU seconds so far (getrusage).
struct CPUTime {
    let user: Double, system: Double

    static func now() -> CPUTime {
        var usage = rusage()
        _ = getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return CPUTime(user: seconds(usage.ru_utime), system: seconds(usage.ru_stime))
    }

    static func - (a: CPUTime, b: CPUTime) -> CPUTime { CPUTime(user: a.user - b.user, system: a.system - b.system) }
}
