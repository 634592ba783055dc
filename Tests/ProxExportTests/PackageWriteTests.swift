import Foundation
import ProxExport
import Testing
import TestHelpers

/// A package is written into a staging folder and renamed: a write that is
/// cancelled (Ctrl-C, SIGTERM) at any point before the rename leaves neither
/// the package nor the staging folder, and one that is not cancelled writes every file.
@Suite struct PackageWriteTests {
    static func package() -> PackageFiles {
        var files = PackageFiles()
        files.add("README.md", "# a package\n")
        files.add("proxtorch/__init__.py", "\n")
        files.add("proxtorch/layers.py", "x = 1\n")
        return files
    }

    /// The cancel flag raised after `checks` questions: 0 (before anything), 1 to 3 (before each file), 4 (before the rename).
    @Test(arguments: 0...4)
    func aCancelledWriteLeavesNothing(checks: Int) throws {
        let folder = try RepositoryPaths.temporaryFolder("proxlab-package-write")
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("package").path
        var asked = 0
        #expect(throws: PackageFiles.Failure.self) {
            try Self.package().write(to: out) {
                asked += 1
                return asked > checks
            }
        }
        #expect(asked == checks + 1, "asked \(asked) times")
        do {
            try Self.package().write(to: out) { true }
            Issue.record("a cancelled write succeeded")
        } catch {
            #expect(error.interrupted && error.description == "interrupted; \(out) was not written", "\(error)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == [])
    }

    @Test func anUncancelledWriteWritesEveryFile() throws {
        let folder = try RepositoryPaths.temporaryFolder("proxlab-package-write")
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("package")
        var asked = 0
        try Self.package().write(to: out.path) { asked += 1; return false }
        #expect(asked == 5, "asked before writing, before each of the 3 files and before the rename: \(asked)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["package"])
        #expect(try String(contentsOf: out.appendingPathComponent("proxtorch/layers.py"), encoding: .utf8) == "x = 1\n")
    }
}
