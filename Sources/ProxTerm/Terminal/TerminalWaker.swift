import Foundation

/// Wakes a `Terminal.nextEvent` that is waiting for input, from any thread:
/// a training run calls `wake()` when it has posted events, so the UI
/// drains them at once instead of at its next timeout.
///
/// A self-pipe: `wake()` writes one byte (non-blocking; when the pipe is
/// already full a wake-up is pending anyway), `nextEvent` polls the read end
/// beside standard input and empties it. The pipe lives as long as the last
/// reference to the waker, so a late `wake()` after the terminal stopped is
/// harmless.
public final class TerminalWaker: Sendable {
    let readEnd: Int32
    let writeEnd: Int32

    init() {
        var fds: [Int32] = [-1, -1]
        if pipe(&fds) == 0 {
            for fd in fds {
                _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            }
        }
        readEnd = fds[0]
        writeEnd = fds[1]
    }

    deinit {
        if readEnd >= 0 { close(readEnd) }
        if writeEnd >= 0 { close(writeEnd) }
    }

    /// Makes the current (or next) `nextEvent` return promptly.
    public func wake() {
        guard writeEnd >= 0 else { return }
        var byte: UInt8 = 1
        _ = write(writeEnd, &byte, 1)
    }

    /// Empties the pipe; returns whether it held a wake-up.
    func drain() -> Bool {
        guard readEnd >= 0 else { return false }
        var buffer = [UInt8](repeating: 0, count: 64)
        var any = false
        while read(readEnd, &buffer, 64) > 0 { any = true }
        return any
    }
}
