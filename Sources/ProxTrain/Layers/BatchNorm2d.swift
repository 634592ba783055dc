// Shapes (N = batch, C = channels, S = H * W; images channel-major, ImageLayout):
//   input x [C, N, H, W]   gamma, beta [C]   running mean/var [C]   output y [C, N, H, W]
//   statistics per channel over the N * S values of that channel; otherwise
//   the formulas of BatchNorm.swift with N replaced by N * S.

/// Batch normalization per channel of an image batch, as PyTorch's `BatchNorm2d`.
///
/// Same semantics as `BatchNorm` (biased variance to normalize, unbiased
/// variance times momentum 0.1 into the running estimate, eps = 1e-5). A
/// channel of the whole batch is one contiguous block (`ImageLayout`), so
/// its statistics are two SIMD reductions and the normalization is one
/// straight loop. A team member takes whole channels: every
/// statistic is computed by one member, in the same order whatever the
/// team size.
public final class BatchNorm2d: Normalization {
    public let channels: Int
    public let height: Int
    public let width: Int
    public let momentum: Float
    public let eps: Float
    public let gamma: Parameter
    public let beta: Parameter
    public let runningMean: Tensor
    public let runningVar: Tensor
    public let name: String
    public private(set) var isTraining = true

    private var xhat: Tensor
    public private(set) var output: Tensor
    public private(set) var gradInput: Tensor
    private let mean: Tensor, invStd: Tensor

    public init(channels: Int, height: Int, width: Int, momentum: Float = 0.1, eps: Float = 1e-5,
                name: String? = nil) {
        self.channels = channels
        self.height = height
        self.width = width
        self.momentum = momentum
        self.eps = eps
        gamma = Parameter(name: "gamma", role: .scale, shape: [channels])
        beta = Parameter(name: "beta", role: .shift, shape: [channels])
        gamma.value.fill(1)
        runningMean = Tensor(shape: [channels])
        runningVar = Tensor(shape: [channels])
        runningVar.fill(1)
        mean = Tensor(shape: [channels])
        invStd = Tensor(shape: [channels])
        self.name = name ?? "batchnorm2d \(channels)"
        xhat = Tensor(shape: [0, channels, height, width])
        output = Tensor(shape: [0, channels, height, width])
        gradInput = Tensor(shape: [0, channels, height, width])
    }

    public var inputShape: [Int] { [channels, height, width] }
    public var outputShape: [Int] { [channels, height, width] }
    public var parameters: [Parameter] { [gamma, beta] }
    public var stateCount: Int { 2 * channels }
    public var buffers: [(name: String, tensor: Tensor)] { [("running_mean", runningMean), ("running_var", runningVar)] }
    public func setTraining(_ training: Bool) { isTraining = training }

    func prepare(batch: Int, ownOutput: Bool) {
        xhat = grown(xhat, batch: batch, inputShape)
        if ownOutput { output = grown(output, batch: batch, inputShape) }
        gradInput = grown(gradInput, batch: batch, inputShape)
    }

    func normalize(_ input: Tensor, batch n: Int, part: TeamPart, into result: Tensor, rectifying: Bool) -> Tensor {
        checkBatch(n, capacity: xhat.shape[0], name)
        let layout = ImageLayout(channels: channels, plane: height * width, batch: n)
        let count = layout.blockSize, mine = part.evenShare(channels)
        let m = mean.data, s = invStd.data
        part.barrier()
        if isTraining {
            precondition(count > 1, "\(name): training mode needs more than one value per channel")
            let invCount = 1 / Float(count), unbias = Float(count) / Float(count - 1)
            let rm = runningMean.data, rv = runningVar.data, mom = momentum, eps = eps
            for j in mine {
                let xp = input.data + layout.block(channel: j)
                let mu = VectorOps.sum(xp, count: count) * invCount
                let variance = VectorOps.sumOfSquares(xp, about: mu, count: count) * invCount
                m[j] = mu
                s[j] = 1 / (variance + eps).squareRoot()
                rm[j] = (1 - mom) * rm[j] + mom * mu
                rv[j] = (1 - mom) * rv[j] + mom * variance * unbias
            }
        } else {
            let rm = runningMean.data, rv = runningVar.data, eps = eps
            for j in mine {
                m[j] = rm[j]
                s[j] = 1 / (rv[j] + eps).squareRoot()
            }
        }
        let g = gamma.value.data, b = beta.value.data
        for j in mine {
            let off = layout.block(channel: j)
            let xp = input.data + off, hp = xhat.data + off, yp = result.data + off
            let mu = m[j], inv = s[j], gj = g[j], bj = b[j]
            if rectifying {
                for i in 0..<count {
                    let h = (xp[i] - mu) * inv
                    hp[i] = h
                    yp[i] = max(gj * h + bj, 0)
                }
            } else {
                for i in 0..<count {
                    let h = (xp[i] - mu) * inv
                    hp[i] = h
                    yp[i] = gj * h + bj
                }
            }
        }
        return result
    }

    /// Channel by channel, like the forward pass; with a mask (fused with
    /// the ReLU after it) the incoming gradient counts only where the
    /// rectified output is positive.
    func backward(_ gradOutput: Tensor, batch n: Int, needsInputGradient: Bool, part: TeamPart,
                  mask rectified: Tensor?) -> Tensor? {
        let layout = ImageLayout(channels: channels, plane: height * width, batch: n)
        let count = layout.blockSize, mine = part.evenShare(channels)
        let (dgTensor, addG) = gamma.gradient.target, (dbTensor, addB) = beta.gradient.target
        let dg = dgTensor.data, db = dbTensor.data
        let g = gamma.value.data, s = invStd.data
        // Evaluation mode: the statistics are constants, so dx = gamma * invStd * dy.
        let invCount = isTraining ? 1 / Float(count) : 0
        part.barrier()
        for j in mine {
            let off = layout.block(channel: j)
            let dp = gradOutput.data + off, hp = xhat.data + off, xp = gradInput.data + off
            let (sumDy, sumDyX) = rectified.map { VectorOps.maskedSums(dp, hp, mask: $0.data + off, count: count) }
                ?? (VectorOps.sum(dp, count: count), VectorOps.dot(dp, hp, count: count))
            accumulate(dg, j, sumDyX, addG)
            accumulate(db, j, sumDy, addB)
            guard needsInputGradient else { continue }
            let k = g[j] * s[j], a = sumDy * invCount, b = sumDyX * invCount
            if let rectified {
                let mp = rectified.data + off
                for i in 0..<count { xp[i] = k * ((mp[i] > 0 ? dp[i] : 0) - a - hp[i] * b) }
            } else {
                for i in 0..<count { xp[i] = k * (dp[i] - a - hp[i] * b) }
            }
        }
        return needsInputGradient ? gradInput : nil
    }
}
