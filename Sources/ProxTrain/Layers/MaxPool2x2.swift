// Shapes: input x [C, N, H, W] (channel-major, ImageLayout)   output y [C, N, H/2, W/2]   (odd H or W: the last row/column is dropped)
//   y = max over each 2x2 window;   dx[argmax] += dy, zero elsewhere

/// Max-pooling over 2x2 windows with stride 2, as PyTorch's `MaxPool2d(2)`.
///
/// The forward pass records, per output, which of the window's pixels won
/// (the first one in row-major order on ties), so backward routes each
/// gradient to exactly that pixel without comparing again. Planes are
/// independent, so a team member takes whole planes.
public final class MaxPool2x2: Layer {
    public let channels: Int
    public let height: Int
    public let width: Int
    public let name = "maxpool 2x2"

    public private(set) var output: Tensor
    public private(set) var gradInput: Tensor
    /// Flat index in the input plane of each output's maximum.
    private var argmax: UnsafeMutablePointer<Int32>
    private var argmaxCapacity = 0

    public init(channels: Int, height: Int, width: Int) {
        self.channels = channels
        self.height = height
        self.width = width
        output = Tensor(shape: [0, channels, height / 2, width / 2])
        gradInput = Tensor(shape: [0, channels, height, width])
        argmax = .allocate(capacity: 1)
    }

    deinit { argmax.deallocate() }

    public var inputShape: [Int] { [channels, height, width] }
    public var outputShape: [Int] { [channels, height / 2, width / 2] }

    public func prepare(batch: Int) {
        output = grown(output, batch: batch, outputShape)
        gradInput = grown(gradInput, batch: batch, inputShape)
        let needed = batch * channels * (height / 2) * (width / 2)
        if needed > argmaxCapacity {
            argmax.deallocate()
            argmax = .allocate(capacity: max(needed, 1))
            argmaxCapacity = needed
        }
    }

    public func forward(_ input: Tensor, batch n: Int, part: TeamPart) -> Tensor {
        checkBatch(n, capacity: output.shape[0], name)
        part.barrier()
        let w = width, oh = height / 2, ow = width / 2
        let inPlane = height * width, outPlane = oh * ow
        let x = input.data, y = output.data, arg = argmax
        for p in part.evenShare(n * channels) {
            let xp = x + p * inPlane, yp = y + p * outPlane, ap = arg + p * outPlane
            for oy in 0..<oh {
                for ox in 0..<ow {
                    let i0 = 2 * oy * w + 2 * ox
                    var best = i0, value = xp[i0]
                    if xp[i0 + 1] > value { best = i0 + 1; value = xp[best] }
                    if xp[i0 + w] > value { best = i0 + w; value = xp[best] }
                    if xp[i0 + w + 1] > value { best = i0 + w + 1; value = xp[best] }
                    yp[oy * ow + ox] = value
                    ap[oy * ow + ox] = Int32(best)
                }
            }
        }
        return output
    }

    public func backward(_ gradOutput: Tensor, batch n: Int, needsInputGradient: Bool, part: TeamPart) -> Tensor? {
        guard needsInputGradient else { return nil }
        part.barrier()
        let inPlane = height * width, outPlane = (height / 2) * (width / 2)
        let dy = gradOutput.data, dx = gradInput.data, arg = argmax
        for p in part.evenShare(n * channels) {
            VectorOps.fill(dx + p * inPlane, count: inPlane, value: 0)
            let dyp = dy + p * outPlane, dxp = dx + p * inPlane, ap = arg + p * outPlane
            for i in 0..<outPlane { dxp[Int(ap[i])] += dyp[i] }
        }
        return gradInput
    }
}
