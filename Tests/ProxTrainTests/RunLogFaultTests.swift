import Foundation
import Testing
import ProxCore
import ProxTrain

/// What a run does when its log cannot be written (a full disk), and how a
/// runs folder that cannot be used is reported.
@Suite struct RunLogFaultTests {
    /// The descriptor this process holds open on `path`, found in /proc/self/fd.
    static func descriptor(of path: String) -> Int32? {
        let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        return fds.compactMap(Int32.init).first { fd in
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(fd)")) == target
        }
    }

    /// The log's descriptor is pointed at /dev/full, whose every write fails
    /// with ENOSPC: the run stops at its first write, fails with "disk full",
    /// says so as its last event, and events.jsonl holds no half line.
    @Test func aFullDiskEndsTheRunAsFailedWithoutAHalfLine() throws {
        let root = TrainerTests.temporaryRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let trainer = try Trainer(plan: TrainerTests.plan(epochs: 3), dataset: try TrainerTests.dataset(), logRoot: root)
        let dir = try #require(trainer.logDirectory)
        let fd = try #require(Self.descriptor(of: dir + "/events.jsonl"))
        let full = open("/dev/full", O_WRONLY)
        try #require(full >= 0)
        dup2(full, fd)
        close(full)
        var events: [TrainingEvent] = []
        let result = trainer.run { events.append($0) }
        guard case .failure(let failure) = result else { Issue.record("the run did not fail: \(result)"); return }
        #expect(failure.reason.hasPrefix("disk full: \(dir)/events.jsonl: cannot write it: no space left on device"), "\(failure.reason)")
        #expect(failure.log == dir)
        guard case .failed(let last)? = events.last else { Issue.record("last event is not failed"); return }
        #expect(last == failure)
        #expect(!events.contains { if case .epoch = $0 { return true }; return false }, "the run went on after the failure")
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/events.jsonl")).isEmpty)
    }

    @Test func runsFolderProblemsAreOneLineNamingThePath() throws {
        let folder = TrainerTests.temporaryRoot()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = folder + "/a-file"
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        func problem(_ root: String) -> FileProblem? {
            do { try RunsFolder.prepare(root); return nil } catch { return error }
        }
        #expect(problem("")?.description == "'': the runs folder is an empty path (give one, e.g. --runs-dir runs)")
        #expect(problem(file)?.description == "\(file): the runs folder is a file, not a folder")
        #expect(problem(file + "/runs")?.description == "\(file)/runs: cannot create the runs folder: \(file) is a file")
        #expect(problem("/proc/proxlab-x")?.description.hasPrefix("/proc/proxlab-x: cannot create the runs folder: ") == true)
        // Missing folders are made, parents included.
        #expect(problem(folder + "/a/b/runs") == nil)
        #expect(FileManager.default.fileExists(atPath: folder + "/a/b/runs"))
    }
}
