import Foundation
import Synchronization

/// Work an effect asks for that takes too long for the terminal's thread
/// (deploying and timing a run for its cost ledger takes about a second):
/// it runs on a thread of its own and its answer comes back as a message,
/// taken by `drain` each tick like a run's events, so the screen keeps
/// answering keys meanwhile. `waitUntilIdle` joins every job: the process
/// must not exit while one is inside a BLAS call (see `JoinableThread`).
final class BackgroundJobs: Sendable {
    private struct Shared: ~Copyable {
        var done: [Message] = []
        var threads: [JoinableThread] = []
    }

    private let shared = Mutex(Shared())

    /// Runs `job` off the terminal's thread; false when the system has no thread to give.
    func start(_ name: String, _ job: @escaping @Sendable () -> Message) -> Bool {
        let thread = JoinableThread(name: name) { [self] in
            let answer = job()
            shared.withLock { $0.done.append(answer) }
        }
        guard let thread else { return false }
        shared.withLock { $0.threads.append(thread) }
        return true
    }

    /// The answers of the jobs finished since the last call, in order.
    func drain() -> [Message] {
        shared.withLock { s in
            defer { s.done = [] }
            return s.done
        }
    }

    /// Waits for every job started so far to end.
    func waitUntilIdle() {
        let threads = shared.withLock { s in
            defer { s.threads = [] }
            return s.threads
        }
        for t in threads { t.join() }
    }
}
