import Foundation

/// A POSIX thread that can be joined.
///
/// Foundation's `Thread` cannot be waited for, and a process that exits while
/// a run is inside sgemm crashes in OpenBLAS's exit-time teardown (its
/// buffers are freed under the running kernel). The workbench therefore
/// joins its trainer thread before it returns from `main`.
final class JoinableThread: @unchecked Sendable {
    // @unchecked: `handle` is written once in init, before any other thread
    // can see the object, and read only by `join`.
    private var handle = pthread_t()
    private var joined = false
    private let lock = NSLock()

    private final class Body {
        let name: String
        let run: @Sendable () -> Void
        init(name: String, run: @escaping @Sendable () -> Void) {
            self.name = name
            self.run = run
        }
    }

    /// Starts `body` on a new thread named `name`; nil when the system has no
    /// thread to give (the caller reports it).
    init?(name: String, _ body: @escaping @Sendable () -> Void) {
        let box = Unmanaged.passRetained(Body(name: name, run: body))
        let rc = pthread_create(&handle, nil, { raw in
            let body = Unmanaged<Body>.fromOpaque(raw!).takeRetainedValue()
            Thread.current.name = body.name
            body.run()
            return nil
        }, box.toOpaque())
        if rc != 0 {
            box.release()
            return nil
        }
    }

    /// Waits until the thread's body has returned. Idempotent.
    func join() {
        lock.lock()
        defer { lock.unlock() }
        guard !joined else { return }
        joined = true
        pthread_join(handle, nil)
    }

    deinit {
        if !joined { pthread_detach(handle) }
    }
}
