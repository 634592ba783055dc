import Foundation
import Testing
import TestHelpers

/// `proxlab plot --prox`: the proximal view, run as a process.
@Suite struct CLIProximalPlotTests {
    @Test func proxConnectsRegularizerIsHalfMuMinusOneTimesDSquared() throws {
        let r = try proxlab("plot", "proxconnect", "--prox", "--mu", "10", "--size", "90x20")
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        #expect(lines.count == 21, "title and 20 rows")
        #expect(lines.dropFirst().allSatisfy { $0.count <= 90 })
        #expect(!r.stdout.contains("\u{1B}"))
        // lq(0, mu - 1) at mu = 10: R = (9/2) d^2; P jumps at 0 over (-0.9, 0.9): 1 - 1/mu.
        #expect(lines.contains("P = lq(0, mu - 1): R(z) = 4.5 d^2,  d = dist(z, Q)"))
        #expect(lines.contains("P jumps at x = 0 (it never takes values in (-0.9, 0.9))"))
        #expect(lines.contains("F = B o P here: largest |F - B o P| = 0"))
    }

    @Test func bnnPlusShowsTheIndicatorAndItsGap() throws {
        let r = try proxlab("plot", "bnnplus", "--prox")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("P = sign: R = indicator of Q: 0 at z = -1 and +1, infinite elsewhere"))
        // SS_5(1) = 1.053095 (docs/THEORY.md section 3): the gap, at the point of Q.
        #expect(r.stdout.contains("F differs from B o P: largest gap 0.05309 at x = -1"))
    }

    @Test func anExpressionIsTakenAsPAndDerived() throws {
        let r = try proxlab("plot", "tanh(2)", "--prox", "--range", "-2:2")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("P = tanh(2): R derived from P, R'(z) = P^-1(z) - z, least value 0"))
        let falling = try proxlab("plot", "signswish(5)", "--prox")
        #expect(falling.status == 0, "\(falling.stderr)")
        #expect(falling.stdout.contains("not a proximal map, no R"))
    }

    @Test func badOptionsAreOneLine() throws {
        expectBadInput(try proxlab("plot", "bnn", "--prox", "--range", "0:2"), command: "plot", ["--prox", "symmetric"])
        expectBadInput(try proxlab("plot", "bnn", "--prox", "--series", "F"), command: "plot", ["--series", "--prox"])
        expectBadInput(try proxlab("plot", "bnn", "--prox=yes"), command: "plot", ["--prox", "no value"])
    }
}
