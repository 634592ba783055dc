import Foundation
import Synchronization

/// The temporary files of writes in flight (`AtomicFile`), so that Ctrl-C or
/// a kill (SIGINT, SIGTERM, SIGHUP) does not leave them behind: a write
/// registers its temporary before creating it and forgets it once it is
/// renamed or removed; the handler `installSignalCleanup` puts in place
/// removes whatever is registered, then lets the signal do what it did
/// before. The handler uses only atomics, `unlink` and `raise` on memory
/// allocated up front, which is what a signal handler may do.
public enum TemporaryFiles {
    /// Writes in flight at once that are protected (one per thread that writes is plenty).
    static let slots = 64
    static let pathCapacity = Int(PATH_MAX) + 1
    /// Slots taken by a write (bit i: slot i), and those whose path is complete.
    static let claimed = Atomic<UInt64>(0)
    static let registered = Atomic<UInt64>(0)
    /// The slots' NUL-terminated paths. nonisolated(unsafe): slot i is
    /// written only by the write that claimed it, before its bit is set in
    /// `registered`, and read (by the handler) only while that bit is set.
    nonisolated(unsafe) static let paths = UnsafeMutablePointer<CChar>.allocate(capacity: slots * pathCapacity)

    /// Registers `path`; returns its slot for `forget`, or nil when the path
    /// is too long or every slot is taken (the write goes on, unprotected).
    static func register(_ path: String) -> Int? {
        let bytes = Array(path.utf8CString)
        guard bytes.count <= pathCapacity else { return nil }
        var seen = claimed.load(ordering: .relaxed)
        while true {
            guard seen != .max else { return nil }
            let slot = (~seen).trailingZeroBitCount
            let (exchanged, now) = claimed.compareExchange(expected: seen, desired: seen | (1 << slot), ordering: .acquiring)
            if exchanged {
                bytes.withUnsafeBufferPointer { (paths + slot * pathCapacity).update(from: $0.baseAddress!, count: bytes.count) }
                registered.bitwiseOr(1 << UInt64(slot), ordering: .releasing)
                return slot
            }
            seen = now
        }
    }

    /// The write of `slot` is over: its temporary was renamed or removed.
    static func forget(_ slot: Int?) {
        guard let slot else { return }
        registered.bitwiseAnd(~(1 << UInt64(slot)), ordering: .releasing)
        claimed.bitwiseAnd(~(1 << UInt64(slot)), ordering: .releasing)
    }

    /// Removes every registered temporary. Safe in a signal handler.
    public static func removeAll() {
        var pending = registered.load(ordering: .acquiring)
        while pending != 0 {
            let slot = pending.trailingZeroBitCount
            unlink(paths + slot * pathCapacity)
            pending &= pending - 1
        }
    }

    /// Removes the temporaries on SIGINT, SIGTERM and SIGHUP, then dies of
    /// the signal as before. Call it first thing: a handler installed later
    /// (the workbench's terminal guard, train's Ctrl-C) takes over its
    /// signal and calls `removeAll` itself or hands the signal back here.
    public static func installSignalCleanup() {
        // The statics are made lazily; make them here, not in a handler.
        _ = (registered.load(ordering: .relaxed), claimed.load(ordering: .relaxed), paths)
        // A parent that blocked them (a test runner, some supervisors) would
        // leave Ctrl-C pending forever: take them back for this thread, which
        // the others inherit (as the workbench's terminal does).
        var unblock = sigset_t()
        sigemptyset(&unblock)
        for sig in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&unblock, sig) }
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            var current = sigaction()
            sigaction(sig, nil, &current)
            // A signal the parent ignores (SIGHUP under nohup) stays ignored.
            if unsafeBitCast(current.__sigaction_handler.sa_handler, to: Int.self) == 1 { continue }
            signal(sig) { sig in
                TemporaryFiles.removeAll()
                signal(sig, SIG_DFL)
                raise(sig)
            }
        }
    }
}
