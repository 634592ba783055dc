import Foundation

/// The files of an exported package, by path relative to its folder, and
/// their writing: into a fresh sibling folder first, renamed into place
/// when complete, so a failed export leaves nothing half written and an
/// existing folder is never overwritten.
public struct PackageFiles: Sendable {
    public var files: [(path: String, text: String)] = []
    /// Files copied in as they are (a run's model.safetensors).
    public var copies: [(path: String, from: String)] = []

    public init() {}

    public mutating func add(_ path: String, _ text: String) { files.append((path, text)) }

    public func text(_ path: String) -> String? { files.first { $0.path == path }?.text }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        /// `cancelled` said stop: nothing was written.
        public var interrupted = false
    }

    /// Writes every file under `directory`, which must not exist yet (an
    /// empty folder is taken over). `cancelled` is asked before each file
    /// and before the rename (a signal handler's flag: Ctrl-C); when it says
    /// stop, the staging folder is removed and nothing is written.
    public func write(to directory: String, cancelled: () -> Bool = { false }) throws(Failure) {
        let fm = FileManager.default
        let target = URL(fileURLWithPath: directory).standardizedFileURL
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: target.path, isDirectory: &isDirectory) {
            let empty = isDirectory.boolValue && ((try? fm.contentsOfDirectory(atPath: target.path))?.isEmpty ?? false)
            guard empty else {
                throw Failure(description: "\(directory) already exists\(isDirectory.boolValue ? " and is not empty" : " (a file)"); choose another --out or remove it")
            }
        }
        let parent = target.deletingLastPathComponent()
        let staging = parent.appendingPathComponent(".\(target.lastPathComponent).\(UUID().uuidString).tmp")
        let stop = Failure(description: "interrupted; \(directory) was not written", interrupted: true)
        if cancelled() { throw stop }
        do {
            try fm.createDirectory(at: parent, withIntermediateDirectories: true)
            try fm.createDirectory(at: staging, withIntermediateDirectories: false)
            for file in files {
                if cancelled() { throw stop }
                let url = staging.appendingPathComponent(file.path)
                try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.text.utf8).write(to: url)
            }
            for copy in copies {
                if cancelled() { throw stop }
                let url = staging.appendingPathComponent(copy.path)
                try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try fm.copyItem(at: URL(fileURLWithPath: copy.from), to: url)
            }
            if cancelled() { throw stop }
            if fm.fileExists(atPath: target.path) { try fm.removeItem(at: target) }
            guard rename(staging.path, target.path) == 0 else {
                throw Failure(description: "cannot move the package into \(directory): \(String(cString: strerror(errno)))")
            }
        } catch let failure as Failure {
            try? fm.removeItem(at: staging)
            throw failure
        } catch {
            try? fm.removeItem(at: staging)
            throw Failure(description: "cannot write the package into \(directory): \(error.localizedDescription)")
        }
    }
}
