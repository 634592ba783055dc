import Foundation
import ProxCore

/// Two to four pairs trained side by side from the same initial weights and
/// the same batch order, compared after every epoch: how far apart their
/// binary weights are (Hamming distance) and on how many test examples their
/// deployed networks disagree. A duel isolates the pair: everything else in
/// the runs is the same, bit for bit.
///
/// The same seed gives the same initial theta (the model's generator draws
/// from the seed alone, never from the pair) and the same batches (the
/// sampler's order is seeded by the seed and the epoch), so each trainer is
/// an ordinary `Trainer` running `run` unchanged. Each runs on its own thread,
/// but only one at a time: a trainer parks in its event callback at the start
/// and at every epoch's end and hands the turn back to the caller's thread,
/// which delivers the events, compares the parked models at the same epoch,
/// and hands the turn to the next trainer. So a duel uses one core (plus each
/// trainer's own team), its events arrive on the caller's thread, and the
/// comparisons read models that nothing is writing.
public final class Lockstep {
    public static let pairLimit = 2...4

    public let trainers: [Trainer]
    public let plans: [RunPlan]

    /// - Throws: `RunFailure` when the plans are not a duel (2 to 4 pairs,
    ///   one seed, one data set, one model) or a trainer cannot be built.
    public init(plans: [RunPlan], dataset: Dataset, logRoot: String?) throws {
        guard Self.pairLimit.contains(plans.count) else {
            throw RunFailure(reason: "a lockstep duel trains 2 to 4 pairs, got \(plans.count)", epoch: 0, step: 0, log: nil)
        }
        func setup(_ p: RunPlan) -> Experiment {
            var e = p.experiment
            e.pairs = []
            e.seeds = []
            return e
        }
        for p in plans.dropFirst() where setup(p) != setup(plans[0]) || p.seed != plans[0].seed || p.activationPair != plans[0].activationPair {
            throw RunFailure(reason: "lockstep runs differ only in the pair: \(p.pair.name) has another seed or setup than \(plans[0].pair.name)", epoch: 0, step: 0, log: nil)
        }
        self.plans = plans
        trainers = try plans.map { try Trainer(plan: $0, dataset: dataset, logRoot: logRoot) }
    }

    /// Trains every pair to the end (or to cancellation or divergence), calling
    /// `onEvent` with the trainer's index and `onComparison` after the start
    /// (epoch 0) and every epoch, all on this thread. Returns each run's result.
    @discardableResult
    public func run(control: RunControl = RunControl(), onEvent: (Int, TrainingEvent) -> Void = { _, _ in },
                    onComparison: (DuelEpoch) -> Void = { _ in }) -> [Result<RunSummary, RunFailure>] {
        let baton = Baton(count: trainers.count)
        for (k, trainer) in trainers.enumerated() {
            let parked = Parked(trainer: trainer)
            let thread = Thread {
                baton.waitForTurn(k)
                let result = parked.trainer.run(control: control) { event in
                    baton.post(k, event)
                    switch event {
                    case .started, .epoch: baton.yield(k)
                    default: break
                    }
                }
                baton.finish(k, result)
            }
            thread.name = "proxlab-lockstep-\(k)"
            thread.stackSize = 1 << 22
            thread.start()
        }
        var epochsSeen = [Int](repeating: -1, count: trainers.count)
        var failed = Set<Int>()
        var compared = -1
        while true {
            var anyRan = false
            for k in trainers.indices where !baton.isDone(k) {
                anyRan = true
                for (i, event) in baton.give(k) {
                    switch event {
                    case .started: epochsSeen[i] = 0
                    case .epoch(let m): epochsSeen[i] = m.epoch
                    case .failed: failed.insert(i)
                    default: break
                    }
                    onEvent(i, event)
                }
            }
            // Trainers still going and parked at one epoch: compare them.
            let alive = trainers.indices.filter { !failed.contains($0) && epochsSeen[$0] >= 0 }
            if let epoch = alive.first.map({ epochsSeen[$0] }), epoch > compared,
               alive.count >= 2, alive.allSatisfy({ epochsSeen[$0] == epoch }) {
                onComparison(compare(alive, epoch: epoch))
                compared = epoch
            }
            if !anyRan { break }
        }
        return baton.results.map { $0 ?? .failure(RunFailure(reason: "the run did not finish", epoch: 0, step: 0, log: nil)) }
    }

    /// Pairwise Hamming distance and test disagreement of the deployed networks.
    func compare(_ indices: [Int], epoch: Int) -> DuelEpoch {
        let test = trainers[0].dataset.test
        let signs = indices.map { trainers[$0].binarySigns }
        let predictions = indices.map { trainers[$0].predictions(test, weights: .deploy) }
        var pairings: [DuelEpoch.Pairing] = []
        for a in indices.indices {
            for b in indices.indices where b > a {
                let total = min(signs[a].count, signs[b].count)
                let differ = zip(signs[a], signs[b]).reduce(0) { $0 + ($1.0 != $1.1 ? 1 : 0) }
                let disagree = zip(predictions[a], predictions[b]).reduce(0) { $0 + ($1.0 != $1.1 ? 1 : 0) }
                pairings.append(DuelEpoch.Pairing(first: indices[a], second: indices[b],
                                                  hamming: total > 0 ? Double(differ) / Double(total) : 0,
                                                  disagreement: test.count > 0 ? Double(disagree) / Double(test.count) : .nan))
            }
        }
        return DuelEpoch(epoch: epoch, pairings: pairings)
    }
}

/// One comparison of a duel: after `epoch` epochs (0: the initial weights).
public struct DuelEpoch: Sendable, Equatable {
    public struct Pairing: Sendable, Equatable {
        /// Indices into the duel's pairs.
        public var first: Int
        public var second: Int
        /// Share of binarized weights whose signs differ.
        public var hamming: Double
        /// Share of test examples on which the deployed networks predict differently.
        public var disagreement: Double
        public init(first: Int, second: Int, hamming: Double, disagreement: Double) {
            self.first = first
            self.second = second
            self.hamming = hamming
            self.disagreement = disagreement
        }
    }

    public var epoch: Int
    public var pairings: [Pairing]
    public init(epoch: Int, pairings: [Pairing]) {
        self.epoch = epoch
        self.pairings = pairings
    }

    public func pairing(_ a: Int, _ b: Int) -> Pairing? {
        pairings.first { ($0.first, $0.second) == (min(a, b), max(a, b)) }
    }
}

/// A trainer handed to its thread. Unchecked because `Lockstep` reads the
/// model from the caller's thread too, but only while the trainer's thread
/// is parked in `Baton.yield` (the baton's lock orders the two).
private final class Parked: @unchecked Sendable {
    let trainer: Trainer
    init(trainer: Trainer) { self.trainer = trainer }
}

/// The turn: which trainer may run (or none: the caller's thread), the events
/// posted since the caller last looked, and who has finished.
private final class Baton: @unchecked Sendable {
    private let condition = NSCondition()
    private var turn: Int?
    private var mailbox: [(Int, TrainingEvent)] = []
    private var done: [Bool]
    private(set) var results: [Result<RunSummary, RunFailure>?]

    init(count: Int) {
        done = Array(repeating: false, count: count)
        results = Array(repeating: nil, count: count)
    }

    func waitForTurn(_ k: Int) {
        condition.lock()
        while turn != k { condition.wait() }
        condition.unlock()
    }

    func post(_ k: Int, _ event: TrainingEvent) {
        condition.lock()
        mailbox.append((k, event))
        condition.unlock()
    }

    /// Called by trainer k: back to the caller until k's next turn.
    func yield(_ k: Int) {
        condition.lock()
        turn = nil
        condition.broadcast()
        while turn != k { condition.wait() }
        condition.unlock()
    }

    func finish(_ k: Int, _ result: Result<RunSummary, RunFailure>) {
        condition.lock()
        done[k] = true
        results[k] = result
        turn = nil
        condition.broadcast()
        condition.unlock()
    }

    func isDone(_ k: Int) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        return done[k]
    }

    /// Called by the caller's thread: runs trainer k until it yields or
    /// finishes, and returns what was posted meanwhile.
    func give(_ k: Int) -> [(Int, TrainingEvent)] {
        condition.lock()
        turn = k
        condition.broadcast()
        while turn == k { condition.wait() }
        let out = mailbox
        mailbox.removeAll()
        condition.unlock()
        return out
    }
}
