/// Unfolding for 3x3 convolutions with padding 1 and stride 1, over a tile
/// of examples of a channel-major batch (`ImageLayout`).
///
/// Examples e0 ..< e1 of a batch [C, N, H, W] become a column matrix
/// [C * 9, (e1 - e0) * H * W]: row c * 9 + ky * 3 + kx holds channel c of
/// each example shifted by (ky - 1, kx - 1), zero outside the image. The
/// convolution of those examples with weights [Cout, C * 9] is then one
/// product, W * col -> [Cout, (e1 - e0) * H * W], the same examples' part of
/// the channel-major output (Chellapilla, Puri, Simard 2006; Caffe). The
/// input gradient is a convolution of the output gradient with the flipped
/// kernel, so it unfolds the gradient the same way (`Conv2d`).
///
/// A shifted plane is one contiguous copy of the plane: row y of the copy
/// starts at source row y + ky - 1, and the pixels a horizontal shift wraps
/// onto the next row are then zeroed, so the copy runs at memory speed
/// instead of row by row.
public enum Im2Col {
    /// The kernel side this unfolding handles.
    public static let kernel = 3

    /// col[C * 9, (e1 - e0) * H * W] from examples `examples` of image[C, batch, H, W].
    public static func im2col(_ image: UnsafePointer<Float>, channels: Int, batch: Int, height: Int, width: Int,
                              examples: Range<Int>, col: UnsafeMutablePointer<Float>) {
        let plane = height * width, columns = examples.count * plane
        for c in 0..<channels {
            for ky in 0..<3 {
                for kx in 0..<3 {
                    let row = col + (c * 9 + ky * 3 + kx) * columns
                    for (i, e) in examples.enumerated() {
                        shifted(image + (c * batch + e) * plane, height: height, width: width,
                                dy: ky - 1, dx: kx - 1, into: row + i * plane)
                    }
                }
            }
        }
    }

    /// dst[y, x] = src[y + dy, x + dx], zero where that lies outside the plane (|dx|, |dy| <= 1).
    @inline(__always)
    static func shifted(_ src: UnsafePointer<Float>, height h: Int, width w: Int, dy: Int, dx: Int,
                        into dst: UnsafeMutablePointer<Float>) {
        let r0 = max(0, -dy), r1 = h - max(0, dy)
        guard r0 < r1 else {
            VectorOps.fill(dst, count: h * w, value: 0)
            return
        }
        VectorOps.fill(dst, count: r0 * w, value: 0)
        VectorOps.fill(dst + r1 * w, count: (h - r1) * w, value: 0)
        let lo = r0 * w + max(0, -dx), hi = r1 * w - max(0, dx)
        if hi > lo { (dst + lo).update(from: src + lo + dy * w + dx, count: hi - lo) }
        if dx < 0 { for y in r0..<r1 { dst[y * w] = 0 } }
        if dx > 0 { for y in r0..<r1 { dst[y * w + w - 1] = 0 } }
    }
}
