// Shapes: input x [C, N, H, W] (channel-major, ImageLayout)   output y [C, N, H/2, W/2]   (odd H or W: the last row/column is dropped)
//   y = (x00 + x01 + x10 + x11) / 4 over each 2x2 window;   dx = dy / 4 on each of the window's pixels, zero elsewhere

/// Average pooling over 2x2 windows with stride 2, as PyTorch's
/// `AvgPool2d(2)`: the residual network's downsampling between stages.
/// Planes are independent, so a team member takes whole planes.
public final class AvgPool2x2: Layer {
    public let channels: Int
    public let height: Int
    public let width: Int
    public let name = "avgpool 2x2"

    public private(set) var output: Tensor
    public private(set) var gradInput: Tensor

    public init(channels: Int, height: Int, width: Int) {
        self.channels = channels
        self.height = height
        self.width = width
        output = Tensor(shape: [0, channels, height / 2, width / 2])
        gradInput = Tensor(shape: [0, channels, height, width])
    }

    public var inputShape: [Int] { [channels, height, width] }
    public var outputShape: [Int] { [channels, height / 2, width / 2] }

    public func prepare(batch: Int) {
        output = grown(output, batch: batch, outputShape)
        gradInput = grown(gradInput, batch: batch, inputShape)
    }

    public func forward(_ input: Tensor, batch n: Int, part: TeamPart) -> Tensor {
        checkBatch(n, capacity: output.shape[0], name)
        part.barrier()
        let w = width, oh = height / 2, ow = width / 2, inPlane = height * width, outPlane = oh * ow
        for p in part.evenShare(n * channels) {
            let xp = input.data + p * inPlane, yp = output.data + p * outPlane
            for oy in 0..<oh {
                let top = xp + 2 * oy * w, bottom = top + w, row = yp + oy * ow
                for ox in 0..<ow {
                    row[ox] = ((top[2 * ox] + top[2 * ox + 1]) + (bottom[2 * ox] + bottom[2 * ox + 1])) * 0.25
                }
            }
        }
        return output
    }

    public func backward(_ gradOutput: Tensor, batch n: Int, needsInputGradient: Bool, part: TeamPart) -> Tensor? {
        guard needsInputGradient else { return nil }
        part.barrier()
        let w = width, oh = height / 2, ow = width / 2, inPlane = height * width, outPlane = oh * ow
        for p in part.evenShare(n * channels) {
            let dyp = gradOutput.data + p * outPlane, dxp = gradInput.data + p * inPlane
            // Odd sizes: the dropped last row and column get no gradient.
            if height % 2 == 1 || width % 2 == 1 { VectorOps.fill(dxp, count: inPlane, value: 0) }
            for oy in 0..<oh {
                let top = dxp + 2 * oy * w, bottom = top + w, row = dyp + oy * ow
                for ox in 0..<ow {
                    let d = row[ox] * 0.25
                    top[2 * ox] = d
                    top[2 * ox + 1] = d
                    bottom[2 * ox] = d
                    bottom[2 * ox + 1] = d
                }
            }
        }
        return gradInput
    }
}
