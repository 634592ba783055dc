import CXnor

// Shapes: pixel rows x [N * H * W, C] signs  ->  columns [N * H * W, 9 * C] signs
//   bit (ky * 3 + kx) * C + c of row (n, y, x) = x[n, y + ky - 1, x + kx - 1][c], or 0 (+1) outside the image

/// Unfolding for binary 3x3 convolutions with padding 1 (the packed
/// counterpart of `Im2Col`): each output pixel's window becomes one packed
/// row, so the convolution is one XNOR-popcount product of N * H * W rows.
///
/// The zero padding of the float network has no sign. The window bits of a
/// border pixel outside the image are left 0, which reads as +1, so the
/// popcount counts sum_padded(w) too; it is removed exactly by a correction
/// per output and border pattern, c = sum over the outside taps of w
/// (`corrections`), y = K - 2p - c. A pixel's pattern says which window rows
/// and columns fall outside: bit 0 top, 1 bottom, 2 left, 3 right.
public enum BinaryIm2Col {
    /// Border patterns: 4 bits.
    public static let patterns = 16

    /// The pattern of pixel (y, x) in an h x w image.
    @inline(__always)
    public static func pattern(y: Int, x: Int, height h: Int, width w: Int) -> UInt8 {
        (y == 0 ? 1 : 0) | (y == h - 1 ? 2 : 0) | (x == 0 ? 4 : 0) | (x == w - 1 ? 8 : 0)
    }

    /// Whether window tap (ky, kx) lies outside the image for a pattern.
    @inline(__always)
    public static func outside(pattern: UInt8, ky: Int, kx: Int) -> Bool {
        (ky == 0 && pattern & 1 != 0) || (ky == 2 && pattern & 2 != 0)
            || (kx == 0 && pattern & 4 != 0) || (kx == 2 && pattern & 8 != 0)
    }

    /// Columns of the first n images; rows `rows` of them only (a team member's share).
    public static func unfold(_ x: SignMatrix, images n: Int, height h: Int, width w: Int,
                              into col: SignMatrix, rows: Range<Int>? = nil) {
        let c = x.bits, plane = h * w
        precondition(col.bits == 9 * c && col.rows >= n * plane, "columns of the wrong size")
        let all = rows ?? 0..<(n * plane)
        guard !all.isEmpty else { return }
        if x.words == 1 {
            // A pixel's c <= 64 signs are one word: a tight C loop of word ors (Sources/CXnor/signs.h).
            proxlab_im2col_word(x.data, h, w, c, col.data, col.words, all.lowerBound, all.upperBound)
            return
        }
        for r in all {
            let image = r / plane, p = r % plane, py = p / w, px = p % w
            let dst = col.row(r)
            dst.update(repeating: 0, count: col.words)
            for ky in 0..<3 where py + ky >= 1 && py + ky <= h {
                for kx in 0..<3 where px + kx >= 1 && px + kx <= w {
                    let source = x.row((image * h + py + ky - 1) * w + px + kx - 1)
                    SignWords.append(source, count: c, to: dst, at: (ky * 3 + kx) * c)
                }
            }
        }
    }

    /// c[pattern][o] = sum over the taps outside the image of w[o, tap, :] (each -1 or +1).
    public static func corrections(_ weights: SignMatrix, inChannels c: Int) -> [[Int]] {
        (0..<patterns).map { pattern in
            (0..<weights.rows).map { o in
                var sum = 0
                for ky in 0..<3 {
                    for kx in 0..<3 where outside(pattern: UInt8(pattern), ky: ky, kx: kx) {
                        for ch in 0..<c { sum += Int(weights.sign(row: o, (ky * 3 + kx) * c + ch)) }
                    }
                }
                return sum
            }
        }
    }
}
