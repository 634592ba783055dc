import Foundation
import ProxCore

/// The folder that holds one folder per run (`runs`, `--runs-dir`, or
/// `$PROXLAB_RUNS`), checked before anything is trained or written.
public enum RunsFolder {
    /// The runs folder: $PROXLAB_RUNS, else `runs` in the working directory.
    public static var defaultRoot: String {
        if let env = ProcessInfo.processInfo.environment["PROXLAB_RUNS"], !env.isEmpty { return env }
        return "runs"
    }

    /// Makes sure `root` is a folder this process can write into, creating
    /// it (and its missing parents, like `mkdir -p`) when it does not exist.
    /// The error names the path and the reason in one line.
    public static func prepare(_ root: String) throws(FileProblem) {
        guard !root.isEmpty else {
            throw FileProblem(path: root, reason: "the runs folder is an empty path (give one, e.g. --runs-dir runs)", code: ENOENT)
        }
        var info = stat()
        if stat(root, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFDIR else {
                throw FileProblem(path: root, reason: "the runs folder is a file, not a folder", code: ENOTDIR)
            }
        } else if errno == ENOENT || errno == ENOTDIR {
            try create(root)
        } else {
            throw FileProblem.fromErrno(root, "cannot use it as the runs folder")
        }
        guard access(root, W_OK | X_OK) == 0 else {
            throw FileProblem.fromErrno(root, "cannot write into the runs folder")
        }
    }

    /// `mkdir -p`: each missing component in turn, so the error names the
    /// first one that cannot be made.
    static func create(_ path: String) throws(FileProblem) {
        let absolute = path.hasPrefix("/")
        var current = absolute ? "" : "."
        for part in path.split(separator: "/") {
            current += "/" + part
            var info = stat()
            if stat(current, &info) == 0 {
                guard info.st_mode & S_IFMT == S_IFDIR else {
                    throw FileProblem(path: path, reason: "cannot create the runs folder: \(Text.printable(String(current.trimmingPrefix("./")))) is a file", code: ENOTDIR)
                }
                continue
            }
            if mkdir(current, 0o755) != 0 && errno != EEXIST {
                throw FileProblem.fromErrno(path, "cannot create the runs folder")
            }
        }
    }

    /// Removes a run folder this process created and could not finish
    /// setting up, with whatever it holds (never anything else).
    static func remove(_ directory: String) {
        try? FileManager.default.removeItem(atPath: directory)
    }
}
