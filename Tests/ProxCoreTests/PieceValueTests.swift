import Foundation
import ProxCore
import Testing
import TestHelpers

/// docs/THEORY.md section 3: the test vectors, the table's formulas at chosen
/// points, and one line per edge case.
@Suite struct PieceValueTests {
    static let ss5 = Quantizer.piece(.signSwish(.number(5)))

    // MARK: - docs/THEORY.md section 3 test vectors (beta = 5)

    /// Source: docs/THEORY.md section 3, "Test vectors (beta = 5)", given to six
    /// decimals; tolerance half a unit of the sixth decimal plus rounding, 6e-7.
    @Test(arguments: [
        (0.0, 0.0, 5.0),
        (0.2, 0.855341, 3.023661),
        (1.0, 1.053095, -0.194992),
    ] as [(Double, Double, Double)])
    func signSwishTestVectors(x: Double, value: Double, derivative: Double) {
        let f = Self.ss5
        #expect(abs(f.value(x, mu: 1) - value) <= 6e-7, "SS_5(\(x)) = \(f.value(x, mu: 1))")
        #expect(abs(f.derivative(x, mu: 1) - derivative) <= 6e-7, "SS'_5(\(x)) = \(f.derivative(x, mu: 1))")
        // Odd value, even derivative.
        #expect(abs(f.value(-x, mu: 1) + value) <= 6e-7)
        #expect(abs(f.derivative(-x, mu: 1) - derivative) <= 6e-7)
        // The Float path agrees to Float precision (relative 1e-5, absolute 1e-6).
        let (v, d) = floatPath(f, x, mu: 1)
        #expect(isClose(v, value, rtol: 1e-5, atol: 1e-6), "Float SS_5(\(x)) = \(v)")
        #expect(isClose(d, derivative, rtol: 1e-5, atol: 1e-6), "Float SS'_5(\(x)) = \(d)")
    }

    /// docs/THEORY.md section 3: SS(2) = 1.000817.
    @Test func signSwishAtTwo() {
        #expect(abs(Self.ss5.value(2, mu: 1) - 1.000817) <= 6e-7)
    }

    /// docs/THEORY.md section 3: SS_5 peaks at x = 0.479871 with SS = 1.199679.
    /// Found by scanning [0, 3] in steps of 1e-6 near the peak; the arg max
    /// to 2e-6, the maximum to 6e-7.
    @Test func signSwishPeak() {
        let f = Self.ss5
        var best = (x: 0.0, v: -Double.infinity)
        var x = 0.47
        while x <= 0.49 {
            let v = f.value(x, mu: 1)
            if v > best.v { best = (x, v) }
            x += 1e-6
        }
        #expect(abs(best.x - 0.479871) <= 2e-6, "peak at \(best.x)")
        #expect(abs(best.v - 1.199679) <= 6e-7, "peak value \(best.v)")
        #expect(abs(f.value(0.479871, mu: 1) - 1.199679) <= 6e-7)
        // The derivative changes sign there.
        #expect(f.derivative(0.479871 - 1e-5, mu: 1) > 0)
        #expect(f.derivative(0.479871 + 1e-5, mu: 1) < 0)
    }

    /// docs/THEORY.md section 3: SS'_5 < 0 for |x| > 0.479871, minimum -0.369144
    /// (to 1e-6, scanning [0, 6] in steps of 1e-5).
    @Test func signSwishNegativeDerivative() {
        let f = Self.ss5
        var minimum = Double.infinity, argmin = 0.0
        var positiveBeyondPeak: [Double] = []
        for i in 0...600_000 {
            let x = Double(i) * 1e-5
            let d = f.derivative(x, mu: 1)
            if d < minimum { minimum = d; argmin = x }
            if x > 0.479872, d >= 0 || f.derivative(-x, mu: 1) >= 0 { positiveBeyondPeak.append(x) }
        }
        #expect(abs(minimum - -0.369144) <= 1e-6, "min SS'_5 = \(minimum) at \(argmin)")
        #expect(abs(argmin - 0.687) <= 0.005)
        #expect(positiveBeyondPeak.isEmpty, "SS'_5 >= 0 at \(positiveBeyondPeak.prefix(5))")
        // docs/THEORY.md section 3's closed form b (2 - b x tanh(b x / 2)) / (1 + cosh(b x)) agrees.
        for x in stride(from: -4.0, through: 4.0, by: 0.01) {
            let bx = 5 * x
            let closed = 5 * (2 - bx * tanh(bx / 2)) / (1 + cosh(bx))
            #expect(isClose(f.derivative(x, mu: 1), closed, rtol: 1e-10, atol: 1e-13))
        }
    }

    /// docs/THEORY.md section 3: approxsign(0.5) = 0.75 (exact in binary).
    @Test func approxSignTestVector() {
        let f = Quantizer.piece(.approxSign)
        #expect(f.value(0.5, mu: 1) == 0.75)
        #expect(f.value(-0.5, mu: 1) == -0.75)
        #expect(f.derivative(0.5, mu: 1) == 1)
        #expect(floatPath(f, 0.5, mu: 1).value == 0.75)
    }

    // MARK: - The table's formulas at chosen points

    @Test func tableFormulas() throws {
        // tanh(b): tanh(b x), b (1 - tanh^2)
        let t = try q("tanh(2)")
        #expect(isClose(t.value(0.3, mu: 1), tanh(0.6), rtol: 1e-15))
        #expect(isClose(t.derivative(0.3, mu: 1), 2 * (1 - tanh(0.6) * tanh(0.6)), rtol: 1e-15))
        // scale(c): c x, c
        #expect(try q("scale(-2)").value(1.5, mu: 1) == -3)
        #expect(try q("scale(-2)").derivative(1.5, mu: 1) == -2)
        // clip(a)
        #expect(try q("clip(0.5)").value(0.7, mu: 1) == 0.5)
        #expect(try q("clip(0.5)").value(-0.7, mu: 1) == -0.5)
        #expect(try q("clip(0.5)").value(0.25, mu: 1) == 0.25)
        // lq(0, mu - 1) = q + (x - q) / mu: identity at mu = 1
        let pc = try q("lq(0, mu - 1)")
        for x in [-2.5, -1, -0.3, 0, 0.4, 1, 2.75] { #expect(isClose(pc.value(x, mu: 1), x, rtol: 1e-15, atol: 1e-15)) }
        #expect(isClose(pc.value(0.4, mu: 10), 1 + (0.4 - 1) / 10, rtol: 1e-15))
        #expect(isClose(pc.value(-2.5, mu: 10), -1 + (-2.5 + 1) / 10, rtol: 1e-15))
        #expect(isClose(pc.derivative(0.4, mu: 10), 0.1, rtol: 1e-15))
        // lq(k, 0): soft threshold toward the nearest point of Q
        let pq = try q("lq(0.25, 0)")
        #expect(pq.value(0.5, mu: 1) == 0.75)
        #expect(pq.value(0.9, mu: 1) == 1)
        #expect(pq.value(1.5, mu: 1) == 1.25)
        #expect(pq.value(-1.5, mu: 1) == -1.25)
        #expect(pq.value(-0.5, mu: 1) == -0.75)
        // lq(k, r) = q + sgn(x - q) max(|x - q| - k, 0) / (1 + r)
        let lq = try q("lq(0.25, 1)")
        #expect(lq.value(2, mu: 1) == 1 + 0.75 / 2)
        #expect(lq.value(0.25, mu: 1) == 1 - 0.5 / 2)
        // pwl: interpolation, flat beyond the ends
        let p = try q("pwl((-1, -1), (0, 0.5), (1, 1))")
        #expect(p.value(-0.5, mu: 1) == -0.25)
        #expect(p.value(0.5, mu: 1) == 0.75)
        #expect(p.value(-7, mu: 1) == -1)
        #expect(p.value(7, mu: 1) == 1)
        #expect(p.derivative(-0.5, mu: 1) == 1.5)
        #expect(p.derivative(0.5, mu: 1) == 0.5)
        #expect(p.derivative(-7, mu: 1) == 0)
        #expect(p.derivative(7, mu: 1) == 0)
        // approxsign's four branches
        let a = Quantizer.piece(.approxSign)
        #expect(a.value(-2, mu: 1) == -1)
        #expect(a.value(-0.25, mu: 1) == 2 * -0.25 + 0.0625)
        #expect(a.value(0.25, mu: 1) == 0.5 - 0.0625)
        #expect(a.value(3, mu: 1) == 1)
        #expect(a.derivative(-0.25, mu: 1) == 1.5)
        #expect(a.derivative(2, mu: 1) == 0)
        // parameters follow mu
        #expect(try q("signswish(mu)").value(0.2, mu: 5) == Self.ss5.value(0.2, mu: 1))
        #expect(try q("clip(mu / 2)").value(3, mu: 3) == 1.5)
    }

    // MARK: - Edge lines

    @Test func signOfZeroIsPlusOne() {
        let s = Quantizer.sign
        #expect(s.value(0, mu: 1) == 1)
        #expect(s.value(-0.0, mu: 1) == 1)
        #expect(s.value(-Double.leastNonzeroMagnitude, mu: 1) == -1)
        #expect(s.value(Double.leastNonzeroMagnitude, mu: 1) == 1)
        #expect(s.derivative(0, mu: 1) == 0)
        #expect(floatPath(s, 0, mu: 1).value == 1)
        #expect(s.evaluate([-0.0 as Float], mu: 1).values == [1])
        #expect(s.evaluate([-Float.leastNonzeroMagnitude], mu: 1).values == [-1])
        // lq's q = sign(x) too: lq(0, 1)(0) = 1 + (0 - 1) / 2.
        #expect(Quantizer.piece(.linearQuadratic(k: .number(0), r: .number(1))).value(0, mu: 1) == 0.5)
    }

    /// At a kink the derivative is the right-hand value (docs/THEORY.md section 3).
    @Test func clipDerivativeAtItsKinks() throws {
        let c = try q("clip(1)")
        #expect(c.derivative(1, mu: 1) == 1)
        #expect(c.derivative(1.0.nextUp, mu: 1) == 0)
        #expect(c.derivative(-1, mu: 1) == 1)
        #expect(c.derivative((-1.0).nextDown, mu: 1) == 0)
        #expect(c.value(1.0.nextUp, mu: 1) == 1)
        let (_, d) = c.evaluate([Float(1), Float(1).nextUp, Float(-1), Float(-1).nextDown], mu: 1)
        #expect(d == [1, 0, 1, 0])
    }

    /// lq(k, r) is dead (derivative 0) on |x - q| <= k except at the right end:
    /// entering a dead zone from the left gives 0, leaving it gives 1/(1 + r).
    /// k = 0.25 and r = 1 keep every edge exact in binary.
    @Test func lqDeadZoneEdges() throws {
        let f = try q("lq(0.25, 1)")
        let live = 0.5
        let expectations: [(x: Double, d: Double)] = [
            ((-1.25).nextDown, live), (-1.25, 0), (-1, 0), ((-0.75).nextDown, 0), (-0.75, live),
            ((-0.0).nextDown, live), (0, live), (0.75.nextDown, live), (0.75, 0), (1, 0),
            (1.25.nextDown, 0), (1.25, live), (2, live),
        ]
        for e in expectations {
            #expect(f.derivative(e.x, mu: 1) == e.d, "lq(0.25, 1)'(\(e.x))")
        }
        let (_, d) = f.evaluate(expectations.map { Float($0.x) }, mu: 1)
        // nextDown in Double rounds back to the edge in Float: compare at the Float points.
        for (i, e) in expectations.enumerated() {
            let xf = Float(e.x)
            let scalar = f.derivative(Double(xf), mu: 1)
            #expect(Double(d[i]) == scalar, "Float and Double lq'(\(xf))")
        }
        // k >= 1: one dead zone [0, 1 + k] on the right, [-1 - k, 0) on the left.
        let wide = try q("lq(1.5, 0)")
        #expect(wide.derivative(0, mu: 1) == 0)
        #expect(wide.derivative((-0.0).nextDown, mu: 1) == 0)
        #expect(wide.derivative(-2.5, mu: 1) == 0)
        #expect(wide.derivative((-2.5).nextDown, mu: 1) == 1)
        #expect(wide.derivative(2.5, mu: 1) == 1)
        #expect(wide.derivative(2.5.nextDown, mu: 1) == 0)
        #expect(wide.kinks(mu: 1).sorted() == [-2.5, 0, 2.5])
        #expect(f.kinks(mu: 1).sorted() == [-1.25, -0.75, 0, 0.75, 1.25])
    }

    /// pwl's derivative at a breakpoint is the next segment's slope; 0 at and
    /// beyond the last point.
    @Test func pwlBreakpoints() throws {
        let p = try q("pwl((-1, -1), (0, 0.5), (1, 1))")
        #expect(p.derivative(-1, mu: 1) == 1.5)
        #expect(p.derivative(0, mu: 1) == 0.5)
        #expect(p.derivative(1, mu: 1) == 0)
        #expect(p.derivative((-1.0).nextDown, mu: 1) == 0)
        #expect(p.value(0, mu: 1) == 0.5)
    }

    // MARK: - Infinities and NaN

    /// At +-infinity every bounded piece takes its limit and its derivative
    /// is 0; the unbounded ones (id, scale, lq) give +-infinity and their
    /// slope. Same in the Float path.
    @Test(arguments: [
        ("sign", 1.0, 0.0), ("clip(1)", 1.0, 0.0), ("tanh(2)", 1.0, 0.0), ("approxsign", 1.0, 0.0),
        ("signswish(5)", 1.0, 0.0), ("pwl((-1, -1), (0, 0.5), (1, 1))", 1.0, 0.0),
        ("id", .infinity, 1.0), ("scale(2)", .infinity, 2.0), ("lq(0.25, 1)", .infinity, 0.5),
    ] as [(String, Double, Double)])
    func limitsAtInfinity(text: String, limit: Double, slope: Double) throws {
        let f = try q(text)
        let lowLimit = -limit
        #expect(f.value(.infinity, mu: 1) == limit, "\(text)(+inf) = \(f.value(.infinity, mu: 1))")
        #expect(f.derivative(.infinity, mu: 1) == slope, "\(text)'(+inf) = \(f.derivative(.infinity, mu: 1))")
        #expect(f.value(-.infinity, mu: 1) == lowLimit, "\(text)(-inf) = \(f.value(-.infinity, mu: 1))")
        #expect(f.derivative(-.infinity, mu: 1) == slope, "\(text)'(-inf) = \(f.derivative(-.infinity, mu: 1))")
        let (v, d) = f.evaluate([.infinity, -.infinity], mu: 1)
        #expect(Double(v[0]) == limit && Double(v[1]) == lowLimit, "Float \(text)(+-inf) = \(v)")
        #expect(Double(d[0]) == slope && Double(d[1]) == slope, "Float \(text)'(+-inf) = \(d)")
    }

    /// A large but finite x must not give NaN: b x overflowing to infinity
    /// in signswish is a finite input.
    @Test func signSwishLargeFiniteInput() {
        for x in [1e300, 1e308, -1e308, Double.greatestFiniteMagnitude] {
            let v = Self.ss5.value(x, mu: 1), d = Self.ss5.derivative(x, mu: 1)
            #expect(v == (x > 0 ? 1 : -1), "SS_5(\(x)) = \(v)")
            #expect(d == 0, "SS'_5(\(x)) = \(d)")
        }
    }

    /// NaN handling is not documented; whatever a piece does with NaN, the
    /// Double and Float paths must do the same, and nothing traps (a NaN
    /// weight in a diverging run must not take the process down; a trap here
    /// ends the test run, which fails it loudly).
    @Test(arguments: ["id", "sign", "clip(1)", "scale(2)", "approxsign", "lq(0.25, 1)",
                      "pwl((-1, -1), (0, 0.5), (1, 1))", "tanh(2)", "signswish(5)", "tanh(2) . clip(1) + sign"] as [String])
    func nanInputDoesNotTrapAndPathsAgree(text: String) {
        #expect(nanAgreement(text) == 0, "\(text): Float and Double paths disagree on NaN")
    }

    /// The Double path on NaN never traps (it runs in this process).
    @Test(arguments: ["id", "sign", "clip(1)", "scale(2)", "tanh(2)", "approxsign", "signswish(5)",
                      "lq(0.25, 1)", "pwl((-1, -1), (0, 0.5), (1, 1))"] as [String])
    func nanThroughDoublePath(text: String) throws {
        let f = try q(text)
        _ = f.valueAndDerivative(.nan, mu: 1)
        _ = f.value(.nan, mu: 1)
    }

    /// Parameters that leave their domain or are not finite at some mu are
    /// reported by `domainError`, not turned into NaN.
    @Test func domainErrors() throws {
        #expect(try q("lq(0, mu - 1)").domainError(mu: 0)?.contains("r > -1") == true)
        #expect(try q("lq(0, mu - 1)").domainError(mu: 0.5) == nil)
        #expect(try q("lq(mu, 0)").domainError(mu: -1)?.contains("k >= 0") == true)
        #expect(try q("clip(mu)").domainError(mu: 0)?.contains("a > 0") == true)
        #expect(try q("signswish(mu)").domainError(mu: -1)?.contains("b > 0") == true)
        #expect(try q("tanh(1 / (mu - 1))").domainError(mu: 1)?.contains("infinite") == true)
        #expect(try q("scale(mu ^ 0.5)").domainError(mu: -1)?.contains("NaN") == true)
        #expect(try q("(1 / (mu - 2)) * sign").domainError(mu: 2)?.contains("infinite") == true)
        #expect(try q("sign . clip(mu)").domainError(mu: 0) != nil)
        #expect(try q("tanh(mu) + scale(mu)").domainError(mu: 1e30) == nil)
        // Beyond 32-bit floats (the buffers' and training's) a parameter is infinite there.
        #expect(try q("tanh(mu) + scale(mu)").domainError(mu: 1e300)?.contains("beyond 32-bit floats") == true)
    }
}

/// 0 when the Float and Double paths treat NaN input alike (both NaN or the
/// same number, for value and derivative), 1 otherwise; for exit tests.
func nanAgreement(_ text: String) -> Int32 {
    guard let f = try? Quantizer(parsing: text) else { return 2 }
    let (v, d) = f.valueAndDerivative(.nan, mu: 1)
    let (fv, fd) = f.evaluate([.nan], mu: 1)
    let valueAgrees = v.isNaN == fv[0].isNaN && (v.isNaN || isClose(v, Double(fv[0]), rtol: 1e-6, atol: 1e-6))
    let derivativeAgrees = d.isNaN == fd[0].isNaN && (d.isNaN || isClose(d, Double(fd[0]), rtol: 1e-6, atol: 1e-6))
    return valueAgrees && derivativeAgrees ? 0 : 1
}
