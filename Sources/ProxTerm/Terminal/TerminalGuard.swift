import Foundation
internal import CNcurses
import Synchronization

/// Process-wide safety net that gets the terminal out of curses mode on every
/// way out of the process: `Terminal.stop()`, `exit()` (an `atexit` hook), and
/// fatal or terminating signals (SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGSEGV,
/// SIGABRT, SIGBUS, SIGFPE, SIGILL, SIGTRAP; Swift traps such as a failed
/// precondition arrive as SIGILL or SIGTRAP).
///
/// The signal handler calls `endwin()`, which is not async-signal-safe: it
/// writes the terminal's reset sequences and restores the saved termios. That
/// is what every curses program does (ncurses' own SIGINT/SIGTERM handler does
/// the same), and the alternative, a dead process leaving the terminal raw
/// with no echo, is worse. It then puts back the handler that was there before
/// (the default, or Swift's backtracer, which then prints its report on a sane
/// terminal) and re-raises a signal sent by `kill`/`raise`; a fault raised by
/// the CPU (SIGSEGV from a bad access) simply happens again on return, now
/// reaching the previous handler with its true context. Signals the process
/// ignores (SIGHUP under nohup) are left alone.
///
/// While curses is active, standard error can be redirected to an unlinked
/// temporary file (when it is a terminal): anything written to it (a stray
/// `print` to stderr, Swift's fatal-error message before the trap) would
/// otherwise land in the middle of the drawn screen and then vanish with the
/// alternate screen. On restore, stderr is pointed back at the terminal and
/// the captured text is replayed there, after the screen is restored.
enum TerminalGuard {
    /// Whether curses is running (between `newterm` and `endwin`).
    static let active = Atomic<Bool>(false)
    /// The original stderr, duplicated, while it is redirected; -1 otherwise.
    static let savedStderr = Atomic<Int32>(-1)
    /// The unlinked file that stands in for stderr; -1 when not capturing.
    static let captureFile = Atomic<Int32>(-1)
    static let atexitRegistered = Atomic<Bool>(false)

    static let signals: [Int32] = [SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL, SIGTRAP]

    /// The action each signal had before ours, indexed by signal number.
    /// nonisolated(unsafe): written only by `installSignalHandlers` and
    /// `removeSignalHandlers`, on the terminal's thread, each slot before our
    /// handler for that signal is installed or after it is removed; read by
    /// the handler only while ours is installed. A raw buffer rather than an
    /// array so the handler touches no reference counts.
    nonisolated(unsafe) static let previousActions: UnsafeMutablePointer<sigaction> = {
        let p = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)
        p.initialize(repeating: sigaction(), count: 65)
        return p
    }()
    /// Which slots of `previousActions` hold a saved action (ours is installed).
    nonisolated(unsafe) static let installed: UnsafeMutablePointer<Bool> = {
        let p = UnsafeMutablePointer<Bool>.allocate(capacity: 65)
        p.initialize(repeating: false, count: 65)
        return p
    }()
    /// Scratch for replaying captured stderr from a signal handler (no allocation there).
    nonisolated(unsafe) static let replayBuffer = UnsafeMutableRawPointer.allocate(byteCount: 4096, alignment: 16)

    // MARK: - Install and remove

    static func installSignalHandlers() {
        _ = previousActions; _ = installed; _ = replayBuffer  // initialise before any handler can run
        for sig in signals {
            let i = Int(sig)
            guard !installed[i] else { continue }
            var current = sigaction()
            sigaction(sig, nil, &current)
            // SIG_IGN is handler value 1.
            if unsafeBitCast(current.__sigaction_handler.sa_handler, to: Int.self) == 1 { continue }
            var action = sigaction()
            action.__sigaction_handler.sa_sigaction = terminalSignalHandler
            action.sa_flags = SA_SIGINFO | SA_ONSTACK
            sigemptyset(&action.sa_mask)
            previousActions[i] = current
            installed[i] = true
            sigaction(sig, &action, nil)
        }
        if !atexitRegistered.exchange(true, ordering: .sequentiallyConsistent) {
            atexit { TerminalGuard.restore() }
        }
    }

    static func removeSignalHandlers() {
        for sig in signals {
            let i = Int(sig)
            guard installed[i] else { continue }
            sigaction(sig, previousActions + i, nil)
            installed[i] = false
        }
    }

    // MARK: - Standard error

    /// Points stderr at an unlinked temporary file, when stderr is a terminal.
    static func captureStandardError() {
        guard isatty(2) == 1, savedStderr.load(ordering: .sequentiallyConsistent) < 0 else { return }
        let dir = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array("\(dir)/proxlab-stderr-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { return }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        let saved = dup(2)
        guard saved >= 0, dup2(fd, 2) >= 0 else {
            close(fd)
            if saved >= 0 { close(saved) }
            return
        }
        captureFile.store(fd, ordering: .sequentiallyConsistent)
        savedStderr.store(saved, ordering: .sequentiallyConsistent)
    }

    /// Points stderr back at the terminal and replays what was captured.
    /// Only async-signal-safe calls (dup2, lseek, read, write, close).
    static func restoreStandardError() {
        let saved = savedStderr.exchange(-1, ordering: .sequentiallyConsistent)
        guard saved >= 0 else { return }
        dup2(saved, 2)
        close(saved)
        let fd = captureFile.exchange(-1, ordering: .sequentiallyConsistent)
        guard fd >= 0 else { return }
        lseek(fd, 0, SEEK_SET)
        while true {
            let n = read(fd, replayBuffer, 4096)
            if n <= 0 { break }
            var done = 0
            while done < n {
                let w = write(2, replayBuffer + done, n - done)
                if w <= 0 { break }
                done += w
            }
            if done < n { break }
        }
        close(fd)
    }

    // MARK: - Bracketed paste

    /// Whether the terminal was asked for bracketed paste (xterm's mode 2004).
    static let bracketedPaste = Atomic<Bool>(false)

    /// Asks the terminal to wrap pasted text in ESC [200~ ... ESC [201~, or
    /// stops it; terminals without the mode ignore the request. Written
    /// straight to standard output (async-signal-safe, for `restore`).
    static func setBracketedPaste(_ on: Bool) {
        guard bracketedPaste.exchange(on, ordering: .sequentiallyConsistent) != on else { return }
        let sequence: StaticString = on ? "\u{1B}[?2004h" : "\u{1B}[?2004l"
        _ = write(1, sequence.utf8Start, sequence.utf8CodeUnitCount)
    }

    // MARK: - Restore

    /// Leaves curses mode if it is on and restores stderr: the `atexit` hook
    /// and the first thing the signal handler does.
    static func restore() {
        setBracketedPaste(false)
        // endwin before clearing the flag: a signal arriving in between then
        // calls endwin twice (harmless) rather than not at all.
        if active.load(ordering: .sequentiallyConsistent) {
            endwin()
            active.store(false, ordering: .sequentiallyConsistent)
        }
        restoreStandardError()
    }
}

/// The handler for every signal in `TerminalGuard.signals`.
private func terminalSignalHandler(_ sig: Int32, _ info: UnsafeMutablePointer<siginfo_t>?, _: UnsafeMutableRawPointer?) {
    TerminalGuard.restore()
    let i = Int(sig)
    if i > 0 && i < 65 && TerminalGuard.installed[i] {
        sigaction(sig, TerminalGuard.previousActions + i, nil)
        TerminalGuard.installed[i] = false
    } else {
        signal(sig, SIG_DFL)
    }
    // Sent by kill/raise/abort (si_code <= 0): send it again, now to the
    // previous handler. Raised by the CPU: returning re-executes the fault.
    if (info?.pointee.si_code ?? 0) <= 0 { raise(sig) }
}
