// Shapes (N = batch, C = channels, S = H * W):
//   input x [N, C, H, W]   gamma, beta [C]   running mean/var [C]   output y [N, C, H, W]
//   statistics per channel over the N * S values of that channel; otherwise
//   the formulas of BatchNorm.swift with N replaced by N * S.

/// Batch normalization per channel of an image batch, as PyTorch's `BatchNorm2d`.
///
/// Same semantics as `BatchNorm` (biased variance to normalize, unbiased
/// variance times momentum 0.1 into the running estimate, eps = 1e-5). In
/// NCHW layout one channel of one example is a contiguous plane, so the
/// statistics are SIMD reductions over planes and the normalization is a
/// straight loop per plane.
public final class BatchNorm2d: Layer {
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
    private let mean: Tensor, invStd: Tensor, sumDy: Tensor, sumDyX: Tensor

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
        sumDy = Tensor(shape: [channels])
        sumDyX = Tensor(shape: [channels])
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

    public func prepare(batch: Int) {
        xhat = grown(xhat, batch: batch, inputShape)
        output = grown(output, batch: batch, inputShape)
        gradInput = grown(gradInput, batch: batch, inputShape)
    }

    public func forward(_ input: Tensor, batch n: Int) -> Tensor {
        checkBatch(n, capacity: output.shape[0], name)
        let c = channels, plane = height * width
        let x = input.data, xh = xhat.data, y = output.data
        let m = mean.data, s = invStd.data
        if isTraining {
            let count = n * plane
            precondition(count > 1, "\(name): training mode needs more than one value per channel")
            let invCount = 1 / Float(count), unbias = Float(count) / Float(count - 1)
            let rm = runningMean.data, rv = runningVar.data, mom = momentum, eps = eps
            for j in 0..<c {
                var total: Float = 0
                for r in 0..<n { total += VectorOps.sum(x + (r * c + j) * plane, count: plane) }
                let mu = total * invCount
                var squares: Float = 0
                for r in 0..<n { squares += VectorOps.sumOfSquares(x + (r * c + j) * plane, about: mu, count: plane) }
                let variance = squares * invCount
                m[j] = mu
                s[j] = 1 / (variance + eps).squareRoot()
                rm[j] = (1 - mom) * rm[j] + mom * mu
                rv[j] = (1 - mom) * rv[j] + mom * variance * unbias
            }
        } else {
            let rm = runningMean.data, rv = runningVar.data, eps = eps
            for j in 0..<c {
                m[j] = rm[j]
                s[j] = 1 / (rv[j] + eps).squareRoot()
            }
        }
        let g = gamma.value.data, b = beta.value.data
        for r in 0..<n {
            for j in 0..<c {
                let off = (r * c + j) * plane
                let xp = x + off, hp = xh + off, yp = y + off
                let mu = m[j], inv = s[j], gj = g[j], bj = b[j]
                for i in 0..<plane {
                    let h = (xp[i] - mu) * inv
                    hp[i] = h
                    yp[i] = gj * h + bj
                }
            }
        }
        return output
    }

    public func backward(_ gradOutput: Tensor, batch n: Int, needsInputGradient: Bool) -> Tensor? {
        let c = channels, plane = height * width
        let dy = gradOutput.data, xh = xhat.data
        let sdy = sumDy.data, sdx = sumDyX.data
        VectorOps.fill(sdy, count: c, value: 0)
        VectorOps.fill(sdx, count: c, value: 0)
        for r in 0..<n {
            for j in 0..<c {
                let off = (r * c + j) * plane
                sdy[j] += VectorOps.sum(dy + off, count: plane)
                sdx[j] += VectorOps.dot(dy + off, xh + off, count: plane)
            }
        }
        let (gammaGrad, addG) = gamma.gradForUpdate(), (betaGrad, addB) = beta.gradForUpdate()
        let dg = gammaGrad.data, db = betaGrad.data
        for j in 0..<c {
            accumulate(dg, j, sdx[j], addG)
            accumulate(db, j, sdy[j], addB)
        }
        guard needsInputGradient else { return nil }
        let g = gamma.value.data, s = invStd.data, dx = gradInput.data
        // Evaluation mode: the statistics are constants, so dx = gamma * invStd * dy.
        let invCount = isTraining ? 1 / Float(n * plane) : 0
        for r in 0..<n {
            for j in 0..<c {
                let off = (r * c + j) * plane
                let dp = dy + off, hp = xh + off, xp = dx + off
                let k = g[j] * s[j], a = sdy[j] * invCount, b = sdx[j] * invCount
                for i in 0..<plane { xp[i] = k * (dp[i] - a - hp[i] * b) }
            }
        }
        return gradInput
    }
}
