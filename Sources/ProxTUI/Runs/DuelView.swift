import ProxTrain

/// A lockstep duel as the workbench shows it: its runs (one per pair, in the
/// duel's order) and the comparisons so far, epoch by epoch.
public struct DuelView: Sendable, Equatable {
    public var id: Int
    /// Run ids; `runs[i]` trains the duel's pair i.
    public var runs: [Int]
    public var pairs: [String]
    public var epochs: [DuelEpoch] = []

    public init(id: Int, runs: [Int], pairs: [String]) {
        self.id = id
        self.runs = runs
        self.pairs = pairs
    }

    /// Hamming distance and test disagreement of pair j against pair 0, by epoch.
    public func against(_ j: Int) -> [(epoch: Int, hamming: Double, disagreement: Double)] {
        epochs.compactMap { e in e.pairing(0, j).map { (e.epoch, $0.hamming, $0.disagreement) } }
    }
}
