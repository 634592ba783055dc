import Foundation
import ProxCore

/// One run folder read back through the log's schema (`TrainingEvent(json:)`):
/// what `proxlab runs` lists and shows, and what the workbench loads.
///
/// The log is read line by line: a line that is not UTF-8, not JSON or not an
/// event (cut by a crash, damaged on disk) is skipped and counted, and every
/// other line still counts, so one bad byte never hides a run.
public struct RunRecord: Sendable, Equatable {
    public enum Status: String, Sendable {
        case finished, failed, cancelled
        /// No last event: the process was killed, or is still training.
        case incomplete
    }

    /// The folder's name, e.g. `20261125-161436-bc-moons-s0`.
    public var id: String
    public var directory: String
    /// The `started` event; nil when that line could not be read.
    public var info: RunInfo?
    public var steps: [StepMetrics] = []
    public var epochs: [EpochMetrics] = []
    public var status = Status.incomplete
    /// The reason of a `failed` run.
    public var failure: String?
    /// Lines of events.jsonl that could not be read, and where the first one is.
    public var skippedLines = 0
    public var firstSkippedLine: Int?

    public init(id: String, directory: String) {
        self.id = id
        self.directory = directory
    }

    public var eventsPath: String { directory + "/" + RunLog.eventsFile }

    /// Reads `directory`'s events.jsonl; nil when the folder has none (it is
    /// not a run folder).
    public static func read(directory: String) -> RunRecord? {
        guard let data = FileManager.default.contents(atPath: directory + "/" + RunLog.eventsFile) else { return nil }
        var record = RunRecord(id: (directory as NSString).lastPathComponent, directory: directory)
        var number = 0
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            number += 1
            if line.isEmpty { continue }
            guard let text = String(validating: line, as: UTF8.self),
                  let json = try? JSONValue(parsing: text), let event = TrainingEvent(json: json) else {
                record.skippedLines += 1
                if record.firstSkippedLine == nil { record.firstSkippedLine = number }
                continue
            }
            record.apply(event)
        }
        return record
    }

    mutating func apply(_ event: TrainingEvent) {
        switch event {
        case .started(let i):
            info = i
            // A resumed run continues after its last saved epoch: epochs logged past it before do not count.
            if let from = i.resumedFrom {
                epochs.removeAll { $0.epoch > from }
                steps.removeAll { $0.epoch > from }
                status = .incomplete
                failure = nil
            }
        case .step(let s): steps.append(s)
        case .epoch(let e): epochs.append(e)
        case .finished: status = .finished
        case .cancelled: status = .cancelled
        case .failed(let f):
            status = .failed
            failure = f.reason
        }
    }

    /// Every run folder under `root`, by name. A root that does not exist
    /// holds no runs; one that cannot be listed is the error.
    public static func all(in root: String) throws(FileProblem) -> [RunRecord] {
        var info = stat()
        guard stat(root, &info) == 0 else {
            if errno == ENOENT { return [] }
            throw FileProblem.fromErrno(root, "cannot read the runs folder")
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw FileProblem(path: root, reason: "the runs folder is a file, not a folder", code: ENOTDIR)
        }
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: root) } catch {
            throw FileProblem.fromErrno(root, "cannot read the runs folder", code: EACCES)
        }
        return names.sorted().compactMap { read(directory: root + "/" + $0) }
    }

    /// The run whose ID is `id`, else every run whose ID contains it.
    public static func matching(_ id: String, in logs: [RunRecord]) -> [RunRecord] {
        logs.contains { $0.id == id } ? logs.filter { $0.id == id } : logs.filter { $0.id.contains(id) }
    }

    /// `matching` over the runs folder; none when it cannot be read.
    public static func matching(_ id: String, in root: String) -> [RunRecord] {
        matching(id, in: (try? all(in: root)) ?? [])
    }

    /// A finished run's summary, read from its log (nil for any other status
    /// or an unreadable `started` line).
    public var summary: RunSummary? {
        guard status == .finished, let info else { return nil }
        return RunSummary(pair: info.pair, dataset: info.dataset, seed: info.seed, last: epochs.last, epochs: epochs.count,
                          epochSeconds: epochs.map(\.seconds), log: directory)
    }

    /// "skipped 2 unreadable lines of events.jsonl (the first is line 40)", or nil.
    public var skippedNote: String? {
        guard skippedLines > 0 else { return nil }
        return "skipped \(skippedLines) unreadable line\(skippedLines == 1 ? "" : "s") of \(id)/events.jsonl"
            + (firstSkippedLine.map { " (\(skippedLines == 1 ? "" : "the first is ")line \($0))" } ?? "")
    }
}
