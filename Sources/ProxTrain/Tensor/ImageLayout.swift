/// How an image batch is stored between the layers of a model: channel-major.
///
/// A batch of `batch` images of `channels` planes of `plane` pixels is
/// stored [C, N, H, W]: the planes of one channel for every example, one
/// after the other, then the next channel. In this order a 3x3 convolution
/// of a whole batch is one matrix product, W [Cout, Cin * 9] times the
/// unfolded batch [Cin * 9, N * H * W], whose result is again channel-major
/// (`Conv2d`), and a channel's statistics are one contiguous block
/// (`BatchNorm2d`). A model's input stays example-major [N, C, H, W], as
/// data sets and PyTorch store images (for one channel the two are the
/// same bytes; `ChannelMajor` reorders more); `Flatten` turns the last
/// images back into rows [N, C * H * W] in PyTorch's (c, h, w) order.
struct ImageLayout {
    let channels: Int
    let plane: Int
    let batch: Int

    /// The first element of the plane of `channel` in `example`.
    @inline(__always)
    func offset(example r: Int, channel c: Int) -> Int { (c * batch + r) * plane }

    /// The first element of a channel's block (every example's plane of it).
    @inline(__always)
    func block(channel c: Int) -> Int { c * batch * plane }

    /// Elements of a channel's block.
    var blockSize: Int { batch * plane }
}

/// The contiguous stretches of a batch buffer a team member owns in an
/// element-wise pass (ReLU, hardtanh, quantized activations, a residual add).
///
/// Vectors [F] split by feature tiles, row by row (`TeamPart.range`), as the
/// dense layer and batch norm before them do, so no barrier is needed. Images
/// [C, H, W] split by channels, one contiguous block each (`ImageLayout`),
/// after a barrier: the layer before may have split by examples (a
/// convolution) or by planes.
enum ElementwiseSpans {
    @inline(__always)
    static func forEach(shape: [Int], batch n: Int, part: TeamPart, _ body: (_ start: Int, _ count: Int) -> Void) {
        let size = shape.reduce(1, *)
        if shape.count == 3 {
            part.barrier()
            let layout = ImageLayout(channels: shape[0], plane: shape[1] * shape[2], batch: n)
            let mine = part.evenShare(shape[0])
            if !mine.isEmpty { body(layout.block(channel: mine.lowerBound), mine.count * layout.blockSize) }
            return
        }
        let f = part.range(size)
        guard !f.isEmpty else { return }
        for r in 0..<n { body(r * size + f.lowerBound, f.count) }
    }
}
