import Synchronization

/// A loop body that `Parallel` splits into chunks: an object, so that handing
/// it to other threads allocates nothing.
///
/// A closure would do, except that making a non-escaping closure callable
/// from another thread (`withoutActuallyEscaping`) or dispatching it
/// (`DispatchQueue.concurrentPerform`) allocates a box on every call, and a
/// training step must allocate nothing. A conforming type keeps its buffers
/// in stored properties set before `Parallel.run`.
public protocol ParallelWork: AnyObject {
    /// Does chunk `chunk` of `chunks`. Chunks run concurrently: each must
    /// write only memory no other chunk touches.
    func run(chunk: Int, of chunks: Int)
}

/// Element-wise work split across the cores the BLAS uses.
///
/// During a step the products run on `BLAS.threads` threads and everything
/// else would run on one: on the reference MLP at two threads the Adam step
/// and the quantizer passes then cost a fifth of the products' time.
/// Splitting those loops the same way keeps one setting (`BLAS.setThreads`)
/// in charge of the whole step: 1 inside the workbench, where the other core
/// belongs to the UI; 2 headless. `setThreads` overrides it.
///
/// Each chunk is a contiguous range, and element-wise results do not depend
/// on how the range is cut, so runs stay bit-identical across thread counts.
/// Handing out chunks costs a few microseconds (waking a `WorkerPool`
/// thread), so small buffers run inline.
public enum Parallel {
    /// Chunks below this many elements are not worth waking a thread.
    public static let minimumChunk = 16_384

    private static let override = Atomic<Int>(0)

    /// The thread count for element-wise work: `BLAS.threads` unless set.
    public static var threads: Int {
        let n = override.load(ordering: .relaxed)
        return n > 0 ? n : BLAS.threads
    }

    /// Sets the thread count for element-wise work; 0 follows `BLAS.threads` (the default).
    public static func setThreads(_ count: Int) {
        override.store(max(0, count), ordering: .relaxed)
    }

    /// How many chunks to cut `count` elements into.
    public static func chunks(for count: Int) -> Int {
        max(1, min(threads, count / minimumChunk))
    }

    /// Runs `work` for every chunk in 0..<chunks, on this thread and the
    /// pool's, and returns when all are done.
    public static func run(_ work: any ParallelWork, chunks: Int) {
        if chunks <= 1 {
            work.run(chunk: 0, of: 1)
        } else {
            WorkerPool.shared.run(work, chunks: chunks)
        }
    }

    /// The `chunk`-th of `chunks` near-equal contiguous pieces of 0..<count.
    @inlinable
    public static func range(_ chunk: Int, of chunks: Int, count: Int) -> Range<Int> {
        (chunk * count / chunks)..<((chunk + 1) * count / chunks)
    }

    /// For work over several buffers seen as one concatenation (buffer k
    /// spans offsets[k]..<offsets[k + 1]): calls `body(k, range)` with ranges
    /// local to buffer k for the part of the concatenation that chunk
    /// `chunk` of `chunks` covers. Runs on the calling thread.
    @inlinable
    public static func forEachPiece(_ chunk: Int, of chunks: Int, offsets: [Int],
                                    _ body: (Int, Range<Int>) -> Void) {
        let span = range(chunk, of: chunks, count: offsets.last ?? 0)
        for k in 0..<(offsets.count - 1) {
            let lo = max(span.lowerBound, offsets[k]), hi = min(span.upperBound, offsets[k + 1])
            if lo < hi { body(k, (lo - offsets[k])..<(hi - offsets[k])) }
        }
    }
}
