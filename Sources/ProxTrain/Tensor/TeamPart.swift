/// One member's view of a team step: which part of every feature axis is
/// its own, and the barrier where members meet.
///
/// Feature axes are cut into fixed-width tiles (`tileWidth` features) that
/// do not depend on the team size, and a member takes whole tiles: member r
/// of c owns tiles r*T/c ..< (r+1)*T/c of the T tiles. Every matrix product
/// is then called once per tile (`tiles(of:)`), so each output element is
/// computed by an sgemm call of the same shape, at the same position in it,
/// whether one thread or three run the step. That is what makes a run bit
/// for bit the same on any number of threads: OpenBLAS's FMA kernels round
/// an element differently depending on how a product is split (with the
/// Haswell kernels, splitting the 784->512 layer's products at batch 100 in
/// two changes about 12,000 elements of dW), so the split must not follow
/// the thread count.
///
/// The same slices serve every feature-wise pass, so a layer that works
/// feature by feature (BatchNorm, ReLU) reads exactly the columns the dense
/// layer before it wrote on the same member, and needs no barrier.
public struct TeamPart: Sendable {
    public let rank: Int
    public let count: Int
    let state: TeamState?

    /// Features per tile. 128 keeps the extra cost of cutting a product
    /// into calls small (a one-thread probe measured about 5% on the
    /// reference MLP's shapes, against 8% for 64) while a 512-wide layer
    /// still gives two or three members whole tiles each.
    public static let tileWidth = 128

    /// The whole of every axis on one thread: the serial step.
    public static let whole = TeamPart(rank: 0, count: 1, state: nil)

    init(rank: Int, count: Int, state: TeamState?) {
        self.rank = rank
        self.count = count
        self.state = state
    }

    /// This member's features of an axis of `n`: whole tiles, the last one possibly short.
    @inlinable
    public func range(_ n: Int) -> Range<Int> { range(n, tile: Self.tileWidth) }

    /// This member's share of an axis of `n` cut into tiles of `tile`
    /// (a convolution's tiles of examples): whole tiles, the last one possibly short.
    @inlinable
    public func range(_ n: Int, tile w: Int) -> Range<Int> {
        let tiles = (n + w - 1) / w
        let lo = rank * tiles / count, hi = (rank + 1) * tiles / count
        return min(n, lo * w)..<min(n, hi * w)
    }

    /// An even share of `n` items (at most one apart across members), for
    /// work whose result does not depend on how it is cut, such as copying
    /// the rows of a batch.
    @inlinable
    public func evenShare(_ n: Int) -> Range<Int> {
        (rank * n / count)..<((rank + 1) * n / count)
    }

    /// The tiles of a member's `range`, each the extent of one sgemm call.
    public static func tiles(of range: Range<Int>, width: Int = tileWidth) -> StrideTiles {
        StrideTiles(range: range, width: width)
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

/// Consecutive tiles of at most `width` covering a range that starts on a
/// tile boundary (a `TeamPart.range`).
public struct StrideTiles: Sequence, IteratorProtocol, Sendable {
    private var start: Int
    private let end: Int
    private let width: Int

    init(range: Range<Int>, width: Int) {
        start = range.lowerBound
        end = range.upperBound
        self.width = width
    }

    public mutating func next() -> Range<Int>? {
        guard start < end else { return nil }
        let r = start..<Swift.min(end, start + width)
        start = r.upperBound
        return r
    }
}
