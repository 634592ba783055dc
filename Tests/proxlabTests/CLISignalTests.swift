import Foundation
import Testing
import TestHelpers

/// A signal in the middle of a write leaves no temporary file behind and the
/// old file as it was: strace delivers SIGINT, SIGTERM or SIGHUP at the
/// write's fsync, the one moment the temporary exists (`TemporaryFiles`).
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/strace"), "needs /usr/bin/strace"))
struct CLISignalTests {
    @Test(arguments: ["SIGINT", "SIGTERM", "SIGHUP"])
    func aSignalDuringAWriteLeavesNoTemporary(signal: String) throws {
        let folder = try RepositoryPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let runs = folder.path + "/runs"
        let train = try proxlab("train", "--pair", "bnn", "--dataset", "moons:n=200", "--model", "mlp:8", "--epochs", "1",
                                "--runs-dir", runs)
        try #require(train.status == 0, "\(train.stderr.suffix(300))")
        let run = try #require(try FileManager.default.contentsOfDirectory(atPath: runs).first)
        let out = folder.path + "/model.deployed.safetensors"
        let old = Data("an older file of the user's".utf8)
        try old.write(to: URL(fileURLWithPath: out))
        let binary = try #require(ProxlabProcess.executable)
        let r = try ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/strace"),
                                      ["-f", "-o", "/dev/null", "-e", "inject=fsync:signal=\(signal):when=1",
                                       binary.path, "deploy", run, "--runs-dir", runs, "--out", out],
                                      environment: ["PROXLAB_PRESETS": RepositoryPaths.presets.path])
        #expect(r.status != 0 || r.crashed, "the signal did not stop the write: \(r.stdout)")
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".tmp") }
        #expect(left.isEmpty, "left behind: \(left)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == old, "the old file changed")
    }
}
