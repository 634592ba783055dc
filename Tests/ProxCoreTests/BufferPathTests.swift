import Foundation
import ProxCore
import Testing
import TestHelpers

/// The Float buffer path (`Quantizer.evaluate`) against the Double scalar
/// path, the reference (docs/THEORY.md section 3; STYLE.md: the plain version is
/// the oracle of the fast one).
@Suite struct BufferPathTests {
    static let sizes: [Int] = [1, 2, 1023, 1024, 1025, 2048, 5000]

    /// Every built-in preset's F, B and P at every mu its checks visit.
    static var presetSeries: [ExpressionCase] {
        var cases: [ExpressionCase] = []
        for name in ["bc", "bnn", "bireal", "bnnplus", "bnnplusplus", "proxconnect", "proxquant"] {
            guard let pair = try? PairPreset.load(path: RepositoryPaths.quantizerPreset(name)) else {
                cases.append(ExpressionCase("missing preset \(name)"))
                continue
            }
            for mu in pair.schedule.checkPoints {
                cases.append(ExpressionCase(pair.forward.description, mu: mu))
                cases.append(ExpressionCase(pair.backward.description, mu: mu))
                if let p = pair.prox { cases.append(ExpressionCase(p.description, mu: mu)) }
            }
        }
        return cases
    }

    /// Grid points of a buffer of `n` elements over [-3, 3] (0.3 for n = 1).
    static func grid(_ n: Int) -> [Float] {
        n == 1 ? [0.3] : (0..<n).map { Float(-3 + 6 * Double($0) / Double(n - 1)) }
    }

    /// Float values and derivatives within 1e-5 relative of the Double path,
    /// plus 1e-6 of the series' largest magnitude: the smooth pieces compute
    /// 1 - tanh^2 and s (1 - s) in Float, where tiny values keep only an
    /// absolute accuracy of a few ulps of 1. Points within 1e-6 of a kink are
    /// left out of the derivative comparison (the Float and Double x - q may
    /// round to different sides of a dead-zone edge).
    @Test(arguments: presetSeries as [ExpressionCase])
    func presetFloatPathMatchesDoublePath(_ c: ExpressionCase) throws {
        let f = try q(c.text)
        let kinks = f.kinks(mu: c.mu)
        for n in Self.sizes {
            let xs = Self.grid(n)
            let (v, d) = f.evaluate(xs, mu: c.mu)
            #expect(v.count == n && d.count == n)
            let reference = xs.map { f.valueAndDerivative(Double($0), mu: c.mu) }
            let vScale = max(1, reference.map { abs($0.value) }.max() ?? 0)
            let dScale = max(1, reference.map { abs($0.derivative) }.max() ?? 0)
            var failures = 0
            for i in 0..<n {
                let x = Double(xs[i]), r = reference[i]
                var ok = isClose(Double(v[i]), r.value, rtol: 1e-5, atol: 1e-6 * vScale)
                if !kinks.contains(where: { abs($0 - x) <= 1e-6 }) {
                    ok = ok && isClose(Double(d[i]), r.derivative, rtol: 1e-5, atol: 1e-6 * dScale)
                }
                if !ok {
                    failures += 1
                    if failures <= 3 {
                        Issue.record("\(c.text) at mu = \(c.mu), n = \(n), x = \(xs[i]): Float (\(v[i]), \(d[i])) vs Double (\(r.value), \(r.derivative))")
                    }
                }
            }
            #expect(failures == 0, "n = \(n)")
        }
    }

    /// Chunking never changes a result: a buffer of any size gives, element
    /// for element, exactly what a one-element buffer gives, for compound
    /// expressions that go through the chunked path. Value-only and
    /// derivative-only calls give the same numbers.
    @Test func chunkBoundariesAreInvisible() throws {
        var gen = ExpressionGenerator(seed: 0xB0FF, maximumDepth: 4, validMus: [2])
        var expressions = [try q("signswish(mu) . sign"), try q("2 * tanh(3) + lq(0.25, mu) . clip(1)"),
                           try q("(approxsign . scale(0.5)) . (id + -1 * signswish(5))")]
        while expressions.count < 15 {
            let f = gen.quantizer()
            if floatSafe(f, mu: 2) { expressions.append(f) }
        }
        for f in expressions {
            for n in Self.sizes {
                let xs = Self.grid(n)
                let (v, d) = f.evaluate(xs, mu: 2)
                var mismatches = 0
                for i in 0..<n {
                    let (v1, d1) = f.evaluate([xs[i]], mu: 2)
                    let same = (v[i] == v1[0] || (v[i].isNaN && v1[0].isNaN)) && (d[i] == d1[0] || (d[i].isNaN && d1[0].isNaN))
                    if !same {
                        mismatches += 1
                        if mismatches <= 2 { Issue.record("\(f) n = \(n), i = \(i): (\(v[i]), \(d[i])) vs alone (\(v1[0]), \(d1[0]))") }
                    }
                }
                #expect(mismatches == 0)

                var valuesOnly = [Float](repeating: .nan, count: n), derivativesOnly = [Float](repeating: .nan, count: n)
                xs.withUnsafeBufferPointer { x in
                    valuesOnly.withUnsafeMutableBufferPointer { f.evaluate(x, mu: 2, value: $0, derivative: nil) }
                    derivativesOnly.withUnsafeMutableBufferPointer { f.evaluate(x, mu: 2, value: nil, derivative: $0) }
                }
                #expect(zip(valuesOnly, v).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }, "\(f): value-only call, n = \(n)")
                #expect(zip(derivativesOnly, d).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }, "\(f): derivative-only call, n = \(n)")
            }
        }
    }

    /// tanh and SignSwish keep their relative precision over the whole range
    /// of bx, not only on [-3, 3]: near 0 (1 - e comes from the exp's
    /// polynomial) and in the tails (derivatives from e, not from 1 - t^2),
    /// down to where the derivative drops below 1e-30, past which the Float
    /// path gives 0 or less than 1e-30. At x = +-10^u, u from -7 to 2.5.
    /// Tolerance: 5e-6 relative, a few ulps of Float plus the rounding of bx
    /// (relative 6e-8, times |bx| in e^-|bx|); for SS_b' relative to the size of
    /// its terms, as 2 - |bx| tanh(bx/2) changes sign at |bx| = 2.4.
    @Test(arguments: ["tanh(1)", "tanh(3)", "signswish(5)", "signswish(50)"])
    func smoothPiecesKeepRelativePrecision(_ text: String) throws {
        let f = try q(text)
        let xs: [Float] = (0...4000).flatMap { i -> [Float] in
            let x = Float(pow(10, -7 + 9.5 * Double(i) / 4000))
            return [x, -x]
        }
        let (v, d) = f.evaluate(xs, mu: 1)
        var failures = 0
        for i in xs.indices {
            let x = Double(xs[i])
            var r = f.valueAndDerivative(x, mu: 1)
            var termSize = abs(r.derivative)
            switch f {
            case .piece(.tanh(let b)):
                // b / cosh^2: the Double path's 1 - tanh^2 is itself imprecise in the tails.
                r.derivative = b.value(mu: 1) / pow(cosh(b.value(mu: 1) * x), 2)
                termSize = abs(r.derivative)
            case .piece(.signSwish(let b)):
                let bx = b.value(mu: 1) * x, e = exp(-abs(bx))
                termSize = 2 * b.value(mu: 1) * e / ((1 + e) * (1 + e)) * (2 + abs(bx))
            default: break
            }
            let okValue = abs(Double(v[i]) - r.value) <= 5e-6 * abs(r.value)
            let okDerivative = abs(r.derivative) < 1e-30
                ? abs(d[i]) < 1e-30
                : abs(Double(d[i]) - r.derivative) <= 5e-6 * termSize
            if !(okValue && okDerivative) {
                failures += 1
                if failures <= 3 { Issue.record("\(text) at x = \(xs[i]): Float (\(v[i]), \(d[i])) vs Double (\(r.value), \(r.derivative))") }
            }
        }
        #expect(failures == 0, "\(failures) of \(xs.count) points")
    }

    /// A piece whose output is its input (the staged path), or a compound
    /// whose derivative output is its input, gives what separate buffers give.
    @Test(arguments: ["signswish(5)", "tanh(2)", "pwl((-1, -1), (0, 0.5), (1, 1))", "signswish(mu) . tanh(1)"])
    func outputMayBeTheInput(_ text: String) throws {
        let f = try q(text)
        let xs = Self.grid(5000)
        let (v, d) = f.evaluate(xs, mu: 2)
        var inPlaceValue = xs, inPlaceDerivative = xs
        inPlaceValue.withUnsafeMutableBufferPointer { b in
            f.evaluate(UnsafeBufferPointer(b), mu: 2, value: b, derivative: nil)
        }
        inPlaceDerivative.withUnsafeMutableBufferPointer { b in
            f.evaluate(UnsafeBufferPointer(b), mu: 2, value: nil, derivative: b)
        }
        #expect(inPlaceValue == v, "\(text): value in place differs at \(zip(inPlaceValue, v).filter { $0 != $1 }.count) points")
        #expect(inPlaceDerivative == d, "\(text): derivative in place differs at \(zip(inPlaceDerivative, d).filter { $0 != $1 }.count) points")
    }

    /// Outputs beyond `count` are never written (a larger output buffer is allowed).
    @Test func writesOnlyCountElements() throws {
        let f = try q("tanh(2) . clip(1) + sign")
        let xs: [Float] = Self.grid(1500)
        var value = [Float](repeating: 42, count: 1600), derivative = [Float](repeating: 42, count: 1600)
        xs.withUnsafeBufferPointer { x in
            value.withUnsafeMutableBufferPointer { v in
                derivative.withUnsafeMutableBufferPointer { d in f.evaluate(x, mu: 1, value: v, derivative: d) }
            }
        }
        #expect(value[1500...].allSatisfy { $0 == 42 })
        #expect(derivative[1500...].allSatisfy { $0 == 42 })
        #expect(isClose(Double(value[1499]), f.value(3, mu: 1), rtol: 1e-6))
        #expect(f.evaluate([], mu: 1).values.isEmpty)
    }

    /// Generated expressions: Float path against Double path on a grid, with
    /// the same tolerance as the presets, where the Double values are finite
    /// and moderate (|f| and |f'| <= 1e6, so Float can represent them well).
    @Test func generatedExpressionsFloatMatchesDouble() {
        var gen = ExpressionGenerator(seed: 0xF1F0, maximumDepth: 3, validMus: [1.5])
        var compared = 0
        for _ in 0..<300 {
            let f = gen.quantizer()
            guard floatSafe(f, mu: 1.5) else { continue }
            let xs = Self.grid(257)
            let (v, d) = f.evaluate(xs, mu: 1.5)
            let reference = xs.map { f.valueAndDerivative(Double($0), mu: 1.5) }
            guard reference.allSatisfy({ $0.value.isFinite && $0.derivative.isFinite && abs($0.value) <= 1e6 && abs($0.derivative) <= 1e6 }),
                  f.parameters.allSatisfy({ abs($0.value(mu: 1.5)) <= 1e3 })
            else { continue }
            compared += 1
            let vScale = max(1, reference.map { abs($0.value) }.max() ?? 0)
            let dScale = max(1, reference.map { abs($0.derivative) }.max() ?? 0)
            for i in xs.indices {
                // Jumps, kinks and their preimages: skip points whose Double
                // and Float results sit on different sides of a discontinuity.
                let x = Double(xs[i])
                if touchesKink(f, lo: x - 1e-4, hi: x + 1e-4, mu: 1.5, margin: 1e-4) { continue }
                let okV = isClose(Double(v[i]), reference[i].value, rtol: 1e-4, atol: 1e-5 * vScale)
                let okD = isClose(Double(d[i]), reference[i].derivative, rtol: 1e-4, atol: 1e-5 * dScale)
                #expect(okV && okD, "\(f) at x = \(xs[i]): Float (\(v[i]), \(d[i])) vs Double (\(reference[i].value), \(reference[i].derivative))")
                if !(okV && okD) { break }
            }
        }
        #expect(compared >= 50)
    }
}
