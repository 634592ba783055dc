import Foundation
import ProxCore
import Testing
import TestHelpers

/// An exported experiment trains as proxlab trains: from the same initial
/// weights and batch order, the first 50 step losses of a moons run agree
/// with proxlab's to 1e-4 relative, for a pair with B' read at theta and one
/// with B' read at P(theta), with Adam and with SGD; and its runs are
/// listed by `proxlab runs` like proxlab's own.
@Suite(.enabled(if: TorchPython.available, "needs a Python with torch (make test-torch)"))
struct TrainingAgreementTests {
    /// Step losses of a run folder's events.jsonl, in order.
    static func stepLosses(_ runs: URL) throws -> [Double] {
        let folders = try FileManager.default.contentsOfDirectory(atPath: runs.path)
        try #require(folders.count == 1, "\(runs.path): \(folders)")
        let text = try String(contentsOf: runs.appendingPathComponent(folders[0] + "/events.jsonl"), encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONValue(parsing: String($0)) }
            .filter { $0["event"]?.stringValue == "step" }.compactMap { $0["loss"]?.numberValue }
    }

    /// The classifier stays in full precision (except-first-last): with a
    /// binary classifier of two outputs, every hidden unit whose two weights
    /// have the same sign gets a gradient that is exactly zero in exact
    /// arithmetic and rounding noise (about 1e-9) in floats, which Adam
    /// divides by sqrt(v) + 1e-8 into steps of up to a fifth of the learning
    /// rate: two correct programs then part after one step (NOTES-export.md).
    /// proxconnect pretrains an epoch in full precision first (16 steps), so
    /// its 50 steps cross into the binarized phase with a fresh optimizer;
    /// proxquant's prox reads lr and its freeze starts at step 43 of 64.
    @Test(arguments: [("bnnplus", "latent", "adam", 0), ("bnnplus", "latent", "sgd", 0),
                      ("bnnplusplus", "quantized", "adam", 0), ("bnnplusplus", "quantized", "sgd", 0),
                      ("proxconnect", "latent", "adam", 1), ("proxquant", "latent", "adam", 0)])
    func firstFiftyStepsAgree(pair: String, at: String, optimizer: String, pretrain: Int) throws {
        let experiment = """
        {"name": "moons-steps", "dataset": "moons:noise=0.1,n=1000", "model": "mlp:32,32",
         "binarize": "except-first-last", "pairs": ["\(pair)"], "seeds": [0], "epochs": 4, "batch": 50,
         "optimizer": "\(optimizer)", "lr": 0.01, "momentum": 0.9, "backward_at": "\(at)", "log_every": 1, "threads": 1,
         "pretrain": \(pretrain), "lr_schedule": "\(pretrain > 0 ? "cosine" : "constant")"}
        """
        try Self.expectFiftyStepsAgree(experiment, steps: 64 + 16 * pretrain, "\(pair) \(at) \(optimizer) pretrain \(pretrain)", pair: pair)
    }

    /// The CNN (3x3 convolutions, batch norm over channels, max pooling, the
    /// flatten in PyTorch's order) on 8x8 IDX images: 50 steps of 30 an epoch;
    /// the second convolution binarized (the classifier kept, as above).
    @Test func cnnFirstFiftyStepsAgree() throws {
        let folder = try RepositoryPaths.temporaryFolder("proxlab-export-cnn-steps")
        defer { try? FileManager.default.removeItem(at: folder) }
        var rng = SplitMix64(seed: 8)
        try IDXFixture.write(folder, counts: (600, 100), height: 8, width: 8, rng: &rng) { pixels, _ in
            UInt8(pixels.prefix(32).map(Int.init).reduce(0, +) > pixels.suffix(32).map(Int.init).reduce(0, +) ? 1 : 0)
        }
        let experiment = """
        {"name": "cnn-steps", "dataset": "idx:\(folder.path)", "model": "cnn", "binarize": "except-first-last",
         "pairs": ["bnnplusplus"], "seeds": [2], "epochs": 2, "batch": 20, "optimizer": "adam", "lr": 0.005,
         "log_every": 1, "threads": 1}
        """
        try Self.expectFiftyStepsAgree(experiment, steps: 60, "cnn bnnplusplus adam", pair: "bnnplusplus")
    }

    /// Trains the experiment in proxlab and in its exported train.py and
    /// expects the first 50 step losses to agree to 1e-4 relative.
    static func expectFiftyStepsAgree(_ experimentJSON: String, steps: Int, _ what: String, pair: String) throws {
        let folder = try RepositoryPaths.temporaryFolder("proxlab-export-steps")
        defer { try? FileManager.default.removeItem(at: folder) }
        let experiment = folder.appendingPathComponent("steps.json")
        try experimentJSON.write(to: experiment, atomically: true, encoding: .utf8)
        let mine = folder.appendingPathComponent("proxlab-runs")
        let t = try ProxlabProcess.run(["train", experiment.path, "--runs-dir", mine.path])
        try #require(t.status == 0, "proxlab train: \(t.stderr)")
        let package = folder.appendingPathComponent("package")
        let e = try ProxlabProcess.run(["export", "torch", experiment.path, "--out", package.path])
        try #require(e.status == 0, "export: \(e.stderr)")
        let theirs = folder.appendingPathComponent("torch-runs")
        let p = try TorchPython.run(package.appendingPathComponent("train.py"), ["--runs-dir", theirs.path, "--device", "cpu"])
        try #require(p.status == 0, "train.py: \(p.stderr.suffix(1500))")
        let a = try Self.stepLosses(mine), b = try Self.stepLosses(theirs)
        try #require(a.count == steps && b.count == a.count, "\(a.count) and \(b.count) step events, expected \(steps)")
        let relative = zip(a, b).prefix(50).map { abs($0 - $1) / abs($0) }
        let worst = relative.enumerated().max { $0.element < $1.element }!
        #expect(worst.element <= 1e-4, """
            \(what): step \(worst.offset + 1) loss \(b[worst.offset]) in PyTorch, \
            \(a[worst.offset]) in proxlab (relative \(worst.element)); \(relative.filter { $0 > 1e-4 }.count) of 50 steps beyond 1e-4
            """)
        print("export steps: \(what): largest relative difference of 50 step losses \(worst.element) at step \(worst.offset + 1)")
        let listing = try ProxlabProcess.run(["runs", "--runs-dir", theirs.path])
        #expect(listing.stdout.contains("\(pair)  ") && listing.stdout.contains("finished"), "\(listing.stdout)")
    }
}
