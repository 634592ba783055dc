/// One member's view of a team step: which slice of every feature axis is
/// its own, and the barrier where members meet.
///
/// The slice of n features for member r of c is r*n/c ..< (r+1)*n/c, the
/// same formula everywhere, so a layer that works feature by feature
/// (BatchNorm, ReLU) reads exactly the columns the dense layer before it
/// wrote on the same member, and needs no barrier.
public struct TeamPart: Sendable {
    public let rank: Int
    public let count: Int
    let state: TeamState?

    /// The whole of every axis on one thread: the serial step.
    public static let whole = TeamPart(rank: 0, count: 1, state: nil)

    init(rank: Int, count: Int, state: TeamState?) {
        self.rank = rank
        self.count = count
        self.state = state
    }

    /// This member's slice of `n` features (or rows).
    @inlinable
    public func range(_ n: Int) -> Range<Int> {
        (rank * n / count)..<((rank + 1) * n / count)
    }

    /// True for the member that runs serial sections.
    public var isLead: Bool { rank == 0 }

    /// Waits until every member has arrived; a no-op for `.whole`.
    public func barrier() { state?.barrier() }

    /// Runs `body` on the lead member alone, between barriers, and hands
    /// its result to every member: how a layer without a partitioned pass
    /// takes part in a team step.
    public func serial(_ body: () -> Tensor?) -> Tensor? {
        guard let state else { return body() }
        state.barrier()
        if rank == 0 { state.shared = body() }
        state.barrier()
        let result = state.shared
        state.barrier()
        return result
    }
}
