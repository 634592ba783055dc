import CXnor

// Shape: rows x bits signs, stored rows x words UInt64 (words = ceil(bits / 64)), row-major.
//   bit i of a row is bit (i % 64) of word i / 64: 1 for -1, 0 for +1.

/// Rows of signs packed 64 to a `UInt64`: the binary activations and weights of a deployed network.
///
/// Why 1 means -1: zero is +1, so the padding past `bits` in a row's last
/// word is +1 in every operand, and the XOR of two paddings is zero. An
/// XNOR-popcount product then needs no mask for any inner size
/// (`XnorKernel`), and a zero-filled border reads as +1 (the binary im2col
/// corrects for it). sign(0) = +1 and sign(NaN) = -1, as `VectorOps.sign`
/// computes them (docs/THEORY.md section 1).
///
/// Storage is 64-byte aligned and zero-filled; a row's padding stays zero
/// because every writer (`pack`, the kernels) writes whole rows with zero
/// padding. A matrix has identity (layers own their output buffers), so it
/// is a class, and belongs to one thread at a time, like `Tensor`.
///
///     let m = SignMatrix(rows: 2, bits: 3)
///     m.pack(row: 0, from: [1, -2, 0])   // +1, -1, +1
///     m.sign(row: 0, 1)                  // -1
public final class SignMatrix {
    public let rows: Int
    /// Signs per row.
    public let bits: Int
    /// Words per row: ceil(bits / 64).
    public let words: Int
    /// rows * words words.
    public let data: UnsafeMutablePointer<UInt64>

    public init(rows: Int, bits: Int) {
        precondition(rows >= 0 && bits >= 0, "negative size \(rows) x \(bits)")
        self.rows = rows
        self.bits = bits
        words = (bits + 63) / 64
        let count = max(rows * words, 1)
        data = UnsafeMutableRawPointer.allocate(byteCount: count * 8, alignment: 64)
            .bindMemory(to: UInt64.self, capacity: count)
        data.initialize(repeating: 0, count: count)
    }

    deinit { UnsafeMutableRawPointer(data).deallocate() }

    /// The words of one row.
    @inline(__always)
    public func row(_ r: Int) -> UnsafeMutablePointer<UInt64> { data + r * words }

    /// Packs the signs of `bits` floats into row `r`.
    public func pack(row r: Int, from x: UnsafePointer<Float>) {
        SignWords.pack(x, count: bits, into: row(r))
    }

    /// `pack(row:from:)` from an array (tests and tools).
    public func pack(row r: Int, from values: [Float]) {
        precondition(values.count == bits, "\(values.count) values for a row of \(bits) signs")
        values.withUnsafeBufferPointer { pack(row: r, from: $0.baseAddress!) }
    }

    /// The sign at (row, i) as -1 or +1.
    public func sign(row r: Int, _ i: Int) -> Float {
        precondition(r >= 0 && r < rows && i >= 0 && i < bits, "(\(r), \(i)) outside \(rows) x \(bits)")
        return row(r)[i >> 6] >> UInt64(i & 63) & 1 == 1 ? -1 : 1
    }

    /// Row `r` as floats of -1 and +1.
    public func unpack(row r: Int, into y: UnsafeMutablePointer<Float>) {
        SignWords.unpack(row(r), count: bits, into: y)
    }

    /// Sets every word to zero (every sign to +1).
    public func clear() { data.update(repeating: 0, count: rows * words) }
}

/// Sign words: the loops that turn floats into signs packed 64 to a word (1 for -1)
/// and back, shared by every packed layout of the deployed network. (The model
/// files of runs pack weights 8 to a byte with 1 for +1: `ProxTrain.SignPacking`.)
public enum SignWords {
    /// Bits 0 ..< count of `words` from the signs of x (1 where x < 0 or NaN); the rest of the last word zero.
    ///
    /// Vectorized (Sources/CXnor/signs.h): a compare gives 16 signs at once
    /// with AVX-512, 8 with AVX2; `form` picks the instructions as it does for
    /// the products (a test runs each).
    @inline(__always)
    public static func pack(_ x: UnsafePointer<Float>, count: Int, into words: UnsafeMutablePointer<UInt64>,
                            form: PopcountForm = .best) {
        proxlab_pack_signs(form.rawValue, x, count, words)
    }

    /// count floats of -1 (bit set) and +1 (bit clear).
    @inline(__always)
    public static func unpack(_ words: UnsafePointer<UInt64>, count: Int, into y: UnsafeMutablePointer<Float>,
                              form: PopcountForm = .best) {
        proxlab_unpack_signs(form.rawValue, words, count, y)
    }

    /// Copies `count` bits from the start of `source` to bit `offset` of `target`,
    /// which must be zero there (bits are or-ed in): how packed rows are
    /// concatenated (binary im2col, flatten).
    @inlinable
    public static func append(_ source: UnsafePointer<UInt64>, count: Int,
                              to target: UnsafeMutablePointer<UInt64>, at offset: Int) {
        let shift = UInt64(offset & 63), base = offset >> 6
        let full = count >> 6, rest = count & 63
        if shift == 0 {
            for k in 0..<full { target[base + k] = source[k] }
            if rest > 0 { target[base + full] |= source[full] & (UInt64.max >> UInt64(64 - rest)) }
            return
        }
        for k in 0..<full {
            let s = source[k]
            target[base + k] |= s << shift
            target[base + k + 1] |= s >> (64 - shift)
        }
        if rest > 0 {
            let s = source[full] & (UInt64.max >> UInt64(64 - rest))
            target[base + full] |= s << shift
            if Int(shift) + rest > 64 { target[base + full + 1] |= s >> (64 - shift) }
        }
    }
}
