import CXnor
import Foundation
import ProxCore
import ProxDeploy
import ProxTrain

/// Packed XNOR-popcount inference against the same networks in float, in
/// one run: the reference MLP's 512x512 hidden layer at batch 100 against
/// cblas_sgemm, the popcount limit of this core and how close the kernels
/// come, and the cost ledger (`CostLedger`) of three binary networks.
enum DeployBench {
    static func run(_ args: [String]) -> Int32 {
        let repeats = Int(Bench.option(args, "repeats") ?? "") ?? 300
        let batch = Int(Bench.option(args, "batch") ?? "") ?? 100
        let threadChoices = (Bench.option(args, "threads") ?? "1,2").split(separator: ",").compactMap { Int($0) }.filter { $0 >= 1 }
        print("deploy: packed inference against float on this CPU (OpenBLAS \(BLAS.coreName)); fastest of \(repeats) runs each; batch \(batch)")
        print("  popcount forms this CPU executes: \(PopcountForm.supported.map(\.description).joined(separator: ", ")); best: \(PopcountForm.best)")
        print()
        hiddenLayer(batch: batch, repeats: repeats, threadChoices: threadChoices)
        print()
        popcountLimit(batch: batch, repeats: repeats)
        for (title, model) in networks() {
            print()
            print(title)
            let deployed: DeployedModel
            do { deployed = try DeployConverter.convert(model) } catch {
                print("  cannot deploy: \(error)")
                return 1
            }
            for threads in threadChoices {
                let ledger = CostLedger.measure(deployed, batch: batch, repeats: repeats, threads: threads)
                if threads == threadChoices.first {
                    for line in alignedColumns(ledger.table, gap: 2) { print("  " + line) }
                }
                print("  \(threads) thread\(threads == 1 ? "" : "s"): \(ledger.verdict)")
            }
        }
        return 0
    }

    /// The 512x512 hidden layer of the reference MLP: sgemm on +-1 floats against every popcount form.
    static func hiddenLayer(batch n: Int, repeats: Int, threadChoices: [Int]) {
        let (k, o) = (512, 512)
        var rng = SplitMix64(seed: 1)
        let x = Tensor(shape: [n, k]), w = Tensor(shape: [o, k]), y = Tensor(shape: [n, o])
        for i in 0..<x.count { x[i] = rng.next() & 1 == 0 ? -1 : 1 }
        for i in 0..<w.count { w[i] = rng.next() & 1 == 0 ? -1 : 1 }
        let xs = SignMatrix(rows: n, bits: k), ws = SignMatrix(rows: o, bits: k)
        for r in 0..<n { xs.pack(row: r, from: x.data + r * k) }
        for r in 0..<o { ws.pack(row: r, from: w.data + r * k) }
        let kernel = XnorKernel(weights: PackedWeights(ws))
        let counts = UnsafeMutablePointer<Int32>.allocate(capacity: n * kernel.countsStride)
        defer { counts.deallocate() }
        let macs = Double(n * k * o)
        print("hidden layer 512x512 of the reference MLP at batch \(n): \(formatCompact(macs)) multiply-accumulates")
        for threads in threadChoices {
            BLAS.setThreads(threads)
            let team = Team(size: threads)
            let float = Bench.minimumSeconds(repeats: repeats) {
                GEMM.sgemm(.none, .transpose, m: n, n: o, k: k, a: x.data, lda: k, b: w.data, ldb: k, c: y.data, ldc: o)
            }
            print(String(format: "  %d thread%@: cblas_sgemm %@ (%.0f GFLOP/s)", threads, threads == 1 ? "" : "s",
                         formatMicroseconds(float), 2 * macs / float / 1e9))
            for form in PopcountForm.supported {
                kernel.form = form
                let packed = Bench.minimumSeconds(repeats: repeats) {
                    kernel.popcounts(xs, rows: n, into: counts, stride: kernel.countsStride, team: team)
                }
                print(String(format: "    packed, %@: %@ (%.0f G binary ops/s): %.1fx faster than sgemm",
                             form.description, formatMicroseconds(packed), macs / packed / 1e9, float / packed))
            }
        }
        BLAS.setThreads(1)
        kernel.form = .best
    }

    /// The inner operation of each form on registers alone (Sources/CXnor/xnor_peak.h),
    /// against the kernel on the hidden layer, one thread.
    static func popcountLimit(batch n: Int, repeats: Int) {
        print("popcount limit of this core (one thread): xor, popcount and add on registers, no loads")
        var rng = SplitMix64(seed: 2)
        let (xs, ws) = (SignMatrix(rows: n, bits: 512), SignMatrix(rows: 512, bits: 512))
        for i in 0..<(n * 8) { xs.data[i] = rng.next() }
        for i in 0..<(512 * 8) { ws.data[i] = rng.next() }
        let kernel = XnorKernel(weights: PackedWeights(ws))
        let counts = UnsafeMutablePointer<Int32>.allocate(capacity: n * kernel.countsStride)
        defer { counts.deallocate() }
        let iterations = 20_000
        var sink: UInt64 = 0
        for form in PopcountForm.supported {
            let words: Int
            let peak: Double
            switch form {
            case .vpopcntdq:
                words = proxlab_peak_words_vpopcntdq
                peak = Bench.minimumSeconds(repeats: repeats) { sink &+= proxlab_peak_vpopcntdq(iterations) }
            case .avx2:
                words = proxlab_peak_words_avx2
                peak = Bench.minimumSeconds(repeats: repeats) { sink &+= proxlab_peak_avx2(iterations) }
            case .scalar:
                words = proxlab_peak_words_scalar
                peak = Bench.minimumSeconds(repeats: repeats) { sink &+= proxlab_peak_scalar(iterations) }
            }
            let limit = Double(iterations * words * 64) / peak
            kernel.form = form
            let t = Bench.minimumSeconds(repeats: repeats) { kernel.popcounts(xs, rows: n, into: counts, stride: kernel.countsStride) }
            let rate = Double(n * 512 * 512) / t
            print(String(format: "  %@: limit %.0f G binary ops/s; the kernel on the hidden layer %.0f G/s, %.0f%% of it",
                         form.description, limit / 1e9, rate / 1e9, 100 * rate / limit))
        }
        if sink == 42 { print("") }
    }

    /// The networks of the ledger, with non-trivial batch norms (the numbers do not change the times).
    static func networks() -> [(String, Sequential)] {
        var rng = SplitMix64(seed: 3)
        let sign = SignQuantizer()
        let reference = Sequential.mlp(sizes: [784, 512, 512, 10], activation: .identity, quantizer: sign,
                                       activationQuantizer: sign, rng: &rng)
        let fully = Sequential([QuantizedActivation(shape: [784], quantizer: sign)] + reference.layers)
        let preset = Sequential.mlp(sizes: [784, 512, 512, 512, 10], activation: .identity,
                                    binarized: BinarizePolicy.exceptFirstAndLast.flags(layers: 4),
                                    quantizer: sign, activationQuantizer: sign, rng: &rng)
        let cnn = Sequential.cnn(activation: .identity, binarized: BinarizePolicy.exceptFirstAndLast.flags(layers: 3),
                                 quantizer: sign, activationQuantizer: sign, rng: &rng)
        return [
            ("the reference MLP 784-512-512-10, binary end to end (sign weights everywhere, binary pixels in):", fully),
            ("the binary MLP preset's network 784-512-512-512-10 (full-precision first and last layer):", preset),
            ("the binary CNN preset's network (full-precision first convolution and classifier):", cnn),
        ]
    }
}
