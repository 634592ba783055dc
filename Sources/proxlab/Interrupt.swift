import Foundation
import ProxTrain

/// Ctrl-C during `train` cancels the run between steps instead of killing
/// the process, so the log ends on a whole line with a `cancelled` event.
/// A second Ctrl-C exits at once.
enum Interrupt {
    static let control = RunControl()

    static func install() {
        signal(SIGINT) { _ in
            if Interrupt.control.isCancelled { _exit(130) }
            Interrupt.control.cancel()
        }
    }
}
