import Foundation
import ProxCore

/// Elements per second of F (values) and B' (derivatives) for every preset
/// over one buffer, then of every piece and a few compositions, value and
/// derivative; the aim for all of them is 1,000 million/s.
enum QuantizerBench {
    /// One of each piece, and compositions of the smooth ones with the others.
    static let expressions = [
        "id", "sign", "clip(1)", "scale(2)", "tanh(2)", "approxsign", "signswish(5)", "lq(0.25, 1)",
        "pwl((-1, -1), (0, 0.5), (1, 1))",
        "signswish(mu) . sign", "tanh(2) . clip(1)", "signswish(5) . tanh(1)", "approxsign . scale(0.5)",
        "0.5 * tanh(2) + 0.5 * signswish(5)",
    ]

    static func run(_ args: [String]) -> Int32 {
        let n = Int(Bench.option(args, "size") ?? "") ?? 1_000_000
        let repeats = Int(Bench.option(args, "repeats") ?? "") ?? 30
        let pairs: [QuantizerPair]
        let quantizers: [Quantizer]
        do {
            pairs = try PresetLibrary.builtinPairs()
            quantizers = try expressions.map { try Quantizer(parsing: $0) }
        } catch {
            FileHandle.standardError.write(Data("proxbench: \(error)\n".utf8))
            return 2
        }
        var rng = SplitMix64(seed: 1)
        let x = UnsafeMutableBufferPointer<Float>.allocate(capacity: n)
        let out = UnsafeMutableBufferPointer<Float>.allocate(capacity: n)
        defer { x.deallocate(); out.deallocate() }
        for i in 0..<n { x[i] = 6 * rng.nextUnitFloat() - 3 }
        var sink: Float = 0
        /// Million elements per second of `body`, the fastest of the repeats.
        func rate(_ body: () -> Void) -> Double {
            let seconds = Bench.minimumSeconds(repeats: repeats, body)
            sink += out[n / 2]
            return Double(n) / seconds / 1e6
        }
        // The name column fits the longest preset name and a space.
        let nameWidth = max(14, (pairs.map(\.name.count).max() ?? 0) + 2)
        func cell(_ text: String, _ width: Int) -> String { text.padding(toLength: width, withPad: " ", startingAt: 0) }
        func row(_ name: String, _ a: Double, _ b: Double?, _ note: String) {
            print(cell(name, nameWidth) + cell(String(format: "%.0f", a), 12) + cell(b.map { String(format: "%.0f", $0) } ?? "-", 12) + note)
        }

        print("quantizers: \(n) values in [-3, 3], minimum of \(repeats) repeats, million elements per second")
        print(cell("pair", nameWidth) + cell("F (value)", 12) + cell("B' (deriv)", 12) + "F / B'")
        for pair in pairs {
            let mu = pair.schedule.finalMu
            let rf = rate { pair.forward.evaluate(UnsafeBufferPointer(x), mu: mu, value: out, derivative: nil) }
            let rb = rate { pair.backward.evaluate(UnsafeBufferPointer(x), mu: mu, value: nil, derivative: out) }
            row(pair.name, rf, rb, "\(pair.forward) / \(pair.backward)")
        }

        print("\npieces and compositions (mu = 5)")
        print(cell("", nameWidth) + cell("value", 12) + cell("derivative", 12) + "expression")
        for f in quantizers {
            let rv = rate { f.evaluate(UnsafeBufferPointer(x), mu: 5, value: out, derivative: nil) }
            let rd = rate { f.evaluate(UnsafeBufferPointer(x), mu: 5, value: nil, derivative: out) }
            row("", rv, rd, f.description)
        }
        let re = rate { FastExp.evaluate(x.baseAddress!, count: n, into: out.baseAddress!) }
        row("", re, nil, "e^x alone (FastExp.swift)")
        if sink.isNaN { print("") }
        return 0
    }
}
