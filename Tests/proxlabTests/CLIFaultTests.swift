import Foundation
import Testing
import TestHelpers

/// Faults outside the input: a full disk under the runs folder, a runs
/// folder that cannot be used. One line naming the path and the reason,
/// exit status 2 for a folder given wrongly, 1 for a run the disk stopped.
@Suite(.serialized) struct CLIFaultTests {
    @Test func runsFolderProblems() throws {
        let folder = try RepositoryPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("file").path
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        let train = ["train", "--pair", "bnn", "--dataset", "moons:n=200", "--model", "mlp:8", "--epochs", "1"]
        expectBadInput(try proxlab(train + ["--runs-dir", ""]), command: "train", ["''", "empty path"])
        expectBadInput(try proxlab(train + ["--runs-dir", file]), command: "train", [file, "is a file, not a folder"])
        expectBadInput(try proxlab(train + ["--runs-dir", "/proc/proxlab-x"]), command: "train", ["/proc/proxlab-x", "cannot create the runs folder"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["file"])
    }

    /// The issue's reproduction: a 32 KiB tmpfs (mounting needs root; as
    /// another user this test has nothing to mount and checks nothing).
    @Test func fullDiskEndsTheRunAsFailedWithAWholeLastLine() throws {
        guard geteuid() == 0 else { return }
        let folder = try RepositoryPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        guard shell("mount -t tmpfs -o size=32k tmpfs '\(folder.path)'") == 0 else {
            Issue.record("as root, mounting a tmpfs at \(folder.path) failed")
            return
        }
        defer { _ = shell("umount '\(folder.path)'") }
        let runs = folder.appendingPathComponent("runs").path
        let r = try proxlab("train", "--pair", "bnn", "--dataset", "moons:n=20000", "--model", "mlp:64,64", "--epochs", "200",
                            "--runs-dir", runs)
        #expect(!r.crashed && r.status == 1, "status \(r.status): \(r.stderr.suffix(300))")
        let line = r.stderrLines.last ?? ""
        #expect(line.hasPrefix("proxlab train: disk full: ") && line.contains(runs + "/") && line.hasSuffix(")"), "\(line)")
        let dirs = try FileManager.default.contentsOfDirectory(atPath: runs)
        #expect(dirs.count == 1)
        let log = try String(contentsOfFile: "\(runs)/\(dirs[0])/events.jsonl", encoding: .utf8)
        #expect(log.hasSuffix("\n"))
        let last = log.split(separator: "\n").last.map(String.init) ?? ""
        #expect(last.hasPrefix(#"{"event":"failed","reason":"disk full: "#) && last.hasSuffix("}"), "\(last.prefix(200))")
        let listed = try proxlab("runs", "--runs-dir", runs)
        #expect(listed.stdout.contains("failed"), "\(listed.stdout)")
        // With the disk filled to the last byte, the next run cannot start and leaves no folder behind.
        _ = shell("dd if=/dev/zero of='\(folder.path)/filler' bs=1k")
        let again = try proxlab("train", "--pair", "bnn", "--dataset", "moons:n=200", "--model", "mlp:8", "--epochs", "1", "--runs-dir", runs)
        #expect(again.status == 1 && again.stderr.contains("disk full: "), "\(again.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: runs) == dirs)
    }

    func shell(_ command: String) -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", command + " >/dev/null 2>&1"]
        guard (try? p.run()) != nil else { return -1 }
        p.waitUntilExit()
        return p.terminationStatus
    }
}
