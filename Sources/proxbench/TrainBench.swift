import Foundation
import ProxCore
import ProxTrain

/// One Fashion-MNIST epoch of a binarized model at batch 100 (the setup of
/// shared/bench/torch_reference.py): the 784-512-512-10 MLP by default,
/// `--model cnn` or `--model resnet[:W,W,...]`, against two yardsticks
/// measured in the same run: the matrix products alone at the model's own
/// shapes (the floor, `ModelFloor`), and PyTorch on the same model. Each
/// side reports its fastest of five epochs by default: the host is shared,
/// and a neighbour's burst can slow a whole epoch by half. Several pairs
/// (`--pair bc,bnnplus`) run one after the other, each with its ratio to the
/// first; with `--rounds N` they take turns N times, so a burst hits them alike.
enum TrainBench {
    static func run(_ args: [String]) -> Int32 {
        if args.contains("--phases") { return TrainPhases.run(args) }
        let epochs = Int(Bench.option(args, "epochs") ?? "") ?? 5
        let rounds = max(1, Int(Bench.option(args, "rounds") ?? "") ?? 1)
        let threadChoices = (Bench.option(args, "threads") ?? "1,2").split(separator: ",").compactMap { Int($0) }
        let pairNames = (Bench.option(args, "pair") ?? "bc").split(separator: ",").map(String.init)
        guard !pairNames.isEmpty else {
            FileHandle.standardError.write(Data("proxbench train: --pair names no pair\n".utf8))
            return 2
        }
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
        var e = Experiment(name: "bench", dataset: "fashion-mnist", pairs: pairNames)
        e.model = modelSpec
        e.epochs = epochs
        e.batch = 100
        e.learningRate = 1e-3
        e.logEvery = 1_000_000
        print("train: Fashion-MNIST, \(modelSpec) binarized (\(pairNames.joined(separator: ", "))), batch 100, Adam 1e-3; "
              + "minimum over \(epochs) epochs" + (rounds > 1 ? " in each of \(rounds) rounds (the pairs take turns)" : ""))
        var best: (threads: Int, seconds: Double)?
        for threads in threadChoices {
            e.threads = threads
            // Each pair's fastest epoch over all rounds, with its run and the run's CPU time.
            var fastest = [(seconds: Double, summary: RunSummary, cpu: CPUTime, team: Int)?](repeating: nil, count: pairNames.count)
            var floors: ModelFloor.Times?
            do {
                let plans = try RunPlan.plans(for: e)
                for _ in 0..<rounds {
                    for (i, plan) in plans.enumerated() {
                        let trainer = try Trainer(plan: plan, dataset: dataset, logRoot: nil)
                        if floors == nil {
                            floors = ModelFloor.measure(model: trainer.model, batch: e.batch, steps: trainer.stepsPerEpoch,
                                                        threads: threads)
                        }
                        let before = CPUTime.now()
                        guard case .success(let s) = trainer.run() else { print("  \(plan.pair.name): run failed"); return 1 }
                        let used = CPUTime.now() - before
                        let seconds = s.epochSeconds.min() ?? .nan
                        if fastest[i] == nil || seconds < fastest[i]!.seconds {
                            fastest[i] = (seconds, s, used, trainer.model.team.size)
                        }
                    }
                }
            } catch {
                print("  proxlab: \(error)")
                return 1
            }
            guard let floors, let first = fastest[0] else { continue }
            let floor = floors.best
            print(String(format: "  sgemm floor, %d thread%@: %.3f s (even shares on a team: %.3f s; the model's tiles: %.3f s; on %d OpenBLAS thread%@: %.3f s)",
                         threads, threads == 1 ? "" : "s", floor, floors.team, floors.tiled, threads, threads == 1 ? "" : "s", floors.blas))
            for (i, name) in pairNames.enumerated() {
                guard let (seconds, s, used, team) = fastest[i] else { continue }
                print(String(format: "  proxlab %@, %d thread%@ (a team of %d): %.3f s/epoch (epochs: %@); final test %.2f%%",
                             name, threads, threads == 1 ? "" : "s", team, seconds,
                             s.epochSeconds.map { String(format: "%.3f", $0) }.joined(separator: ", "), s.testAccuracy * 100))
                print(String(format: "    cpu over the run: user %.2f s, system %.2f s (%.1f%% system); ratio to floor %.2fx",
                             used.user, used.system, 100 * used.system / max(1e-9, used.user + used.system), seconds / floor)
                      + (i == 0 ? "" : String(format: "; %.3fx %@'s epoch", seconds / first.seconds, pairNames[0])))
            }
            if best == nil || first.seconds < best!.seconds { best = (threads, first.seconds) }
        }
        if let torch = torchEpochSeconds(args, epochs: epochs, model: modelSpec, pair: pairNames[0]), let best {
            print(String(format: "  PyTorch (%@, %@): %.3f s/epoch (final test %.2f%%); proxlab's best for %@ (%d thread%@) takes %.3fx PyTorch's time",
                         torch.version, pairNames[0], torch.seconds, torch.testAccuracy * 100, pairNames[0],
                         best.threads, best.threads == 1 ? "" : "s", best.seconds / torch.seconds))
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
