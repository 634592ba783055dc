import Foundation
import ProxCore

/// One folder per run under the runs directory: `experiment.json` (the run's
/// resolved setup, pair expressions included) and `events.jsonl`.
///
/// Events are buffered and appended whole lines at a time, flushed at the end
/// of every epoch and when the run ends, so a run killed at any moment leaves
/// a log whose every line parses.
public final class RunLog {
    public let directory: String
    public let id: String
    private let handle: FileHandle
    private var pending = ""

    /// The runs folder: $PROXLAB_RUNS, else `runs` in the working directory.
    public static var defaultRoot: String {
        if let env = ProcessInfo.processInfo.environment["PROXLAB_RUNS"], !env.isEmpty { return env }
        return "runs"
    }

    public init(root: String, pair: String, dataset: String, seed: UInt64, setup: JSONValue) throws {
        let stamp = Self.timestamp()
        let safe = { (s: String) in String(s.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "_" }.prefix(40)) }
        var id = "\(stamp)-\(safe(pair))-\(safe(dataset))-s\(seed)"
        let fm = FileManager.default
        try fm.createDirectory(atPath: root, withIntermediateDirectories: true)
        var n = 2
        while fm.fileExists(atPath: root + "/" + id) {
            id = "\(stamp)-\(safe(pair))-\(safe(dataset))-s\(seed)-\(n)"
            n += 1
        }
        self.id = id
        directory = root + "/" + id
        try fm.createDirectory(atPath: directory, withIntermediateDirectories: false)
        try AtomicFile.write(setup.prettyText() + "\n", to: directory + "/experiment.json")
        let events = directory + "/events.jsonl"
        _ = fm.createFile(atPath: events, contents: nil)
        guard let h = FileHandle(forWritingAtPath: events) else {
            throw RunFailure(reason: "cannot open \(events) for writing", epoch: 0, step: 0, log: directory)
        }
        handle = h
    }

    deinit { try? handle.close() }

    public func append(_ event: TrainingEvent) {
        pending += event.json.compactText + "\n"
    }

    /// Writes the buffered lines and flushes them to disk.
    public func flush() {
        guard !pending.isEmpty else { return }
        handle.seekToEndOfFile()
        handle.write(Data(pending.utf8))
        try? handle.synchronize()
        pending = ""
    }

    static func timestamp() -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd-HHmmss"
        return f.string(from: Date())
    }
}
