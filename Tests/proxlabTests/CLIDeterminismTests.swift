import Foundation
import ProxCore
import Testing
import TestHelpers

/// The README's promise, through the real binary: the same seed gives the
/// same run, bit for bit, on one thread or two, whichever kernel OpenBLAS
/// runs (it reads OPENBLAS_CORETYPE at start-up, so each run is its own
/// process), and each run's experiment.json says what it ran on.
@Suite struct CLIDeterminismTests {
    /// A model large enough that a step is shared by a team of threads
    /// (`Sequential.teamSize`), on data small enough for a test.
    static let args = ["train", "--pair", "bnnplusplus", "--dataset", "moons:n=1200", "--model", "mlp:1024,300",
                       "--binarize", "except-first", "--epochs", "2", "--batch", "100", "--json"]

    @Test(arguments: ["Sandybridge", "Haswell", "Zen"])
    func oneAndTwoThreadsGiveTheSameRun(core: String) throws {
        let folder = try RepositoryPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var finals: [[Double]] = []
        for threads in [1, 2] {
            let runs = folder.appendingPathComponent("runs\(threads)").path
            let r = try proxlab(Self.args + ["--threads", "\(threads)", "--runs-dir", runs],
                                environment: ["OPENBLAS_CORETYPE": core])
            #expect(r.status == 0, "\(r.stderr.suffix(300))")
            let run = try #require(try json(r)["runs"]?.arrayValue?.first)
            finals.append(["final_loss", "test_accuracy", "flip_ratio"].map { run[$0]?.numberValue ?? .nan })
            let log = try #require(run["log"]?.stringValue)
            let setup = try JSONValue(parsing: String(decoding: try Data(contentsOf: URL(fileURLWithPath: log + "/experiment.json")), as: UTF8.self))
            let machine = try #require(setup["machine"])
            let used = Double(min(threads, ProcessInfo.processInfo.activeProcessorCount))
            #expect(machine["threads"]?.numberValue == used)
            #expect(machine["team"]?.numberValue == used, "the step is shared by a team of every thread")
            #expect(machine["blas_core"]?.stringValue?.lowercased() == core.lowercased())
        }
        #expect(bitDifference(finals[0], finals[1]) == nil, "under \(core): \(bitDifference(finals[0], finals[1]) ?? "")")
    }

    /// More threads than cores would spin at the barriers: the run takes the active cores.
    @Test func threadsAreCappedAtTheActiveCores() throws {
        let folder = try RepositoryPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let r = try proxlab(["train", "--pair", "bc", "--dataset", "moons:n=200", "--model", "mlp:8", "--epochs", "1",
                             "--threads", "64", "--json", "--runs-dir", folder.path])
        #expect(r.status == 0, "\(r.stderr.suffix(300))")
        let log = try #require(try json(r)["runs"]?.arrayValue?.first?["log"]?.stringValue)
        let setup = try JSONValue(parsing: String(decoding: try Data(contentsOf: URL(fileURLWithPath: log + "/experiment.json")), as: UTF8.self))
        #expect(setup["machine"]?["threads"]?.numberValue == Double(ProcessInfo.processInfo.activeProcessorCount))
        #expect(setup["machine"]?["team"]?.numberValue == 1)
    }
}
