import Testing
import ProxCore
import ProxTrain

/// Sweep axes: names, values, and what they change in a plan.
@Suite struct SweepTests {
    static func pc() throws -> RunPlan {
        let q = try Quantizer(parsing: "lq(0, mu - 1)")
        return TrainerTests.plan(QuantizerPair(name: "pc", forward: q, backward: .identity, prox: q, schedule: .exponential(1, 1000)))
    }

    @Test func axesChangeTheNumberTheyName() throws {
        let plan = try Self.pc()
        // The second number of F's text is the 1 of mu - 1.
        let literal = try SweepAxis(parsing: "F.2=0.25:0.75:3")
        #expect(literal.values == [0.25, 0.5, 0.75])
        #expect(try literal.apply(0.5, to: plan).pair.forward.description == "lq(0, mu - 0.5)")
        // By name: lq's k in P, the parameter becomes the number.
        #expect(try SweepAxis(parsing: "P.lq.k=0:1:2").apply(0.5, to: plan).pair.prox?.description == "lq(0.5, mu - 1)")
        #expect(try SweepAxis(parsing: "P.lq.r=0:1:2").apply(4, to: plan).pair.prox?.description == "lq(0, 4)")
        #expect(try SweepAxis(parsing: "mu.end=10:100:2").apply(100, to: plan).pair.schedule == .exponential(1, 100))
        #expect(try SweepAxis(parsing: "lr=0.01:0.02:2").apply(0.02, to: plan).experiment.learningRate == 0.02)
        // A composition: the second signswish only.
        var ss = plan
        ss.pair.backward = try Quantizer(parsing: "signswish(2) . signswish(3)")
        #expect(try SweepAxis(parsing: "B.signswish#2.b=1:2:2").apply(7, to: ss).pair.backward.description == "signswish(2) . signswish(7)")
    }

    @Test func badAxesSayWhy() throws {
        let plan = try Self.pc()
        #expect(throws: SweepError.self) { try SweepAxis(parsing: "B.1=1:2:2").apply(1, to: plan) }  // B = id has no number
        #expect(throws: SweepError.self) { try SweepAxis(parsing: "mu=1:2:2").apply(1, to: plan) }   // not a constant schedule
        #expect(throws: SweepError.self) { try SweepAxis(parsing: "P.lq.r=-2:-1:2").apply(-2, to: plan) }  // lq needs r > -1
        #expect(throws: SweepError.self) { try SweepAxis(parsing: "lr=0.1:1:0") }
        #expect(throws: SweepError.self) { try SweepAxis(parsing: "B.x.b=1:2:2") }
    }

    @Test func severalAxesMakeAGrid() throws {
        let sweep = Sweep(axes: [try SweepAxis(parsing: "lr=0.01:0.02:2"), try SweepAxis(parsing: "mu.end=10:30:3")])
        #expect(sweep.points == [[0.01, 10], [0.01, 20], [0.01, 30], [0.02, 10], [0.02, 20], [0.02, 30]])
        let points = try sweep.expand([try Self.pc()])
        #expect(points.count == 6 && points[4].plans[0].experiment.learningRate == 0.02)
        #expect(points[4].plans[0].pair.schedule == .exponential(1, 20))
        #expect(sweep.label([0.02, 20]) == "lr=0.02, mu.end=20")
        #expect(Spread.standardDeviation([1, 3]) == 2.0.squareRoot() && Spread.mean([1, 3]) == 2)
    }
}
