import Foundation

/// Persistent threads that run the chunks of `Parallel.run`, allocating nothing per call.
///
/// Workers are started once, sleep on a condition variable, and take chunk
/// numbers from a shared counter; the caller runs chunks too and returns
/// when every chunk has reported back. One caller at a time: a second
/// caller that finds the pool busy runs its chunks inline.
///
/// `@unchecked Sendable`: every mutable field is read and written with
/// `condition` locked, except that a worker calls `job` outside the lock;
/// `job` is published under the lock before any chunk number is handed out
/// and cleared only after every chunk has reported back under the lock, so
/// it cannot change while a worker runs it. The job object itself is not
/// `Sendable`; `ParallelWork`'s contract (disjoint writes, the caller
/// blocked until all chunks finish) is what makes sharing it sound.
final class WorkerPool: @unchecked Sendable {
    static let shared = WorkerPool()

    private let condition = NSCondition()
    private let callerLock = NSLock()
    private var job: (any ParallelWork)?
    private var chunks = 0
    private var next = 0
    private var finished = 0
    private var workers = 0

    func run(_ work: any ParallelWork, chunks count: Int) {
        guard count > 1, callerLock.try() else {
            for c in 0..<count { work.run(chunk: c, of: count) }
            return
        }
        defer { callerLock.unlock() }
        condition.lock()
        while workers < count - 1 { startWorker() }
        job = work
        chunks = count
        next = 1
        finished = 0
        condition.broadcast()
        condition.unlock()
        var c = 0
        while true {
            work.run(chunk: c, of: count)
            condition.lock()
            finished += 1
            guard next < chunks else { break }
            c = next
            next += 1
            condition.unlock()
        }
        while finished < chunks { condition.wait() }
        job = nil
        condition.unlock()
    }

    /// Called with `condition` locked; allocates a thread, once per worker.
    private func startWorker() {
        workers += 1
        let thread = Thread { [self] in workerLoop() }
        thread.name = "proxtrain-worker-\(workers)"
        thread.start()
    }

    private func workerLoop() {
        condition.lock()
        while true {
            while job == nil || next >= chunks { condition.wait() }
            let (c, count) = (next, chunks)
            next += 1
            let work = job
            condition.unlock()
            work?.run(chunk: c, of: count)
            condition.lock()
            finished += 1
            if finished == chunks { condition.broadcast() }
        }
    }
}
