import Foundation
import ProxCore
import Testing
import TestHelpers

/// One expression at one mu, named by its text in the test list.
struct ExpressionCase: Sendable, CustomTestStringConvertible {
    let text: String
    let mu: Double
    init(_ text: String, mu: Double = 1) { self.text = text; self.mu = mu }
    var testDescription: String { "\(text) at mu = \(mu)" }
}

/// Every piece with typical and awkward parameters, and compositions, sums
/// and scalings of them (docs/THEORY.md section 3).
let derivativeCases: [ExpressionCase] = [
    ExpressionCase("id"),
    ExpressionCase("sign"),
    ExpressionCase("clip(1)"),
    ExpressionCase("clip(0.5)"),
    ExpressionCase("clip(mu)", mu: 2),
    ExpressionCase("scale(-2)"),
    ExpressionCase("scale(mu / 4)", mu: 3),
    ExpressionCase("tanh(2)"),
    ExpressionCase("tanh(mu ^ 2)", mu: 1.5),
    ExpressionCase("approxsign"),
    ExpressionCase("signswish(5)"),
    ExpressionCase("signswish(mu)", mu: 20),
    ExpressionCase("signswish(0.5)"),
    ExpressionCase("lq(0, mu - 1)", mu: 10),
    ExpressionCase("lq(0, mu - 1)", mu: 1),
    ExpressionCase("lq(0.3, 0.5)"),
    ExpressionCase("lq(1.5, 0)"),
    ExpressionCase("lq(mu, 0)", mu: 0.75),
    ExpressionCase("lq(0.2, -0.5)"),
    ExpressionCase("pwl((-1, -1), (0, 0.5), (1, 1))"),
    ExpressionCase("pwl((-2, 1), (-0.5, -3), (0.25, 0), (2.5, 7))"),
    // compositions
    ExpressionCase("tanh(2) . clip(1)"),
    ExpressionCase("clip(1) . tanh(3)"),
    ExpressionCase("signswish(5) . scale(0.5)"),
    ExpressionCase("approxsign . tanh(1)"),
    ExpressionCase("lq(0.3, 0.5) . tanh(2)"),
    ExpressionCase("signswish(mu) . tanh(1) . scale(0.7)", mu: 20),
    ExpressionCase("(tanh(1) . tanh(2)) . tanh(3)"),
    ExpressionCase("pwl((-1, -1), (0, 0.5), (1, 1)) . approxsign"),
    ExpressionCase("clip(0.5) . pwl((-3, -2), (3, 2))"),
    ExpressionCase("signswish(5) . sign"),
    // sums and scalings
    ExpressionCase("0.5 * tanh(2) + 0.5 * signswish(5)"),
    ExpressionCase("-2 * approxsign"),
    ExpressionCase("(mu - 1) * id", mu: 3),
    ExpressionCase("2 * tanh(3) - clip(0.5)"),
    ExpressionCase("tanh(2) . (id + 0.5 * signswish(5))"),
    ExpressionCase("3 * (clip(1) + scale(-0.5)) . tanh(2)"),
    ExpressionCase("mu * signswish(mu) . tanh(1) + lq(0.25, mu)", mu: 4),
]

@Suite struct DerivativeTests {
    /// Exact derivative (Double path) against central differences in Double at
    /// 1,000 seeded points at least 1e-4 from every kink.
    /// Tolerance: |f' - FD| <= 1e-6 + 1e-6 |f'| (FD step 1e-6: truncation
    /// below 1e-8 for b <= 20, rounding near 1e-10).
    @Test(arguments: derivativeCases as [ExpressionCase])
    func doublePathMatchesFiniteDifferences(_ c: ExpressionCase) throws {
        let f = try q(c.text)
        let xs = pointsAwayFromKinks(f, mu: c.mu, count: 1000, seed: 0xD1FF)
        #expect(xs.count == 1000)
        var failures = 0
        for x in xs {
            let exact = f.derivative(x, mu: c.mu)
            let fd = centralDifference(f, x, mu: c.mu)
            if !isClose(exact, fd, rtol: 1e-6, atol: 1e-6) {
                failures += 1
                if failures <= 3 { Issue.record("\(c.text) at x = \(x), mu = \(c.mu): f' = \(exact), finite difference = \(fd)") }
            }
        }
        #expect(failures == 0)
    }

    /// The Float buffer path's derivative against the same Double finite
    /// differences. Tolerance: Float rounding, 1e-4 relative plus 1e-5 of
    /// the largest |f'| over the points (smooth pieces lose digits in
    /// 1 - tanh^2 and s (1 - s) where those are tiny).
    @Test(arguments: derivativeCases as [ExpressionCase])
    func floatPathMatchesFiniteDifferences(_ c: ExpressionCase) throws {
        let f = try q(c.text)
        let xs = pointsAwayFromKinks(f, mu: c.mu, count: 1000, seed: 0xF10A7)
        // Evaluate at the Float-rounded points so both paths see the same x.
        let xf = xs.map { Float($0) }
        let (_, dFloat) = f.evaluate(xf, mu: c.mu)
        let fds = xf.map { centralDifference(f, Double($0), mu: c.mu) }
        let scale = max(1, fds.map(abs).max() ?? 0)
        var failures = 0
        for i in xf.indices {
            if !isClose(Double(dFloat[i]), fds[i], rtol: 1e-4, atol: 1e-5 * scale) {
                failures += 1
                if failures <= 3 { Issue.record("\(c.text) at x = \(xf[i]), mu = \(c.mu): Float f' = \(dFloat[i]), finite difference = \(fds[i])") }
            }
        }
        #expect(failures == 0)
    }

    /// The derivative at every declared kink is the right-hand value
    /// (docs/THEORY.md section 3): equal to the derivative just right of the kink.
    /// clip is the exception the table itself makes: 1 if |x| <= a, so 1 at
    /// x = +a (see PieceValueTests.clipDerivativeAtItsKinks).
    @Test(arguments: derivativeCases as [ExpressionCase])
    func derivativeAtKinksIsRightHandValue(_ c: ExpressionCase) throws {
        let f = try q(c.text)
        guard case .piece(let p) = f else { return }   // a composition's kinks sit at preimages
        if case .clip = p { return }
        for k in p.kinks(mu: c.mu) {
            let at = p.derivative(k, mu: c.mu)
            let right = p.derivative(k + 1e-9 * max(1, abs(k)), mu: c.mu)
            #expect(isClose(at, right, rtol: 1e-6, atol: 1e-6),
                    "\(c.text): f'(\(k)) = \(at) but just right of the kink f' = \(right)")
        }
    }
}

@Suite struct ChainRuleTests {
    /// d/dx f(g(x)) = f'(g(x)) g'(x), d/dx (f + g) = f' + g', d/dx c f = c f',
    /// computed from the parts, for 2,000 pairs of generated trees.
    @Test func combinatorsFollowTheChainRule() {
        var gen = ExpressionGenerator(seed: 0xC4A1, maximumDepth: 3, validMus: [1, 3])
        var checked = 0
        for _ in 0..<2000 {
            let f = gen.quantizer(), g = gen.quantizer()
            let c = gen.coefficient()
            let mu = [1.0, 3.0][gen.int(0...1)]
            let x = -3 + 6 * gen.rng.nextUnitDouble()
            let (gv, gd) = g.valueAndDerivative(x, mu: mu)
            let (fv, fd) = f.valueAndDerivative(x, mu: mu)
            let fAtG = f.valueAndDerivative(gv, mu: mu)
            let cv = c.value(mu: mu)
            guard [gv, gd, fv, fd, fAtG.value, fAtG.derivative, cv].allSatisfy(\.isFinite) else { continue }
            checked += 1

            let composed = Quantizer.compose([f, g]).valueAndDerivative(x, mu: mu)
            #expect(composed.value == fAtG.value, "value of (\(f)) . (\(g)) at \(x)")
            #expect(composed.derivative == fAtG.derivative * gd, "derivative of (\(f)) . (\(g)) at \(x)")

            let summed = Quantizer.sum([f, g]).valueAndDerivative(x, mu: mu)
            #expect(isClose(summed.value, fv + gv, rtol: 1e-12, atol: 0))
            #expect(isClose(summed.derivative, fd + gd, rtol: 1e-12, atol: 0), "derivative of \(f) + \(g)")

            let scaled = Quantizer.scaled(c, f).valueAndDerivative(x, mu: mu)
            #expect(scaled.value == cv * fv)
            #expect(scaled.derivative == cv * fd, "derivative of \(c) * \(f)")

            // `derivative` and `valueAndDerivative` agree, and so does `value`.
            let h = Quantizer.compose([f, .sum([g, .scaled(c, f)])])
            let vd = h.valueAndDerivative(x, mu: mu)
            #expect(h.derivative(x, mu: mu) == vd.derivative || (vd.derivative.isNaN && h.derivative(x, mu: mu).isNaN))
            #expect(h.value(x, mu: mu) == vd.value || (vd.value.isNaN && h.value(x, mu: mu).isNaN))
        }
        #expect(checked > 1000)
    }

    /// The three-factor composition f . g . h is one n-ary node; its
    /// derivative is the product of the three factors' derivatives.
    @Test func naryCompositionMultipliesAllFactors() throws {
        let f = try q("signswish(5) . tanh(2) . scale(0.5)")
        var rng = SplitMix64(seed: 3)
        for _ in 0..<1000 {
            let x = -3 + 6 * rng.nextUnitDouble()
            let h = 0.5 * x
            let g = tanh(2 * h)
            let expected = Quantizer.piece(.signSwish(.number(5))).derivative(g, mu: 1)
                * (2 * (1 - g * g)) * 0.5
            #expect(isClose(f.derivative(x, mu: 1), expected, rtol: 1e-12, atol: 1e-15))
        }
    }
}
