// Shapes: input x [C, N, H, W] (channel-major, ImageLayout)   output y [N, C] (rows)
//   y[n, c] = sum over the plane of x[c, n] / (H * W)     dx[c, n, h, w] = dy[n, c] / (H * W)

/// Global average pooling, as PyTorch's `AdaptiveAvgPool2d(1)` followed by
/// `flatten(1)`: each channel's plane becomes its mean, and the images
/// become rows of C features for the classifier. Forward, a team member
/// takes whole examples (its rows); backward, whole channels (its blocks).
public final class GlobalAvgPool: Layer {
    public let channels: Int
    public let height: Int
    public let width: Int
    public let name = "global avgpool"

    public private(set) var output: Tensor
    public private(set) var gradInput: Tensor

    public init(channels: Int, height: Int, width: Int) {
        self.channels = channels
        self.height = height
        self.width = width
        output = Tensor(shape: [0, channels])
        gradInput = Tensor(shape: [0, channels, height, width])
    }

    public var inputShape: [Int] { [channels, height, width] }
    public var outputShape: [Int] { [channels] }

    public func prepare(batch: Int) {
        output = grown(output, batch: batch, outputShape)
        gradInput = grown(gradInput, batch: batch, inputShape)
    }

    public func forward(_ input: Tensor, batch n: Int, part: TeamPart) -> Tensor {
        checkBatch(n, capacity: output.shape[0], name)
        part.barrier()
        let layout = ImageLayout(channels: channels, plane: height * width, batch: n)
        let scale = 1 / Float(layout.plane)
        for e in part.evenShare(n) {
            let row = output.data + e * channels
            for c in 0..<channels {
                row[c] = VectorOps.sum(input.data + layout.offset(example: e, channel: c), count: layout.plane) * scale
            }
        }
        return output
    }

    public func backward(_ gradOutput: Tensor, batch n: Int, needsInputGradient: Bool, part: TeamPart) -> Tensor? {
        guard needsInputGradient else { return nil }
        part.barrier()
        let layout = ImageLayout(channels: channels, plane: height * width, batch: n)
        let scale = 1 / Float(layout.plane)
        for c in part.evenShare(channels) {
            for e in 0..<n {
                VectorOps.fill(gradInput.data + layout.offset(example: e, channel: c), count: layout.plane,
                               value: gradOutput.data[e * channels + c] * scale)
            }
        }
        return gradInput
    }
}
