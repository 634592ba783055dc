// Shape: outputs x inner signs, stored as panels of 8 outputs:
//   word k of output o at storage[((o / 8) * words + k) * 8 + o % 8]   (outputs past the last padded with zeros)

/// A binary weight matrix in the layout the XNOR-popcount kernels read.
///
/// Why panels: one 512-bit load then holds word k of eight outputs, the input
/// word is broadcast against it, and the eight popcounts accumulate lane by
/// lane with no horizontal sum; a row-by-row layout would need one
/// horizontal reduction per output, which at the reference MLP's 8 words a
/// row costs as much as the product itself (Sources/CXnor/xnor.h).
public final class PackedWeights {
    public let outputs: Int
    /// Signs per output (the inner size K of the product).
    public let inner: Int
    /// Words per output: ceil(inner / 64).
    public let words: Int
    /// Groups of 8 outputs: ceil(outputs / 8).
    public let panels: Int
    let storage: UnsafeMutablePointer<UInt64>

    /// The panel layout of `signs`, one row per output.
    public init(_ signs: SignMatrix) {
        outputs = signs.rows
        inner = signs.bits
        words = signs.words
        panels = (outputs + 7) / 8
        let count = max(panels * words * 8, 8)
        storage = UnsafeMutableRawPointer.allocate(byteCount: count * 8, alignment: 64)
            .bindMemory(to: UInt64.self, capacity: count)
        storage.initialize(repeating: 0, count: count)
        for o in 0..<outputs {
            let row = signs.row(o), panel = o / 8, lane = o % 8
            for k in 0..<words { storage[(panel * words + k) * 8 + lane] = row[k] }
        }
    }

    deinit { UnsafeMutableRawPointer(storage).deallocate() }

    /// Bytes the packed signs need (one bit each, rows padded to whole words).
    public var packedBytes: Int { outputs * words * 8 }
}
