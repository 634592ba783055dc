import Foundation
import ProxTrain

/// `proxbench`: the speed figures of the issues, measured, never asserted.
/// Timings belong here, not in tests: the machines are shared and noisy, so
/// every figure is the minimum over repeats, compared within one run.
enum Bench {
    static func main(_ args: [String]) -> Int32 {
        let usage = """
        usage: proxbench <quantizers | exp | train | render | deploy | all> [options]
          quantizers [--size N] [--repeats N]    F and B' of every preset over a buffer of N values,
                                                 then every piece and a few compositions
          exp [--stride N (1)] [--threads N (2)] the vectorized exp against Double's over every Float
          train [--model mlp:512,512|cnn|resnet] [--epochs N (5)] [--threads 1,2] [--torch PYTHON|none]
                [--pair bc[,bnnplus,...]] [--rounds N (1)] [--phases]
                                                 one Fashion-MNIST epoch of a binarized model (the 784-512-512-10 MLP)
                                                 for each pair, with its ratio to the first (--rounds: the pairs take
                                                 turns N times, each keeping its fastest epoch),
                                                 the sgemm floor at the model's shapes, and the PyTorch reference;
                                                 --phases: where a step's time goes, layer by layer
          render [--repeats N] [--model M]       a full 200x60 workbench frame, and key-to-frame while a run of M trains
          deploy [--batch 100] [--threads 1,2] [--repeats 300]
                                                 packed XNOR-popcount inference against float (cblas_sgemm) in one run:
                                                 the 512x512 hidden layer, the popcount limit, a cost ledger per network
        """
        guard let what = args.first else { print(usage); return 0 }
        let rest = Array(args.dropFirst())
        switch what {
        case "quantizers": return QuantizerBench.run(rest)
        case "exp": return ExpBench.run(rest)
        case "train": return TrainBench.run(rest)
        case "render": return RenderBench.run(rest)
        case "deploy": return DeployBench.run(rest)
        case "all":
            let a = QuantizerBench.run([])
            let b = TrainBench.run([])
            let c = RenderBench.run([])
            let d = DeployBench.run([])
            return max(a, b, c, d)
        case "--help", "-h": print(usage); return 0
        default:
            FileHandle.standardError.write(Data("proxbench: unknown benchmark '\(what)'\n\(usage)\n".utf8))
            return 2
        }
    }

    static func option(_ args: [String], _ name: String) -> String? {
        guard let i = args.firstIndex(of: "--" + name), i + 1 < args.count else { return nil }
        return args[i + 1]
    }

    /// `--model SPEC`, the reference MLP (mlp:512,512) by default.
    static func modelSpec(_ args: [String]) throws(ModelSpec.Problem) -> ModelSpec {
        guard let text = option(args, "model") else { return .mlp(hidden: [512, 512]) }
        return try ModelSpec(parsing: text)
    }

    /// CPU seconds of the calling thread so far: on a shared host, the
    /// time a one-thread loop computed, without the time it waited for a core.
    static func threadCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// The fastest of `repeats` runs of `body` in wall seconds, and the
    /// least CPU time of the calling thread among them (on a team, the lead
    /// member's, spins at barriers included).
    static func minimumTimes(repeats: Int, _ body: () -> Void) -> (wall: Double, cpu: Double) {
        var wall = Double.infinity, cpu = Double.infinity
        for _ in 0..<repeats {
            let start = DispatchTime.now().uptimeNanoseconds, before = threadCPUSeconds()
            body()
            cpu = min(cpu, threadCPUSeconds() - before)
            wall = min(wall, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return (wall, cpu)
    }

    /// Seconds of the fastest of `repeats` runs of `body`.
    static func minimumSeconds(repeats: Int, _ body: () -> Void) -> Double {
        var best = Double.infinity
        for _ in 0..<repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return best
    }
}
