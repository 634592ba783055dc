import Foundation
import ProxCore
import ProxTrain

/// Ctrl-C during `train` cancels the run between steps instead of killing
/// the process, so the log ends on a whole line with a `cancelled` event.
/// A second Ctrl-C exits at once.
enum Interrupt {
    static let control = RunControl()

    static func install() {
        signal(SIGINT) { _ in
            if Interrupt.control.isCancelled {
                TemporaryFiles.removeAll()
                _exit(130)
            }
            Interrupt.control.cancel()
        }
    }

    /// Ctrl-C, SIGTERM or SIGHUP during a command that writes a folder
    /// (`export`) only raises the flag: the writer asks it between files and
    /// removes its temporary folder on the normal path (the handler does
    /// nothing that is not async-signal-safe: one atomic store). A signal
    /// the parent ignores stays ignored.
    static func installCancel() {
        _ = control  // initialised here, never first in the handler
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            var current = sigaction()
            sigaction(sig, nil, &current)
            if unsafeBitCast(current.__sigaction_handler.sa_handler, to: Int.self) == 1 { continue }  // SIG_IGN
            signal(sig) { _ in Interrupt.control.cancel() }
        }
    }

    /// Ctrl-\ (SIGQUIT) quits at once with status 131 and one line, instead
    /// of Swift's crash report: it is a user's "stop now", not a crash.
    /// `_exit` skips exit handlers, so a training thread inside a BLAS call
    /// is never pulled apart; the workbench's terminal guard restores the
    /// screen first. A log keeps every flushed epoch.
    static func installQuit() {
        // A parent that ignores SIGQUIT (a background job of a shell) keeps it ignored.
        var current = sigaction()
        sigaction(SIGQUIT, nil, &current)
        if unsafeBitCast(current.__sigaction_handler.sa_handler, to: Int.self) == 1 { return }  // SIG_IGN
        signal(SIGQUIT) { _ in
            let message: StaticString = "\nproxlab: quit (Ctrl-\\)\n"
            _ = write(2, message.utf8Start, message.utf8CodeUnitCount)
            TemporaryFiles.removeAll()
            _exit(131)
        }
    }
}
