import Foundation
import Testing
import ProxCore
import TestHelpers

/// The proximal view's numbers: the regularizer R of P (closed form and
/// derived from P), its Moreau envelope, and the decomposition gap.
@Suite struct ProximalTests {
    /// lq(k, r) is piecewise linear, so the derived R (trapezoids along exact
    /// segments, the tie at the jump) must equal the closed form
    /// k d + (r/2) d^2 of docs/THEORY.md section 3 on all of P's range.
    @Test(arguments: [(0.0, 1.0), (0.3, 0.0), (0.2, 0.5), (0.0, 4.0), (1.5, 0.0)])
    func derivedRegularizerOfLQEqualsItsClosedForm(k: Double, r: Double) throws {
        let p = try q("lq(\(k), \(r))")
        let closed = try #require(Regularizer.closedForm(of: p, mu: 1))
        #expect(closed == .linearQuadratic(k: k, r: r))
        let d = try DerivedRegularizer(p, mu: 1, range: -3...3)
        var worst = (i: 0, error: 0.0)
        for i in d.xs.indices {
            let e = abs(d.values[i] - closed.value(d.zs[i]))
            if e > worst.error { worst = (i, e) }
        }
        #expect(worst.error < 1e-9, "R(\(d.zs[worst.i])) derived \(d.values[worst.i]), closed form \(closed.value(d.zs[worst.i]))")
        // One jump at 0, from -1 + (1 - k)/(1 + r) to its mirror image (when k < 1).
        if k < 1 {
            #expect(d.jumps.count == 1)
            let jump = try #require(d.jumps.first)
            #expect(abs(jump.x) < 1e-12)
            #expect(isClose(jump.to, 1 - (1 - k) / (1 + r), rtol: 1e-12, atol: 1e-12))
            #expect(isClose(jump.from, -jump.to, rtol: 1e-12, atol: 1e-12))
        }
        // lq(k, r) is flat at +-1 over |x - q| <= k: R's corners, slopes -k to k.
        if k > 0 {
            let flat = try #require(d.flats.first { $0.z == 1 })
            // (cut at the jump at 0 when the dead zone reaches past it)
            #expect(isClose(flat.slopes.lowerBound, max(-k, -1), atol: 1e-12) && isClose(flat.slopes.upperBound, k, atol: 1e-12))
        } else {
            #expect(d.flats.isEmpty)
        }
    }

    @Test func signsRegularizerIsTheIndicatorOfQ() throws {
        #expect(Regularizer.closedForm(of: .sign, mu: 1) == .indicator)
        #expect(Regularizer.indicator.value(1) == 0 && Regularizer.indicator.value(-1) == 0)
        #expect(Regularizer.indicator.value(0.5) == .infinity)
        // Derived from sign itself: two points of R's domain, both at 0.
        let d = try DerivedRegularizer(.sign, mu: 1, range: -3...3)
        #expect(d.jumps == [DerivedRegularizer.Jump(x: 0, from: -1, to: 1)])
        let points = d.pieces.map { piece in Set(piece.map { "\($0.z):\($0.r)" }) }
        #expect(points == [["-1.0:0.0"], ["1.0:0.0"]])
        #expect(d.flats.map(\.z) == [-1, 1])
    }

    /// tanh(b) is no closed-form piece, but its R is known: R'(z) = atanh(z)/b - z,
    /// so R(z) = (z atanh(z) + log(1 - z^2) / 2) / b - z^2 / 2 (up to a constant).
    @Test(arguments: [1.0, 2.0, 5.0])
    func derivedRegularizerOfTanhMatchesItsIntegral(b: Double) throws {
        let p = try q("tanh(\(b))")
        #expect(Regularizer.closedForm(of: p, mu: 1) == nil)
        let d = try DerivedRegularizer(p, mu: 1, range: -2...2, count: 4001)
        func exact(_ z: Double) -> Double { (z * atanh(z) + log(1 - z * z) / 2) / b - z * z / 2 }
        let i0 = try #require(d.xs.firstIndex(of: 0))
        var worst = (i: 0, error: 0.0)
        for i in d.xs.indices {
            let e = abs((d.values[i] - d.values[i0]) - (exact(d.zs[i]) - exact(0)))
            if e > worst.error { worst = (i, e) }
        }
        #expect(worst.error < 1e-5, "at z = \(d.zs[worst.i]): off by \(worst.error)")
        #expect(d.jumps.isEmpty && d.flats.isEmpty)
    }

    @Test func clipIsTheProximalMapOfTheIndicatorOfAnInterval() throws {
        let d = try DerivedRegularizer(try q("clip(1)"), mu: 1, range: -3...3)
        #expect(d.values.allSatisfy { abs($0) < 1e-12 })
        #expect(d.flats.map(\.z) == [-1, 1])
        // P^-1(1) = [1, 3] on this range: R's slope at z = 1 runs from 0 to 2.
        #expect(d.flats.last!.slopes == 0...2)
    }

    @Test func aDecreasingMapHasNoRegularizer() throws {
        // signswish(5) peaks at x = 0.479871 (docs/THEORY.md section 3) and falls after it.
        let ss = try q("signswish(5)")
        let result = Result { () throws(DerivedRegularizer.NotMonotone) in try DerivedRegularizer(ss, mu: 1, range: -3...3) }
        guard case .failure(let e) = result else { Issue.record("signswish(5) passed as monotone"); return }
        // The witness is the steepest fall: SS_5' is least (-0.3691) at |x| = 0.687 (proxlab check bnnplus).
        #expect(abs(abs(e.x) - 0.687) < 0.005, "got x = \(e.x)")
        #expect(isClose(e.drop, 0.3691 * 0.003, rtol: 0.01), "one grid step of 0.003 at slope -0.3691")
        let view = ProximalView(QuantizerPair(name: "x", forward: .sign, backward: .identity, prox: try q("signswish(5)")), mu: 1)
        #expect(view.envelope == nil)
        #expect(view.notes[0].contains("not a proximal map"))
    }

    /// M(x) = R(P(x)) + (P(x) - x)^2 / 2 has slope x - P(x).
    @Test func theMoreauEnvelopesSlopeIsXMinusP() throws {
        let pair = QuantizerPair(name: "t", forward: .sign, backward: .identity, prox: try q("tanh(2)"))
        let v = ProximalView(pair, mu: 1, halfRange: 2, count: 4001)
        let m = try #require(v.envelope)
        for i in stride(from: 1, to: v.xs.count - 1, by: 97) {
            let slope = (m[i + 1] - m[i - 1]) / (v.xs[i + 1] - v.xs[i - 1])
            #expect(isClose(slope, v.xs[i] - v.p[i], rtol: 1e-4, atol: 1e-5), "at x = \(v.xs[i])")
        }
        // The indicator's envelope is dist(x, Q)^2 / 2.
        let sign = ProximalView(QuantizerPair(name: "bc", forward: .sign, backward: .identity, prox: .sign), mu: 1)
        let e = try #require(sign.envelope)
        #expect(zip(sign.xs, e).allSatisfy { x, m in isClose(m, pow(abs(abs(x) - 1), 2) / 2, atol: 1e-12) })
    }

    /// ProxConnect's lq(0, mu - 1): R = ((mu - 1)/2) d^2 tightens toward the
    /// indicator of Q as mu grows, and its envelope toward dist^2 / 2.
    @Test func proxConnectsRegularizerTightensWithMu() throws {
        let pair = QuantizerPair(name: "pc", forward: try q("lq(0, mu - 1)"), backward: .identity, prox: try q("lq(0, mu - 1)"))
        let weak = ProximalView(pair, mu: 2), strong = ProximalView(pair, mu: 200)
        #expect(weak.closedForm == .linearQuadratic(k: 0, r: 1))
        #expect(strong.closedForm == .linearQuadratic(k: 0, r: 199))
        #expect(strong.closedForm!.value(0.5) > 100 * weak.closedForm!.value(0.5))
        let i = try #require(strong.xs.firstIndex { isClose($0, 0.6, atol: 1e-9) })
        #expect(abs(strong.envelope![i] - 0.08) < 0.001 && abs(weak.envelope![i] - 0.08) > 0.03)
    }

    @Test func theDecompositionGapOfBNNPlusIsSS5AtOne() throws {
        let bnnplus = QuantizerPair(name: "bnnplus", forward: .sign, backward: try q("signswish(5)"), prox: .sign)
        let gap = ProximalView(bnnplus, mu: 1).gap
        // docs/THEORY.md section 3: SS_5(1) = 1.053095, so |F - B o P| = 0.053095 wherever F = +-1.
        #expect(isClose(gap.largest.amount, 0.053095, rtol: 1e-5))
        #expect(!gap.holds)
        let principled = ProximalView(bnnplus.principled(), mu: 1).gap
        #expect(principled.largest.amount == 0 && principled.holds)
    }

    // MARK: - One weight's step

    /// SS'_b(x) = b (2 - b x tanh(b x / 2)) / (1 + cosh(b x)), docs/THEORY.md section 3.
    static func ssPrime(_ x: Double, b: Double = 5) -> Double { b * (2 - b * x * tanh(b * x / 2)) / (1 + cosh(b * x)) }

    @Test func bnnPlusGoesUphillWhereItsMultiplierIsNegative() throws {
        let bnnplus = QuantizerPair(name: "bnnplus", forward: .sign, backward: try q("signswish(5)"), prox: .sign, latentClip: 1)
        let s = WeightStep(bnnplus, theta: 0.7, gradient: 1, mu: 1, learningRate: 0.1)
        #expect(s.w == 1 && s.x == 0.7)
        #expect(isClose(s.multiplier, Self.ssPrime(0.7), rtol: 1e-12))
        #expect(s.multiplier < 0 && s.direction == .uphill)
        #expect(isClose(s.next, 0.7 - 0.1 * Self.ssPrime(0.7)), "theta grows against the gradient")
        let lines = s.lines(bnnplus)
        #expect(lines.count == 2)
        #expect(lines[1].contains("UPHILL"))
        // Inside |x| < 0.479871 the multiplier is positive: downhill.
        #expect(WeightStep(bnnplus, theta: 0.2, gradient: 1, mu: 1).direction == .downhill)
    }

    @Test func aQuantizedEvaluationPointReadsBPrimeAtPTheta() throws {
        // Bi-Real at x = P(theta) = +-1: approxsign'(+-1) = 0, so no weight moves (the B.atQ check).
        var bireal = QuantizerPair(name: "bireal", forward: .sign, backward: try q("approxsign"), prox: .sign, latentClip: 1)
        bireal.backwardAt = .quantized
        let s = WeightStep(bireal, theta: 0.3, gradient: -2, mu: 1)
        #expect(s.x == 1 && s.multiplier == 0 && s.next == 0.3 && s.direction == .stopped)
        #expect(s.lines(bireal)[0].contains("x = P(theta) = 1"))
    }

    @Test func theClipAndTheResetFollowTheStep() throws {
        let bc = QuantizerPair(name: "bc", forward: .sign, backward: .identity, prox: .sign, latentClip: 1)
        let clipped = WeightStep(bc, theta: 0.95, gradient: -1, mu: 1, learningRate: 0.1)
        #expect(isClose(clipped.stepped, 1.05) && clipped.next == 1 && clipped.direction == .downhill)
        #expect(clipped.lines(bc)[1].contains("clip(1) -> 1"))
        // ProxQuant's form: theta <- P(theta - eta g) with P = lq(0.2, 0), a soft threshold toward Q.
        let pq = QuantizerPair(name: "pq", forward: .identity, backward: .identity, prox: try q("lq(0.2, 0)"), resetAfterStep: true)
        let reset = WeightStep(pq, theta: 0.5, gradient: -1, mu: 1, learningRate: 0.1)
        #expect(isClose(reset.stepped, 0.6) && isClose(reset.next, 0.8, atol: 1e-12))
    }
}
