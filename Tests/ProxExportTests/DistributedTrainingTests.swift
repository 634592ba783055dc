import Foundation
import ProxCore
import Testing
import TestHelpers

/// The exported train.py under torchrun: two processes (gloo on the CPU)
/// share every global batch, take the steps one process takes, finish, and
/// log one run that `proxlab runs` lists. The Fashion-MNIST epoch runs only with PROXLAB_TORCH_LONG=1
/// (`make test-torch`): a minute or more on two cores.
@Suite(.enabled(if: TorchPython.available, "needs a Python with torch (make test-torch)"))
struct DistributedTrainingTests {
    static var long: Bool { ProcessInfo.processInfo.environment["PROXLAB_TORCH_LONG"] == "1" }

    /// `python -m torch.distributed.run --standalone --nproc_per_node N train.py ...`
    /// (torchrun without relying on it being on PATH; --standalone picks a free port).
    static func torchrun(_ processes: Int, _ package: URL, _ arguments: [String]) throws -> ProcessResult {
        try TorchPython.python(["-m", "torch.distributed.run", "--standalone", "--nproc_per_node", "\(processes)",
                                package.appendingPathComponent("train.py").path] + arguments, in: package)
    }

    /// The last epoch event of the only run under `runs`, and the run's folder name.
    static func lastEpoch(_ runs: URL) throws -> (id: String, epoch: JSONValue) {
        let folders = try FileManager.default.contentsOfDirectory(atPath: runs.path)
        try #require(folders.count == 1, "\(runs.path): \(folders)")
        let text = try String(contentsOf: runs.appendingPathComponent(folders[0] + "/events.jsonl"), encoding: .utf8)
        let events = try text.split(separator: "\n").map { try JSONValue(parsing: String($0)) }
        #expect(events.last?["event"]?.stringValue == "finished")
        return (folders[0], try #require(events.last { $0["event"]?.stringValue == "epoch" }))
    }

    /// Two processes take the steps one process takes: each its half of every
    /// global batch, batch norm over the whole batch, the gradients averaged;
    /// the step losses agree to 1e-4 relative (measured about 2e-7). SGD and
    /// a full-precision classifier, as in TrainingAgreementTests.
    @Test func twoProcessesTrainMoonsAsOne() throws {
        let folder = try RepositoryPaths.temporaryFolder("proxlab-export-ddp")
        defer { try? FileManager.default.removeItem(at: folder) }
        let experiment = folder.appendingPathComponent("moons-ddp.json")
        try """
        {"name": "moons-ddp", "dataset": "moons:noise=0.1,n=1000", "model": "mlp:32,32", "binarize": "except-first-last",
         "pairs": ["bnn"], "seeds": [0], "epochs": 5, "batch": 50, "optimizer": "sgd", "lr": 0.05, "log_every": 1, "threads": 1}
        """.write(to: experiment, atomically: true, encoding: .utf8)
        let package = folder.appendingPathComponent("package")
        let e = try ProxlabProcess.run(["export", "torch", experiment.path, "--out", package.path])
        try #require(e.status == 0, "\(e.stderr)")
        let one = folder.appendingPathComponent("runs-1"), runs = folder.appendingPathComponent("runs")
        let s = try TorchPython.run(package.appendingPathComponent("train.py"), ["--runs-dir", one.path, "--device", "cpu"])
        try #require(s.status == 0, "train.py: \(s.stderr.suffix(2000))")
        let r = try Self.torchrun(2, package, ["--runs-dir", runs.path, "--device", "cpu"])
        try #require(r.status == 0, "torchrun: \(r.stderr.suffix(2000))")
        let a = try TrainingAgreementTests.stepLosses(one), b = try TrainingAgreementTests.stepLosses(runs)
        try #require(a.count == 80 && b.count == 80, "\(a.count) and \(b.count) step events")
        let relative = zip(a, b).prefix(16).map { abs($0 - $1) / abs($0) }
        let worst = relative.enumerated().max { $0.element < $1.element }!
        #expect(worst.element <= 1e-4, "step \(worst.offset + 1): loss \(b[worst.offset]) on 2 processes, \(a[worst.offset]) on 1")
        print("export ddp: moons, 2 processes against 1: largest relative difference of the first epoch's 16 step losses \(worst.element)")
        let (id, epoch) = try Self.lastEpoch(runs)
        #expect((epoch["test_accuracy"]?.numberValue ?? 0) >= 0.9, "\(epoch.compactText)")
        let setup = try JSONValue(parsing: String(contentsOf: runs.appendingPathComponent(id + "/experiment.json"), encoding: .utf8))
        #expect(setup["machine"]?["world_size"]?.numberValue == 2 && setup["machine"]?["backend"]?.stringValue == "gloo")
        let listing = try ProxlabProcess.run(["runs", "--runs-dir", runs.path])
        #expect(listing.stdout.contains(id) && listing.stdout.contains("5/5") && listing.stdout.contains("finished"), "\(listing.stdout)")
        let show = try ProxlabProcess.run(["runs", "show", id, "--runs-dir", runs.path])
        #expect(show.status == 0 && show.stdout.split(separator: "\n").count == 7, "\(show.stdout)")
    }

    /// Item 2 of issue 11: one epoch of the exported fashion-mlp under
    /// torchrun with 2 processes finishes, reaches the single-process
    /// accuracy within a point, and is listed by proxlab runs.
    @Test(.enabled(if: long, "PROXLAB_TORCH_LONG=1 (make test-torch)"))
    func fashionEpochOnTwoProcessesMatchesOne() throws {
        let folder = try RepositoryPaths.temporaryFolder("proxlab-export-fashion")
        defer { try? FileManager.default.removeItem(at: folder) }
        let package = folder.appendingPathComponent("package")
        let e = try ProxlabProcess.run(["export", "torch", "fashion-mlp", "--seed", "0", "--epochs", "1", "--out", package.path])
        try #require(e.status == 0, "\(e.stderr)")
        let one = folder.appendingPathComponent("runs-1"), two = folder.appendingPathComponent("runs-2")
        let start = Date()
        let single = try TorchPython.run(package.appendingPathComponent("train.py"), ["--runs-dir", one.path, "--device", "cpu"],
                                         environment: ["OMP_NUM_THREADS": "2"], in: package)
        let singleSeconds = Date().timeIntervalSince(start)
        try #require(single.status == 0, "train.py: \(single.stderr.suffix(2000))")
        let middle = Date()
        let ddp = try Self.torchrun(2, package, ["--runs-dir", two.path, "--device", "cpu"])
        let ddpSeconds = Date().timeIntervalSince(middle)
        try #require(ddp.status == 0, "torchrun: \(ddp.stderr.suffix(2000))")
        let a = try Self.lastEpoch(one), b = try Self.lastEpoch(two)
        let accA = a.epoch["test_accuracy"]?.numberValue ?? 0, accB = b.epoch["test_accuracy"]?.numberValue ?? 0
        #expect(accA > 0.75 && abs(accA - accB) <= 0.01, "1 process \(accA), 2 processes \(accB)")
        let listing = try ProxlabProcess.run(["runs", "--runs-dir", two.path])
        #expect(listing.stdout.contains(b.id) && listing.stdout.contains("finished"), "\(listing.stdout)")
        print("""
            export fashion-mlp epoch: 1 process \(a.epoch["seconds"]?.numberValue ?? .nan) s (process \(singleSeconds) s), \
            test \(accA); 2 processes \(b.epoch["seconds"]?.numberValue ?? .nan) s (torchrun \(ddpSeconds) s), test \(accB)
            """)
    }
}
