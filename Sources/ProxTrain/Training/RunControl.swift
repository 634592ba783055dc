import Synchronization

/// Pause, resume and cancel, shared between the UI (or a signal handler) and
/// the trainer's thread. The trainer reads the flags between steps, so a
/// request takes effect within one step and never tears a log line.
public final class RunControl: Sendable {
    private let cancelFlag = Atomic<Bool>(false)
    private let pauseFlag = Atomic<Bool>(false)

    public init() {}

    public func cancel() { cancelFlag.store(true, ordering: .relaxed) }
    public func pause() { pauseFlag.store(true, ordering: .relaxed) }
    public func resume() { pauseFlag.store(false, ordering: .relaxed) }

    public var isCancelled: Bool { cancelFlag.load(ordering: .relaxed) }
    public var isPaused: Bool { pauseFlag.load(ordering: .relaxed) }
}
