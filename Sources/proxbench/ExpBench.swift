import Dispatch
import Foundation
import ProxCore

/// `fastExp` against Double's exp over every Float bit pattern (or every
/// `--stride`-th), split over threads: the accuracy FastExp.swift states.
enum ExpBench {
    static func run(_ args: [String]) -> Int32 {
        let stride = UInt64(Bench.option(args, "stride") ?? "") ?? 1
        let parts = max(1, Int(Bench.option(args, "threads") ?? "") ?? 2)
        guard stride > 0 else {
            FileHandle.standardError.write(Data("proxbench exp: --stride must be a positive integer\n".utf8))
            return 2
        }
        // Many more pieces than threads, so a neighbour's burst on one core evens out.
        let pieces = 64 * parts, span = (UInt64(1) << 32) / UInt64(pieces)
        // nonisolated(unsafe): each iteration writes only its own element.
        nonisolated(unsafe) let results = UnsafeMutablePointer<FastExpAccuracy>.allocate(capacity: pieces)
        results.initialize(repeating: FastExpAccuracy(), count: pieces)
        defer { results.deinitialize(count: pieces); results.deallocate() }
        let start = DispatchTime.now().uptimeNanoseconds
        DispatchQueue.concurrentPerform(iterations: pieces) { i in
            // Each piece starts on a multiple of the stride, so the pieces
            // together visit exactly the patterns one sweep would.
            let lo = (UInt64(i) * span + stride - 1) / stride * stride
            let hi = i == pieces - 1 ? UInt64(1) << 32 : UInt64(i + 1) * span
            results[i] = FastExpAccuracy.sweep(from: lo, to: hi, stride: stride)
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        var total = FastExpAccuracy()
        for i in 0..<pieces { total = total.merged(with: results[i]) }
        print("exp: fastExp against Double's exp, \(stride == 1 ? "every Float bit pattern" : "one Float bit pattern in \(stride)") "
              + "(\(total.checked) inputs, \(String(format: "%.1f", seconds)) s)")
        print(String(format: "  results >= 2^-126: max error %.3f ulp (at x = %@)", total.maxNormalULP, "\(total.worstNormalInput)"))
        print(String(format: "  results <  2^-126: max error %.3f units of 2^-149 (at x = %@)", total.maxSubnormalULP,
                     "\(total.worstSubnormalInput)"))
        print("  limits (NaN, +-inf, overflow, underflow to 0): \(total.limitMismatches) inputs differ"
              + (total.firstLimitMismatch.map { ", the first at x = \($0)" } ?? ""))
        return total.limitMismatches == 0 && total.maxNormalULP <= FastExpAccuracy.documentedMaxULP ? 0 : 1
    }
}
