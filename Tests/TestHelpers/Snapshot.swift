import Foundation
import ProxPlot
import Testing

/// Compares a rendered screen with a text file kept beside the test.
///
/// The file is `Snapshots/<named>.txt` in the folder of the calling test
/// file, found through `#filePath` rather than bundle resources so that a
/// snapshot is a plain file in the source tree: reviewed in diffs, read with
/// `cat`, edited by hand if need be. It holds the grid's rows with trailing
/// spaces removed (editors strip them anyway); comparison ignores trailing
/// spaces and trailing empty rows for the same reason. Only characters are
/// compared, never escape bytes or colours.
///
/// The file is written instead of compared when it does not exist yet (the
/// first run records it, and the test passes), or for every snapshot when
/// the environment has `RECORD_SNAPSHOTS=1`. Under CI (`CI` set to anything
/// but "false" or "0") a missing file is a failure, so a snapshot that was
/// never committed cannot pass silently.
///
///     assertSnapshot(plot.render(width: 60, height: 16, mode: .none), named: "sign-clip-60x16")
public func assertSnapshot(_ grid: CellGrid, named name: String, file: StaticString = #filePath,
                           sourceLocation: SourceLocation = #_sourceLocation) {
    assertSnapshot(lines: grid.lines, named: name, file: file, sourceLocation: sourceLocation)
}

/// Compares text rows with a snapshot file; see the `CellGrid` overload.
public func assertSnapshot(lines: [String], named name: String, file: StaticString = #filePath,
                           sourceLocation: SourceLocation = #_sourceLocation) {
    let testFile = URL(fileURLWithPath: "\(file)")
    let folder = testFile.deletingLastPathComponent().appendingPathComponent("Snapshots", isDirectory: true)
    let url = folder.appendingPathComponent("\(name).txt")
    let actual = normalized(lines)
    let environment = ProcessInfo.processInfo.environment
    let recordAll = environment["RECORD_SNAPSHOTS"] == "1"
    let exists = FileManager.default.fileExists(atPath: url.path)

    if recordAll || !exists {
        if !exists, let ci = environment["CI"], !ci.isEmpty, ci != "false", ci != "0", !recordAll {
            Issue.record("Snapshot \"\(name)\" is missing (\(url.path)); record it locally and commit it.",
                         sourceLocation: sourceLocation)
            return
        }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try (actual.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        } catch {
            Issue.record("Could not write snapshot \(url.path): \(error)", sourceLocation: sourceLocation)
        }
        return
    }

    let stored: String
    do {
        stored = try String(contentsOf: url, encoding: .utf8)
    } catch {
        Issue.record("Could not read snapshot \(url.path): \(error)", sourceLocation: sourceLocation)
        return
    }
    let expected = normalized(stored.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
    guard expected != actual else { return }
    Issue.record(Comment(rawValue: snapshotDiff(name: name, path: url.path, expected: expected, actual: actual)),
                 sourceLocation: sourceLocation)
}

/// Rows with trailing spaces and trailing empty rows removed.
private func normalized(_ lines: [String]) -> [String] {
    var rows = lines.map { line -> String in
        var s = Substring(line)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
    while rows.last == "" { rows.removeLast() }
    return rows
}

/// A readable report: each differing row, expected above actual, quoted so
/// that leading and trailing differences show; then the whole actual screen.
private func snapshotDiff(name: String, path: String, expected: [String], actual: [String]) -> String {
    var out = "Snapshot \"\(name)\" differs from \(path)\n"
    out += "(re-record with RECORD_SNAPSHOTS=1 if the change is intended)\n"
    if expected.count != actual.count { out += "rows: expected \(expected.count), actual \(actual.count)\n" }
    var shown = 0
    for i in 0..<max(expected.count, actual.count) {
        let e = i < expected.count ? "\"\(expected[i])\"" : "(none)"
        let a = i < actual.count ? "\"\(actual[i])\"" : "(none)"
        guard e != a else { continue }
        if shown == 12 { out += "…\n"; break }
        let row = String(i)
        let pad = String(repeating: " ", count: max(0, 3 - row.count))
        out += "row \(pad)\(row) expected \(e)\n        actual   \(a)\n"
        shown += 1
    }
    out += "actual:\n" + actual.map { "  \"\($0)\"" }.joined(separator: "\n")
    return out
}
