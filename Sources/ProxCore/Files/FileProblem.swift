import Foundation

/// A file or folder that could not be read, written or created: the path and
/// the system's reason, printed as one line.
///
/// Foundation's errors print as `Error Domain=NSCocoaErrorDomain Code=...`
/// dumps; this names what and where instead. A full disk (or quota) reads
/// "disk full: ..." so a failed run says at once why it stopped.
public struct FileProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    /// What was being done and why it failed, e.g. "cannot create it: read-only file system".
    public var reason: String
    /// The `errno` behind it, 0 when there is none (a file where a folder should be).
    public var code: Int32

    public init(path: String, reason: String, code: Int32 = 0) {
        self.path = path
        self.reason = reason
        self.code = code
    }

    /// `action` failed with the current `errno`: "cannot write it: no space left on device".
    public static func fromErrno(_ path: String, _ action: String, code: Int32 = errno) -> FileProblem {
        FileProblem(path: path, reason: "\(action): \(systemReason(code))", code: code)
    }

    public var isDiskFull: Bool { code == ENOSPC || code == EDQUOT }

    public var description: String {
        let shown = path.isEmpty ? "''" : Text.printable(path)
        return (isDiskFull ? "disk full: " : "") + "\(shown): \(reason)"
    }

    /// strerror's text with a lower-case first letter, to sit inside a sentence.
    public static func systemReason(_ code: Int32) -> String {
        let s = String(cString: strerror(code))
        return s.prefix(1).lowercased() + s.dropFirst()
    }
}

/// Writing through file descriptors, every result checked: the one place
/// that loops over partial writes and EINTR.
public enum FileDescriptor {
    /// Writes every byte; returns the errno of the failure, nil when all were written.
    public static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32? {
        var done = 0
        while done < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            if n == 0 { return EIO }
            done += n
        }
        return nil
    }

    public static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Int32? {
        bytes.withUnsafeBytes { writeAll(fd, $0) }
    }
}
