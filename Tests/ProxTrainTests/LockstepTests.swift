import Foundation
import Testing
import ProxCore
import ProxTrain

/// Lockstep duels: identical initial weights and batches, the pair the only
/// difference, compared after every epoch.
@Suite struct LockstepTests {
    static func pair(_ name: String, backward: String) throws -> QuantizerPair {
        QuantizerPair(name: name, forward: .sign, backward: try Quantizer(parsing: backward), prox: .sign, latentClip: 1)
    }
    static func bnn() throws -> QuantizerPair { try pair("bnn", backward: "clip(1)") }
    static func bnnPlus() throws -> QuantizerPair { try pair("bnnplus", backward: "signswish(5)") }

    static func plans(_ pairs: [QuantizerPair], epochs: Int = 3, seed: UInt64 = 0) -> [RunPlan] {
        pairs.map { pair in
            var plan = TrainerTests.plan(pair, epochs: epochs, seed: seed)
            plan.experiment.pairs = pairs.map(\.name)
            return plan
        }
    }

    /// BC and BNN make the same step while the clip keeps |theta| <= 1 (README,
    /// train): in lockstep they stay equal bit for bit after every epoch, which
    /// they can only do from identical initial weights and identical batches.
    @Test func bcAndBNNStayBitIdenticalInLockstep() throws {
        let duel = try Lockstep(plans: Self.plans([TrainerTests.bc, try Self.bnn()]), dataset: try TrainerTests.dataset(), logRoot: nil)
        var comparisons: [DuelEpoch] = []
        var differences: [Int] = []
        let results = duel.run(onComparison: { c in
            comparisons.append(c)
            let (a, b) = (duel.trainers[0].parameterBits, duel.trainers[1].parameterBits)
            differences.append(zip(a, b).filter { $0 != $1 }.count + abs(a.count - b.count))
        })
        #expect(results.allSatisfy { if case .success = $0 { return true } else { return false } })
        #expect(comparisons.map(\.epoch) == [0, 1, 2, 3])
        #expect(differences == [0, 0, 0, 0], "parameters that differ, per comparison")
        #expect(comparisons.allSatisfy { $0.pairings == [DuelEpoch.Pairing(first: 0, second: 1, hamming: 0, disagreement: 0)] })
    }

    @Test func aDifferentPairDriftsApartFromTheSameStart() throws {
        let duel = try Lockstep(plans: Self.plans([TrainerTests.bc, try Self.bnnPlus(), try Self.bnn()]), dataset: try TrainerTests.dataset(), logRoot: nil)
        var comparisons: [DuelEpoch] = []
        var initialDifferences = -1
        var order: [String] = []
        duel.run(onEvent: { i, event in
            if case .epoch(let m) = event { order.append("\(i):\(m.epoch)") }
        }, onComparison: { c in
            comparisons.append(c)
            if c.epoch == 0 {
                let bits = duel.trainers.map { $0.parameterBits }
                initialDifferences = zip(bits[0], bits[1]).filter { $0 != $1 }.count + zip(bits[0], bits[2]).filter { $0 != $1 }.count
            }
        })
        #expect(initialDifferences == 0, "every trainer starts from the same theta")
        // Epoch by epoch, in turn: nobody runs ahead.
        #expect(order == ["0:1", "1:1", "2:1", "0:2", "1:2", "2:2", "0:3", "1:3", "2:3"])
        #expect(comparisons.first?.pairings.allSatisfy { $0.hamming == 0 && $0.disagreement == 0 } == true)
        let last = try #require(comparisons.last)
        #expect(last.pairings.count == 3)
        let bcVsPlus = try #require(last.pairing(0, 1)), bcVsBNN = try #require(last.pairing(0, 2))
        #expect(bcVsPlus.hamming > 0.01, "BNN+'s multiplier moves other weights across 0: \(bcVsPlus.hamming)")
        #expect(bcVsBNN.hamming == 0 && bcVsBNN.disagreement == 0)
    }

    @Test func aDuelNeedsTwoToFourPairsOfOneSetup() throws {
        let data = try TrainerTests.dataset()
        #expect(throws: RunFailure.self) { try Lockstep(plans: Self.plans([TrainerTests.bc]), dataset: data, logRoot: nil) }
        var mixed = Self.plans([TrainerTests.bc, try Self.bnn()])
        mixed[1].seed = 1
        #expect(throws: RunFailure.self) { try Lockstep(plans: mixed, dataset: data, logRoot: nil) }
        var other = Self.plans([TrainerTests.bc, try Self.bnn()])
        other[1].experiment.learningRate = 0.5
        #expect(throws: RunFailure.self) { try Lockstep(plans: other, dataset: data, logRoot: nil) }
    }

    @Test func cancellationEndsEveryRun() throws {
        let duel = try Lockstep(plans: Self.plans([TrainerTests.bc, try Self.bnnPlus()], epochs: 50), dataset: try TrainerTests.dataset(), logRoot: nil)
        let control = RunControl()
        var cancelled = 0
        duel.run(control: control, onEvent: { _, event in
            if case .cancelled = event { cancelled += 1 }
        }, onComparison: { c in if c.epoch == 2 { control.cancel() } })
        #expect(cancelled == 2)
    }
}
