import Foundation
import ProxCore
import Testing
import TestHelpers

/// `proxlab sweep` and `proxlab train --lockstep`, run as processes on a
/// small moons set so they take a fraction of a second.
@Suite struct CLISweepAndLockstepTests {
    static let small = ["--dataset", "moons:noise=0.1,n=300", "--model", "mlp:8,8", "--binarize", "except-first",
                        "--epochs", "3", "--batch", "30", "--lr", "0.01", "--no-log"]

    @Test func aSweepRunsEveryValueAndTabulatesIt() throws {
        let r = try proxlab(["sweep", "--pair", "bnnplus", "--seed", "0,1"] + Self.small + ["--vary", "B.signswish.b=1:9:3"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "sweep of B.signswish.b: bnnplus, mlp:8,8 on moons:noise=0.1,n=300, 3 epochs, seeds 0, 1")
        let rows = lines.filter { $0.hasPrefix("1 ") || $0.hasPrefix("5 ") || $0.hasPrefix("9 ") }
        #expect(rows.count == 3, "one row per value: \(lines)")
        #expect(rows.allSatisfy { $0.contains("bnnplus") && $0.contains("% +- ") })
        #expect(lines.contains("final accuracy (%) against B.signswish.b"))
        #expect(r.stderrLines.filter { $0.contains("B.signswish.b=") }.count == 6, "three values x two seeds")

        // The same sweep as JSON: every seed's accuracy, the values in order,
        // and b = 5 equal to a plain run of BNN+ (whose B is signswish(5)).
        let j = try json(try proxlab(["sweep", "--pair", "bnnplus", "--seed", "0,1", "--json"] + Self.small + ["--vary", "B.1=1:9:3"]))
        let items = try #require(j["sweep"]?.arrayValue)
        #expect(items.compactMap { $0["values"]?.arrayValue?.first?.numberValue } == [1, 5, 9])
        let plain = try json(try proxlab(["train", "--pair", "bnnplus", "--seed", "0,1", "--json"] + Self.small))
        let plainTest = try #require(plain["runs"]?.arrayValue).compactMap { $0["test_accuracy"]?.numberValue }
        #expect(items[1]["test"]?.arrayValue?.compactMap(\.numberValue) == plainTest)
    }

    @Test func aLogSweepOfTheLearningRateHasEqualRatios() throws {
        let j = try json(try proxlab(["sweep", "--pair", "bc", "--json"] + Self.small + ["--vary", "lr=0.001:0.1:3:log"]))
        let values = try #require(j["sweep"]?.arrayValue).compactMap { $0["values"]?.arrayValue?.first?.numberValue }
        #expect(values.count == 3)
        #expect(abs(values[0] - 0.001) < 1e-15 && abs(values[1] - 0.01) < 1e-15 && abs(values[2] - 0.1) < 1e-15)
    }

    @Test func badSweepsAreOneLine() throws {
        expectBadInput(try proxlab(["sweep", "--pair", "bc"] + Self.small), command: "sweep", ["--vary"])
        expectBadInput(try proxlab(["sweep", "--pair", "bc"] + Self.small + ["--vary", "B.signswish.b=1:9:3"]), command: "sweep", ["B = id", "no signswish"])
        expectBadInput(try proxlab(["sweep", "--pair", "bc"] + Self.small + ["--vary", "B.tanh.q=1:2:2"]), command: "sweep", ["tanh has parameters b"])
        expectBadInput(try proxlab(["sweep", "--pair", "bc"] + Self.small + ["--vary", "lr=1:2"]), command: "sweep", ["START:END:COUNT"])
        expectBadInput(try proxlab(["sweep", "--pair", "bc"] + Self.small + ["--vary", "mu.end=1:2:2"]), command: "sweep", ["constant(1)"])
        expectBadInput(try proxlab(["sweep", "--pair", "bc"] + Self.small + ["--vary", "depth=1:2:2"]), command: "sweep", ["unknown sweep variable 'depth'"])
    }

    /// BC and BNN train identically under the clip, so their duel shows zero
    /// distance at every epoch; BNN+ drifts away from them.
    @Test func aLockstepDuelReportsHammingAndDisagreement() throws {
        let r = try proxlab(["train", "--pair", "bc,bnn,bnnplus", "--lockstep", "--json"] + Self.small)
        #expect(r.status == 0, "\(r.stderr)")
        let duel = try #require(try json(r)["lockstep"]?.arrayValue?.first)
        #expect(duel["pairs"] == .array([.string("bc"), .string("bnn"), .string("bnnplus")]))
        let epochs = try #require(duel["epochs"]?.arrayValue)
        #expect(epochs.compactMap { $0["epoch"]?.numberValue } == [0, 1, 2, 3])
        func pairing(_ e: JSONValue, _ a: String, _ b: String) -> JSONValue? {
            e["pairings"]?.arrayValue?.first { $0["first"]?.stringValue == a && $0["second"]?.stringValue == b }
        }
        for e in epochs {
            #expect(pairing(e, "bc", "bnn")?["hamming"] == .number(0))
            #expect(pairing(e, "bc", "bnn")?["disagreement"] == .number(0))
        }
        #expect(pairing(epochs[0], "bc", "bnnplus")?["hamming"] == .number(0), "the same initial weights")
        #expect((pairing(epochs[3], "bc", "bnnplus")?["hamming"]?.numberValue ?? 0) > 0)
        expectBadInput(try proxlab(["train", "--pair", "bc", "--lockstep"] + Self.small), command: "train", ["2 to 4 pairs"])
    }
}
