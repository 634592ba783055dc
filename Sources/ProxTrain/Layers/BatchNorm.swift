// Shapes (N = batch, C = features):
//   input x [N, C]   gamma, beta [C]   running mean/var [C]   output y [N, C]
//   training:   mean_c = sum_n x / N,  var_c = sum_n (x - mean)^2 / N
//               xhat = (x - mean) / sqrt(var + eps),  y = gamma xhat + beta
//   evaluation: the same with the running mean and variance
//   backward:   dgamma += sum_n dy xhat,  dbeta += sum_n dy
//               dx = gamma / sqrt(var + eps) * (dy - mean_n(dy) - xhat mean_n(dy xhat))

/// Batch normalization over features (Ioffe and Szegedy 2015), as PyTorch's `BatchNorm1d`.
///
/// PyTorch semantics, because the accuracy target compares with it:
/// normalization uses the biased batch variance, the running variance is
/// updated with the unbiased one (times N / (N - 1)), momentum 0.1 weights the
/// new statistic, eps = 1e-5, running stats start at mean 0 and variance 1.
///
/// Memory layout: a row is one example's C features, so every pass walks
/// rows and vectorizes across C; per-feature sums live in C-length scratch
/// vectors rather than being reduced along a strided column.
public final class BatchNorm: Normalization {
    public let features: Int
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
    /// Per-feature scratch: mean and 1/sqrt(var + eps) of the last forward pass, two sums, a coefficient.
    private let mean: Tensor, invStd: Tensor, scratch: Tensor, sums: Tensor, coef: Tensor

    public init(_ features: Int, momentum: Float = 0.1, eps: Float = 1e-5, name: String? = nil) {
        self.features = features
        self.momentum = momentum
        self.eps = eps
        gamma = Parameter(name: "gamma", role: .scale, shape: [features])
        beta = Parameter(name: "beta", role: .shift, shape: [features])
        gamma.value.fill(1)
        runningMean = Tensor(shape: [features])
        runningVar = Tensor(shape: [features])
        runningVar.fill(1)
        mean = Tensor(shape: [features])
        invStd = Tensor(shape: [features])
        scratch = Tensor(shape: [features])
        sums = Tensor(shape: [features])
        coef = Tensor(shape: [features])
        self.name = name ?? "batchnorm \(features)"
        xhat = Tensor(shape: [0, features])
        output = Tensor(shape: [0, features])
        gradInput = Tensor(shape: [0, features])
    }

    public var inputShape: [Int] { [features] }
    public var outputShape: [Int] { [features] }
    public var parameters: [Parameter] { [gamma, beta] }
    public var stateCount: Int { 2 * features }
    public var buffers: [(name: String, tensor: Tensor)] { [("running_mean", runningMean), ("running_var", runningVar)] }
    public func setTraining(_ training: Bool) { isTraining = training }

    func prepare(batch: Int, ownOutput: Bool) {
        xhat = grown(xhat, batch: batch, [features])
        if ownOutput { output = grown(output, batch: batch, [features]) }
        gradInput = grown(gradInput, batch: batch, [features])
    }

    /// Feature by feature, so a team member normalizes its own slice of the
    /// features with no barrier.
    func normalize(_ input: Tensor, batch n: Int, part: TeamPart, into result: Tensor, rectifying: Bool) -> Tensor {
        checkBatch(n, capacity: xhat.shape[0], name)
        let c = features, f = part.range(features)
        let x = input.data, xh = xhat.data, y = result.data
        let m = mean.data, s = invStd.data, v = scratch.data
        if isTraining {
            precondition(n > 1, "\(name): training mode needs more than one example per batch")
            // Pass 1: mean. Pass 2: biased variance about it (two passes: no cancellation).
            for j in f { m[j] = 0 }
            for r in 0..<n { let row = x + r * c; for j in f { m[j] += row[j] } }
            let invN = 1 / Float(n)
            for j in f { m[j] *= invN }
            for j in f { v[j] = 0 }
            for r in 0..<n {
                let row = x + r * c
                for j in f { let d = row[j] - m[j]; v[j] += d * d }
            }
            let rm = runningMean.data, rv = runningVar.data
            let mom = momentum, eps = eps, unbias = Float(n) / Float(n - 1)
            for j in f {
                let variance = v[j] * invN
                s[j] = 1 / (variance + eps).squareRoot()
                rm[j] = (1 - mom) * rm[j] + mom * m[j]
                rv[j] = (1 - mom) * rv[j] + mom * variance * unbias
            }
        } else {
            let rm = runningMean.data, rv = runningVar.data, eps = eps
            for j in f {
                m[j] = rm[j]
                s[j] = 1 / (rv[j] + eps).squareRoot()
            }
        }
        // Pass 3: normalize, scale and shift (and rectify); keep xhat for backward.
        let g = gamma.value.data, b = beta.value.data
        if rectifying {
            for r in 0..<n {
                let row = x + r * c, hrow = xh + r * c, yrow = y + r * c
                for j in f {
                    let h = (row[j] - m[j]) * s[j]
                    hrow[j] = h
                    yrow[j] = max(g[j] * h + b[j], 0)
                }
            }
        } else {
            for r in 0..<n {
                let row = x + r * c, hrow = xh + r * c, yrow = y + r * c
                for j in f {
                    let h = (row[j] - m[j]) * s[j]
                    hrow[j] = h
                    yrow[j] = g[j] * h + b[j]
                }
            }
        }
        return result
    }

    /// Feature by feature, like the forward pass.
    func backward(_ gradOutput: Tensor, batch n: Int, needsInputGradient: Bool, part: TeamPart,
                  mask rectified: Tensor?) -> Tensor? {
        let c = features, f = part.range(features)
        let dy = gradOutput.data, xh = xhat.data
        let sumDy = sums.data, sumDyX = scratch.data, s = invStd.data, k = coef.data
        // Fused with the ReLU: dy here is the gradient of the rectified
        // output, masked by it on the fly (the mask reads dy itself when not fused).
        let fused = rectified != nil, mask = rectified?.data ?? dy
        // Pass 1: per-feature sums of dy and dy * xhat.
        for j in f { sumDy[j] = 0; sumDyX[j] = 0 }
        for r in 0..<n {
            let drow = dy + r * c, hrow = xh + r * c, mrow = mask + r * c
            for j in f {
                let d = fused ? (mrow[j] > 0 ? drow[j] : 0) : drow[j]
                sumDy[j] += d
                sumDyX[j] += d * hrow[j]
            }
        }
        let (dgTensor, addG) = gamma.gradient.target, (dbTensor, addB) = beta.gradient.target
        let dg = dgTensor.data, db = dbTensor.data
        for j in f {
            accumulate(dg, j, sumDyX[j], addG)
            accumulate(db, j, sumDy[j], addB)
        }
        guard needsInputGradient else { return nil }
        // Pass 2: dx. In evaluation mode the statistics are constants, so dx = gamma * invStd * dy.
        let g = gamma.value.data, dx = gradInput.data
        let invN = isTraining ? 1 / Float(n) : 0
        for j in f {
            sumDy[j] *= invN
            sumDyX[j] *= invN
            k[j] = s[j] * g[j]
        }
        for r in 0..<n {
            let drow = dy + r * c, hrow = xh + r * c, xrow = dx + r * c, mrow = mask + r * c
            for j in f {
                let d = fused ? (mrow[j] > 0 ? drow[j] : 0) : drow[j]
                xrow[j] = k[j] * (d - sumDy[j] - hrow[j] * sumDyX[j])
            }
        }
        return gradInput
    }
}
