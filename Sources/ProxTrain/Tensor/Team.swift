import Foundation
import Synchronization

/// What a `Team` runs: the same body on every member, each with its own `TeamPart`.
///
/// An object rather than a closure, so that starting a step allocates
/// nothing: the work keeps its arguments in stored properties set before
/// `Team.run` (a closure shared with other threads is boxed on every call).
public protocol TeamWork: AnyObject {
    /// One member's share. Members meet at `part.barrier()`; between
    /// barriers each writes only memory no other member reads.
    func run(part: TeamPart)
}

/// Work that fills a step's input before the layers run (a batch copy),
/// split across the team like the rest of the step.
public protocol TeamInput: AnyObject {
    /// This member's share of the input.
    func fill(part: TeamPart)
}

/// Threads that run a training step together, each on its own slice of
/// every layer's features, and meet at barriers.
///
/// Why not OpenBLAS's threads plus a pool for the element-wise passes: on
/// the reference MLP at batch 100 each product is a fraction of a
/// millisecond, and every hand-over between the two kinds of threads cost
/// a wake-up, while OpenBLAS's idle threads spun on the very core the pool
/// wanted. A team instead splits every product itself (each member calls
/// single-threaded sgemm on its slice of the output features) and the
/// element-wise passes follow the same slices, so a member mostly works on
/// data it wrote: measured with `proxbench train --phases`, the products of
/// an epoch took 1.04 s this way against 1.15 s on two OpenBLAS threads,
/// and Adam's pass halved.
///
/// Members spin while they wait, because a wait inside a step lasts
/// microseconds, then yield, and between runs helpers sleep after a few
/// milliseconds, so an idle or paused run costs no core. A team of one has
/// no threads and its barriers are no-ops.
public final class Team: @unchecked Sendable {
    /// Members, the caller of `run` included.
    public let size: Int
    private let state: TeamState

    /// Starts `size - 1` helper threads (none for a team of one).
    public init(size: Int) {
        self.size = max(1, size)
        state = TeamState(size: self.size)
        for rank in 1..<self.size {
            let state = state
            let thread = Thread { state.helperLoop(rank: rank) }
            thread.name = "proxtrain-team-\(rank)"
            thread.start()
        }
    }

    deinit { state.stop() }

    /// Runs `work` on every member and returns when all have finished.
    /// One caller at a time (the trainer's thread).
    public func run(_ work: any TeamWork) {
        if size == 1 {
            work.run(part: .whole)
            return
        }
        state.start(work)
        work.run(part: TeamPart(rank: 0, count: size, state: state))
        state.waitForHelpers()
    }
}

/// The state a team's threads share: the current work, the counters they
/// synchronize on, and a condition to sleep on between runs.
///
/// `@unchecked Sendable`: `work` and `shared` are plain fields. `work` is
/// written before the generation is bumped (release) and read by helpers
/// after they see the bump (acquire); `shared` is written by one member
/// before a barrier and read by the others after it.
final class TeamState: @unchecked Sendable {
    let size: Int
    private let generation = Atomic<Int>(0)
    private let finished = Atomic<Int>(0)
    private let arrivals = Atomic<Int>(0)
    private let phase = Atomic<Int>(0)
    private let stopping = Atomic<Bool>(false)
    private let condition = NSCondition()
    private var work: (any TeamWork)?
    var shared: Tensor?

    /// How long a helper spins between runs before it sleeps. Between two
    /// train steps the trainer gathers the next batch (a tenth of a
    /// millisecond or more: the rows are scattered over 188 MB), and waking
    /// a sleeper costs more than that, so helpers spin for a few milliseconds.
    private static let idleNanoseconds: UInt64 = 5_000_000
    /// Spins before a barrier starts yielding the core.
    private static let barrierSpins = 1 << 14

    init(size: Int) { self.size = size }

    func start(_ work: any TeamWork) {
        self.work = work
        finished.store(0, ordering: .relaxed)
        condition.lock()
        generation.add(1, ordering: .releasing)
        condition.broadcast()
        condition.unlock()
    }

    func waitForHelpers() {
        var spins = 0
        while finished.load(ordering: .acquiring) < size - 1 {
            spins += 1
            if spins > Self.barrierSpins { sched_yield() }
        }
        work = nil
    }

    func stop() {
        condition.lock()
        stopping.store(true, ordering: .relaxed)
        generation.add(1, ordering: .releasing)
        condition.broadcast()
        condition.unlock()
    }

    func helperLoop(rank: Int) {
        var seen = 0
        while true {
            var spins = 0
            var deadline: UInt64 = 0
            while generation.load(ordering: .acquiring) == seen {
                spins += 1
                guard spins & 1023 == 0 else { continue }
                let now = DispatchTime.now().uptimeNanoseconds
                if deadline == 0 {
                    deadline = now + Self.idleNanoseconds
                } else if now > deadline {
                    condition.lock()
                    while generation.load(ordering: .acquiring) == seen { condition.wait() }
                    condition.unlock()
                }
            }
            seen = generation.load(ordering: .acquiring)
            if stopping.load(ordering: .relaxed) { return }
            work?.run(part: TeamPart(rank: rank, count: size, state: self))
            finished.add(1, ordering: .releasing)
        }
    }

    /// Every member waits here until all have arrived (a counter and a phase that flips).
    func barrier() {
        let current = phase.load(ordering: .acquiring)
        if arrivals.add(1, ordering: .acquiringAndReleasing).newValue == size {
            arrivals.store(0, ordering: .relaxed)
            phase.add(1, ordering: .releasing)
            return
        }
        var spins = 0
        while phase.load(ordering: .acquiring) == current {
            spins += 1
            if spins > Self.barrierSpins { sched_yield() }
        }
    }
}
