import Foundation
import ProxCore

/// Elements per second of F (values) and B' (derivatives) for every preset
/// over one buffer; the aim for single-piece pairs is 1,000 million/s.
enum QuantizerBench {
    static func run(_ args: [String]) -> Int32 {
        let n = Int(Bench.option(args, "size") ?? "") ?? 1_000_000
        let repeats = Int(Bench.option(args, "repeats") ?? "") ?? 30
        let pairs: [QuantizerPair]
        do { pairs = try PresetLibrary.builtinPairs() } catch {
            FileHandle.standardError.write(Data("proxbench: \(error)\n".utf8))
            return 2
        }
        var rng = SplitMix64(seed: 1)
        let x = UnsafeMutableBufferPointer<Float>.allocate(capacity: n)
        let out = UnsafeMutableBufferPointer<Float>.allocate(capacity: n)
        defer { x.deallocate(); out.deallocate() }
        for i in 0..<n { x[i] = 6 * rng.nextUnitFloat() - 3 }
        print("quantizers: \(n) values in [-3, 3], minimum of \(repeats) repeats, million elements per second")
        print("pair".padding(toLength: 14, withPad: " ", startingAt: 0) + "F (value)".padding(toLength: 12, withPad: " ", startingAt: 0)
              + "B' (deriv)".padding(toLength: 12, withPad: " ", startingAt: 0) + "F / B'")
        var sink: Float = 0
        for pair in pairs {
            let mu = pair.schedule.finalMu
            let tf = Bench.minimumSeconds(repeats: repeats) {
                pair.forward.evaluate(UnsafeBufferPointer(x), mu: mu, value: out, derivative: nil)
            }
            sink += out[n / 2]
            let tb = Bench.minimumSeconds(repeats: repeats) {
                pair.backward.evaluate(UnsafeBufferPointer(x), mu: mu, value: nil, derivative: out)
            }
            sink += out[n / 3]
            let rf = Double(n) / tf / 1e6, rb = Double(n) / tb / 1e6
            print(pair.name.padding(toLength: 14, withPad: " ", startingAt: 0)
                  + String(format: "%-12.0f%-12.0f", rf, rb) + "\(pair.forward) / \(pair.backward)")
        }
        if sink.isNaN { print("") }
        return 0
    }
}
