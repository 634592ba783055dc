import Foundation
import ProxCore
import Testing

/// `lr`, the optimizer's step size, as a variable of parameter expressions
/// (docs/THEORY.md section 2: ProxQuant's threshold is eta_t lambda_t).
@Suite struct LearningRateTests {
    @Test func lrParsesPrintsAndReadsTheNominalRateOutsideARun() throws {
        let p = try q("lq(lr * mu, 0)")
        #expect(p == .piece(.linearQuadratic(k: .binary(.multiply, .learningRate, .mu), r: .number(0))))
        #expect(p.description == "lq(lr * mu, 0)")
        #expect(p.dependsOnLearningRate && p.dependsOnMu)
        #expect(!(try q("lq(mu, 0)")).dependsOnLearningRate)
        // Checks, plots and eval read lr = 1e-3: at mu = 50 the threshold is 0.05.
        #expect(Param.nominalLearningRate == 1e-3)
        #expect(abs(p.value(0.5, mu: 50) - 0.55) <= 1e-12, "0.5 moves 0.05 toward 1")
    }

    /// A run binds its rate: the bound tree has plain numbers where lr was,
    /// and evaluates with that rate in Double and in the Float buffers.
    @Test func bindingReplacesLrByTheRate() throws {
        let p = try q("lq(lr * mu, 0) . (2 * lr) * id")
        let bound = p.binding(learningRate: 0.25)
        #expect(!bound.dependsOnLearningRate)
        #expect(bound == (try q("lq(0.25 * mu, 0) . (2 * 0.25) * id")))
        // 1.2 -> 0.6, within the threshold 0.25 * 2 = 0.5 of 1: -> 1.
        #expect(bound.value(1.2, mu: 2) == 1)
        // 0.8 -> 0.4 -> 1 - (0.6 - 0.25) = 0.65.
        #expect(abs(bound.value(0.8, mu: 1) - 0.65) <= 1e-15)
        let (values, _) = bound.evaluate([0.8], mu: 1)
        #expect(abs(values[0] - 0.65) <= 1e-7)
        // A pair binds F, B and P together; one without lr is returned as it is.
        let pair = QuantizerPair(name: "pq", forward: .identity, backward: .identity, prox: p)
        #expect(pair.dependsOnLearningRate)
        #expect(pair.binding(learningRate: 0.25).prox == bound)
        let plain = QuantizerPair(name: "bc", forward: .sign, backward: .identity)
        #expect(plain.binding(learningRate: 0.25) == plain)
    }

    /// lr is a variable: its domain is checked along the schedule, not at
    /// parse time, and schedules and pwl points reject it.
    @Test func lrIsCheckedLikeMu() throws {
        #expect(try q("lq(lr - 0.002, 0)").domainError(mu: 1) == "lq needs k >= 0, got k = -0.001 with the nominal lr = 0.001")
        #expect(throws: ParseError.self) { try Schedule(parsing: "linear(0, lr)") }
        #expect(throws: ParseError.self) { try q("pwl((0, lr), (1, 1))") }
        #expect(throws: ParseError.self) { try q("lq(eta, 0)") }
    }
}
