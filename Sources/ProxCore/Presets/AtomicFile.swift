import Foundation

/// Writing that never leaves a half-written file under the real name: write a
/// temporary sibling, flush it to disk, then rename it over the target
/// (atomic on POSIX).
///
/// The folder must exist: a typo in a path is reported, not turned into new
/// folders. A target that is a symbolic link is written through: the file it
/// points to is replaced and the link stays a link (as editors do). An
/// existing file keeps its permission bits.
public enum AtomicFile {
    public static func write(_ text: String, to path: String) throws(FileProblem) {
        try write(Data(text.utf8), to: path)
    }

    public static func write(_ data: Data, to path: String) throws(FileProblem) {
        let target = resolvingLink(path)
        let folder = (target as NSString).deletingLastPathComponent
        let shownFolder = folder.isEmpty ? "." : folder
        var info = stat()
        guard stat(folder.isEmpty ? "." : folder, &info) == 0 else {
            throw errno == ENOENT
                ? FileProblem(path: path, reason: "cannot write it: the folder \(shownFolder) does not exist", code: ENOENT)
                : FileProblem.fromErrno(path, "cannot write it")
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw FileProblem(path: path, reason: "cannot write it: \(shownFolder) is not a folder", code: ENOTDIR)
        }
        var mode: mode_t = 0o644
        var existing = stat()
        if stat(target, &existing) == 0 {
            guard existing.st_mode & S_IFMT == S_IFREG else {
                throw FileProblem(path: path, reason: "cannot write it: it is not a regular file", code: EISDIR)
            }
            mode = existing.st_mode & 0o7777
        }
        let name = (target as NSString).lastPathComponent
        let temporary = (folder.isEmpty ? "" : folder + "/") + ".\(name).\(UUID().uuidString.prefix(8)).tmp"
        // Registered before it exists, so a signal at any moment finds it (`TemporaryFiles`).
        let slot = TemporaryFiles.register(temporary)
        defer { TemporaryFiles.forget(slot) }
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw FileProblem.fromErrno(path, "cannot write it") }
        var failure = data.withUnsafeBytes { FileDescriptor.writeAll(fd, $0) }
        if failure == nil && fsync(fd) != 0 && errno != EINVAL { failure = errno }
        if close(fd) != 0 && failure == nil { failure = errno }
        if failure == nil && rename(temporary, target) != 0 { failure = errno }
        if let failure {
            unlink(temporary)
            throw FileProblem.fromErrno(path, "cannot write it", code: failure)
        }
    }

    /// The file a chain of symbolic links ends at (relative links are read
    /// from the link's folder); `path` itself when it is not a link.
    static func resolvingLink(_ path: String) -> String {
        var current = path
        for _ in 0..<32 {
            guard let destination = try? FileManager.default.destinationOfSymbolicLink(atPath: current) else { return current }
            current = destination.hasPrefix("/")
                ? destination
                : ((current as NSString).deletingLastPathComponent as NSString).appendingPathComponent(destination)
        }
        return current
    }
}
