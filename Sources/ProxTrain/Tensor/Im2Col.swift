/// Unfolding for 3x3 convolutions with padding 1 and stride 1.
///
/// One image [C, H, W] becomes a column matrix [C * 9, H * W]: row
/// c * 9 + ky * 3 + kx holds the input shifted by (ky - 1, kx - 1), zero
/// outside the image. The convolution of that image with weights
/// [Cout, C * 9] is then one product, W * col -> [Cout, H * W], already in
/// the image layout (Chellapilla, Puri, Simard 2006; Caffe). `col2im` is its
/// adjoint: it adds every column entry back onto the pixel it came from, which
/// is what the input gradient needs.
///
/// The inner loops run over a contiguous image row with the padded edges
/// handled outside the loop, so they are straight copies.
public enum Im2Col {
    /// The kernel side this unfolding handles.
    public static let kernel = 3

    /// col[C * 9, H * W] from image[C, H, W].
    public static func im2col(_ image: UnsafePointer<Float>, channels: Int, height: Int, width: Int,
                              col: UnsafeMutablePointer<Float>) {
        let plane = height * width
        for c in 0..<channels {
            let src = image + c * plane
            for ky in 0..<3 {
                for kx in 0..<3 {
                    let dst = col + ((c * 9 + ky * 3 + kx) * plane)
                    let dx = kx - 1
                    // Output columns x whose source column x + dx lies inside the image.
                    let x0 = max(0, -dx), x1 = min(width, width - dx)
                    for y in 0..<height {
                        let row = dst + y * width
                        let iy = y + ky - 1
                        if iy < 0 || iy >= height || x0 >= x1 {
                            for x in 0..<width { row[x] = 0 }
                            continue
                        }
                        let srow = src + iy * width + dx
                        for x in 0..<x0 { row[x] = 0 }
                        for x in x0..<x1 { row[x] = srow[x] }
                        for x in x1..<width { row[x] = 0 }
                    }
                }
            }
        }
    }

    /// image[C, H, W] += the adjoint of `im2col` applied to col[C * 9, H * W].
    ///
    /// Accumulates: zero `image` first for a plain input gradient.
    public static func col2im(_ col: UnsafePointer<Float>, channels: Int, height: Int, width: Int,
                              image: UnsafeMutablePointer<Float>) {
        let plane = height * width
        for c in 0..<channels {
            let dstImage = image + c * plane
            for ky in 0..<3 {
                for kx in 0..<3 {
                    let src = col + ((c * 9 + ky * 3 + kx) * plane)
                    let dx = kx - 1
                    let x0 = max(0, -dx), x1 = min(width, width - dx)
                    if x0 >= x1 { continue }
                    for y in 0..<height {
                        let iy = y + ky - 1
                        if iy < 0 || iy >= height { continue }
                        let srow = src + y * width
                        let drow = dstImage + iy * width + dx
                        for x in x0..<x1 { drow[x] += srow[x] }
                    }
                }
            }
        }
    }
}
