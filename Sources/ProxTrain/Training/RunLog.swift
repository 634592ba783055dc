import Foundation
import ProxCore

/// One folder per run under the runs directory: `experiment.json` (the run's
/// resolved setup, pair expressions included) and `events.jsonl`.
///
/// Events are buffered and appended whole lines at a time, flushed at the end
/// of every epoch and when the run ends, so a run killed at any moment leaves
/// a log whose every line parses. Every write is checked: when one fails (a
/// full disk), the file is cut back to its last whole line and `flush`
/// throws, so the trainer can end the run as failed.
///
/// So that the failure itself can still be logged on a full disk, the log
/// keeps a reserve: a few KiB held by an unlinked file in the run folder. It
/// is released just before the last line is written (`finish`), which then
/// has that room; nothing of it stays behind if the process is killed.
public final class RunLog {
    /// The two files of a run's log in its folder.
    public static let experimentFile = "experiment.json"
    public static let eventsFile = "events.jsonl"

    public let directory: String
    public let id: String
    private let fd: Int32
    private var reserve: Int32
    private var pending: [UInt8] = []
    /// Bytes of whole lines in the file.
    private var size: off_t = 0
    static let reserveBytes = 8192

    /// Creates the run's folder under `root` (checked and made as
    /// `RunsFolder.prepare` does), its experiment.json and an empty events.jsonl.
    /// When any of it fails, the half-made folder is removed.
    public init(root: String, pair: String, dataset: String, seed: UInt64, setup: JSONValue) throws(FileProblem) {
        try RunsFolder.prepare(root)
        let stamp = Self.timestamp()
        let safe = { (s: String) in String(s.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "_" }.prefix(40)) }
        let base = "\(stamp)-\(safe(pair))-\(safe(dataset))-s\(seed)"
        var id = base
        var n = 2
        while mkdir(root + "/" + id, 0o755) != 0 {
            guard errno == EEXIST else { throw FileProblem.fromErrno(root + "/" + id, "cannot create the run's folder") }
            id = "\(base)-\(n)"
            n += 1
        }
        self.id = id
        let directory = root + "/" + id
        self.directory = directory
        var held: Int32 = -1
        do throws(FileProblem) {
            held = try Self.makeReserve(in: directory)
            reserve = held
            try AtomicFile.write(setup.prettyText() + "\n", to: directory + "/" + Self.experimentFile)
            let events = directory + "/" + Self.eventsFile
            fd = open(events, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw FileProblem.fromErrno(events, "cannot create it") }
        } catch {
            if held >= 0 { close(held) }
            RunsFolder.remove(directory)
            throw error
        }
    }

    /// Reopens a run's folder to append to its log (`--resume`). A last line
    /// cut by a crash is dropped first, so the appended lines start whole.
    public init(existing directory: String) throws(FileProblem) {
        let events = directory + "/" + Self.eventsFile
        let fd = open(events, O_RDWR | O_APPEND | O_CLOEXEC)
        guard fd >= 0 else { throw FileProblem.fromErrno(events, "cannot open it to continue the run's log") }
        var whole = lseek(fd, 0, SEEK_END)
        // Walk back to just after the last newline (a cut line has none after it).
        var byte: UInt8 = 0
        while whole > 0 && pread(fd, &byte, 1, whole - 1) == 1 && byte != UInt8(ascii: "\n") { whole -= 1 }
        if ftruncate(fd, whole) != 0 {
            let code = errno
            close(fd)
            throw FileProblem.fromErrno(events, "cannot cut its last, broken line", code: code)
        }
        do { reserve = try Self.makeReserve(in: directory) } catch {
            close(fd)
            throw error
        }
        self.fd = fd
        size = whole
        self.directory = directory
        id = (directory as NSString).lastPathComponent
    }

    deinit {
        close(fd)
        if reserve >= 0 { close(reserve) }
    }

    public var eventsPath: String { directory + "/" + Self.eventsFile }

    public func append(_ event: TrainingEvent) {
        pending += Array((event.json.compactText + "\n").utf8)
    }

    /// Writes the buffered lines and flushes them to disk. On failure the
    /// buffered lines are dropped, the file ends on its last whole line, and
    /// the error names the file ("disk full: ..." when there is no room).
    public func flush() throws(FileProblem) {
        guard !pending.isEmpty else { return }
        defer { pending.removeAll(keepingCapacity: true) }
        if let code = FileDescriptor.writeAll(fd, pending) {
            ftruncate(fd, size)
            throw FileProblem.fromErrno(eventsPath, "cannot write it", code: code)
        }
        if fsync(fd) != 0 && errno != EINVAL && errno != EROFS {
            let code = errno
            ftruncate(fd, size)
            throw FileProblem.fromErrno(eventsPath, "cannot write it", code: code)
        }
        size += off_t(pending.count)
    }

    /// Writes `event` as the log's last line, into the room the reserve kept,
    /// after a failed `flush`. Returns whether it reached the disk; if not,
    /// the log still ends on a whole line.
    @discardableResult
    public func finish(with event: TrainingEvent) -> Bool {
        if reserve >= 0 {
            close(reserve)
            reserve = -1
        }
        pending.removeAll()
        append(event)
        do { try flush() } catch { return false }
        return true
    }

    /// An unlinked file holding `reserveBytes` of the run folder's disk.
    static func makeReserve(in directory: String) throws(FileProblem) -> Int32 {
        let path = directory + "/.reserve"
        let fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw FileProblem.fromErrno(directory, "cannot write into the run's folder") }
        unlink(path)
        if let code = FileDescriptor.writeAll(fd, [UInt8](repeating: 0, count: reserveBytes)) {
            close(fd)
            throw FileProblem.fromErrno(directory, "no room for the run's log", code: code)
        }
        return fd
    }

    static func timestamp() -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd-HHmmss"
        return f.string(from: Date())
    }
}
