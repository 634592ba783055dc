import Foundation

/// Adam (Kingma and Ba 2015) with PyTorch's arithmetic, because the accuracy target compares with it.
///
/// `torch.optim.Adam` (not AdamW; weightDecay is L2 added to the gradient):
///
///     g = grad + weightDecay * theta
///     m = beta1 m + (1 - beta1) g
///     v = beta2 v + (1 - beta2) g^2
///     theta -= (lr / (1 - beta1^t)) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
///
/// eps is added after the square root of the bias-corrected v, as in PyTorch.
/// The per-step scalars are computed once, so the element loop is
/// multiply-adds, one square root and one division, and vectorizes.
public final class Adam: Optimizer {
    public let parameters: [Parameter]
    public var learningRate: Float
    public let beta1: Float
    public let beta2: Float
    public let eps: Float
    public let weightDecay: Float
    /// Steps taken so far (t in the bias corrections).
    public private(set) var stepCount = 0
    private let m: [Tensor]
    private let v: [Tensor]

    public init(parameters: [Parameter], learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999,
                eps: Float = 1e-8, weightDecay: Float = 0) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        self.weightDecay = weightDecay
        m = parameters.map { Tensor(shape: $0.value.shape) }
        v = parameters.map { Tensor(shape: $0.value.shape) }
    }

    public func step() {
        stepCount += 1
        let t = Double(stepCount)
        // Bias corrections in Double: beta2^t is 1 - 1e-3 t for small t, where Float loses digits.
        let correction1 = 1 - pow(Double(beta1), t)
        let correction2 = 1 - pow(Double(beta2), t)
        let stepSize = Float(Double(learningRate) / correction1)
        let invSqrtCorrection2 = Float(1 / correction2.squareRoot())
        let b1 = beta1, b2 = beta2, c1 = 1 - beta1, c2 = 1 - beta2, eps = eps, wd = weightDecay
        for (index, p) in parameters.enumerated() {
            let theta = p.value.data, g = p.grad.data, n = p.count
            let mp = m[index].data, vp = v[index].data
            for i in 0..<n {
                let gi = g[i] + wd * theta[i]
                let mi = b1 * mp[i] + c1 * gi
                let vi = b2 * vp[i] + c2 * gi * gi
                mp[i] = mi
                vp[i] = vi
                theta[i] -= stepSize * mi / (vi.squareRoot() * invSqrtCorrection2 + eps)
            }
        }
    }
}
