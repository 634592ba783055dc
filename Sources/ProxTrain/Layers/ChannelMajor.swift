// Shapes: input x [N, C, H, W] (example-major, as data sets store images)   output y [C, N, H, W]
//   y[c, n, h, w] = x[n, c, h, w]     backward: the inverse reordering

/// Reorders a model's input images [N, C, H, W] into the channel-major
/// order the image layers use ([C, N, H, W], `ImageLayout`). The CNN
/// builders put it first when the images have more than one channel.
public final class ChannelMajor: Layer {
    public let inputShape: [Int]
    public let name = "channel-major"
    private let reorder: PlaneReorder

    public init(shape: [Int]) {
        inputShape = shape
        reorder = PlaneReorder(shape: shape, toChannelMajor: true)
    }

    public var outputShape: [Int] { inputShape }
    public func prepare(batch: Int) { reorder.prepare(batch: batch) }

    public func forward(_ input: Tensor, batch n: Int, part: TeamPart) -> Tensor {
        reorder.forward(input, batch: n, part: part)
    }

    public func backward(_ gradOutput: Tensor, batch n: Int, needsInputGradient: Bool, part: TeamPart) -> Tensor? {
        needsInputGradient ? reorder.backward(gradOutput, batch: n, part: part) : nil
    }
}

/// The plane-by-plane reordering between example-major [N, C, S] and
/// channel-major [C, N, S] batches, in either direction, with its buffers.
final class PlaneReorder {
    let channels: Int, plane: Int
    /// True: example-major in, channel-major out (`ChannelMajor`); false: the reverse (`Flatten`).
    let toChannelMajor: Bool
    private var output = Tensor(shape: [0])
    private var gradInput = Tensor(shape: [0])

    init(shape: [Int], toChannelMajor: Bool) {
        channels = shape.count == 3 ? shape[0] : 1
        plane = shape.reduce(1, *) / max(1, channels)
        self.toChannelMajor = toChannelMajor
    }

    func prepare(batch: Int) {
        guard channels > 1 else { return }
        output = grown(output, batch: batch, [channels * plane])
        gradInput = grown(gradInput, batch: batch, [channels * plane])
    }

    func forward(_ x: Tensor, batch n: Int, part: TeamPart) -> Tensor {
        guard channels > 1 else { return x }
        checkBatch(n, capacity: output.shape[0], "reorder")
        copy(x, into: output, batch: n, channelMajorIn: !toChannelMajor, part: part)
        return output
    }

    func backward(_ dy: Tensor, batch n: Int, part: TeamPart) -> Tensor {
        guard channels > 1 else { return dy }
        copy(dy, into: gradInput, batch: n, channelMajorIn: toChannelMajor, part: part)
        return gradInput
    }

    /// After a barrier (the layer before may have split otherwise), this member's examples.
    private func copy(_ src: Tensor, into dst: Tensor, batch n: Int, channelMajorIn: Bool, part: TeamPart) {
        part.barrier()
        let layout = ImageLayout(channels: channels, plane: plane, batch: n)
        for e in part.evenShare(n) {
            for c in 0..<channels {
                let cm = layout.offset(example: e, channel: c), em = (e * channels + c) * plane
                let (from, to) = channelMajorIn ? (cm, em) : (em, cm)
                (dst.data + to).update(from: src.data + from, count: plane)
            }
        }
    }
}
