// Layouts: floats channel-major [C, N, H, W] as the trained layers keep images between them
// (ProxTrain's ImageLayout: the plane of channel c of image n at (c * N + n) * H * W);
// pixel rows of signs [N * H * W, C] (row (n * H + y) * W + x).

/// Moving image batches between channel-major floats and pixel rows of signs, and the
/// two sign-only image operations (2x2 max pooling, flattening).
///
/// Pixel rows keep a pixel's channels together, so a 3x3 window of the next
/// convolution is nine runs of C bits (`BinaryIm2Col`) and pooling is a
/// word-wise AND.
public enum SignImages {
    /// Signs of the first n images of x into pixel rows.
    ///
    /// Channel by channel, so each pass reads one contiguous plane and sets
    /// one bit of every pixel's word (a strided gather per pixel is ten times slower).
    public static func pack(_ x: UnsafePointer<Float>, images n: Int, channels c: Int, height h: Int, width w: Int,
                            into out: SignMatrix) {
        let plane = h * w, words = out.words
        precondition(out.bits == c && out.rows >= n * plane, "pixel rows of the wrong size")
        for image in 0..<n {
            let base = out.row(image * plane)
            base.update(repeating: 0, count: plane * words)
            for ch in 0..<c {
                let s = x + (ch * n + image) * plane, d = base + (ch >> 6), bit = UInt64(ch & 63)
                if words == 1 {
                    for p in 0..<plane { d[p] |= (s[p] >= 0 ? 0 : 1) << bit }
                } else {
                    for p in 0..<plane { d[p * words] |= (s[p] >= 0 ? 0 : 1) << bit }
                }
            }
        }
    }

    /// Pixel rows back to channel-major floats of -1 and +1.
    public static func unpack(_ s: SignMatrix, images n: Int, channels c: Int, height h: Int, width w: Int,
                              into y: UnsafeMutablePointer<Float>) {
        let plane = h * w, words = s.words
        for image in 0..<n {
            let base = s.row(image * plane)
            for ch in 0..<c {
                let d = y + (ch * n + image) * plane, src = base + (ch >> 6), bit = UInt64(ch & 63)
                if words == 1 {
                    for p in 0..<plane { d[p] = src[p] >> bit & 1 == 1 ? -1 : 1 }
                } else {
                    for p in 0..<plane { d[p] = src[p * words] >> bit & 1 == 1 ? -1 : 1 }
                }
            }
        }
    }

    /// 2x2 max pooling, stride 2, of pixel rows (odd edges dropped, as `MaxPool2x2`).
    ///
    /// The max of signs is +1 unless all four are -1, and -1 is a set bit: an AND.
    /// It commutes with sign (sign is monotone), so pooling the signs of a
    /// layer equals the sign of its pooled floats.
    public static func maxPool(_ s: SignMatrix, images n: Int, height h: Int, width w: Int, into out: SignMatrix) {
        let oh = h / 2, ow = w / 2, words = s.words
        precondition(out.words == words && out.rows >= n * oh * ow, "pooled rows of the wrong size")
        for image in 0..<n {
            for oy in 0..<oh {
                for ox in 0..<ow {
                    let a = s.row((image * h + 2 * oy) * w + 2 * ox), b = a + words
                    let c = a + w * words, d = c + words
                    let o = out.row((image * oh + oy) * ow + ox)
                    for k in 0..<words { o[k] = a[k] & b[k] & c[k] & d[k] }
                }
            }
        }
    }

    /// Each image's pixel rows concatenated into one row of H * W * C signs (HWC order).
    public static func flatten(_ s: SignMatrix, images n: Int, pixels: Int, into out: SignMatrix) {
        let c = s.bits
        precondition(out.bits == pixels * c && out.rows >= n, "flattened rows of the wrong size")
        for image in 0..<n {
            let o = out.row(image)
            o.update(repeating: 0, count: out.words)
            for p in 0..<pixels { SignWords.append(s.row(image * pixels + p), count: c, to: o, at: p * c) }
        }
    }
}
