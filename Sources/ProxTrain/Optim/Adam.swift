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
/// multiply-adds, one square root and one division, and vectorizes; the
/// square root is `FastMath.squareRoot` (the IEEE one), because
/// `Float.squareRoot()` keeps the loop scalar on Linux. In a team step each
/// member updates its own rows of every parameter.
public final class Adam: Optimizer {
    public let parameters: [Parameter]
    public var learningRate: Float
    public let beta1: Float
    public let beta2: Float
    public let eps: Float
    public let weightDecay: Float
    /// Steps taken so far (t in the bias corrections).
    public var stepCount = 0
    private let m: [Tensor]
    private let v: [Tensor]
    /// Per parameter: theta, gradient, m, v.
    private let buffers: [(theta: UnsafeMutablePointer<Float>, grad: UnsafeMutablePointer<Float>,
                           m: UnsafeMutablePointer<Float>, v: UnsafeMutablePointer<Float>)]
    /// This step's lr / (1 - beta1^t) and 1 / sqrt(1 - beta2^t).
    private var stepSize: Float = 0
    private var invSqrtCorrection2: Float = 0

    public init(parameters: [Parameter], learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999,
                eps: Float = 1e-8, weightDecay: Float = 0) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        self.weightDecay = weightDecay
        let m = parameters.map { Tensor(shape: $0.value.shape) }
        let v = parameters.map { Tensor(shape: $0.value.shape) }
        self.m = m
        self.v = v
        buffers = parameters.indices.map { k in (parameters[k].value.data, parameters[k].grad.data, m[k].data, v[k].data) }
    }

    public func state(of index: Int) -> [(name: String, tensor: Tensor)] {
        [("exp_avg", m[index]), ("exp_avg_sq", v[index])]
    }

    public func prepareStep() {
        stepCount += 1
        let t = Double(stepCount)
        // Bias corrections in Double: beta2^t is 1 - 1e-3 t for small t, where Float loses digits.
        let correction1 = 1 - pow(Double(beta1), t)
        let correction2 = 1 - pow(Double(beta2), t)
        stepSize = Float(Double(learningRate) / correction1)
        invSqrtCorrection2 = Float(1 / correction2.squareRoot())
    }

    public func update(_ k: Int, elements range: Range<Int>) {
        let b1 = beta1, b2 = beta2, c1 = 1 - beta1, c2 = 1 - beta2, eps = eps, wd = weightDecay
        let stepSize = stepSize, inv = invSqrtCorrection2
        let (theta, g, mp, vp) = buffers[k]
        // Fused multiply-adds: Swift does not contract a * b + c on its own.
        // Without weight decay the loop skips reading theta into g.
        if wd == 0 {
            for i in range {
                let gi = g[i]
                let mi = (b1 * mp[i]).addingProduct(c1, gi)
                let vi = (b2 * vp[i]).addingProduct(c2 * gi, gi)
                mp[i] = mi
                vp[i] = vi
                theta[i] -= stepSize * mi / eps.addingProduct(FastMath.squareRoot(vi), inv)
            }
        } else {
            for i in range {
                let gi = g[i].addingProduct(wd, theta[i])
                let mi = (b1 * mp[i]).addingProduct(c1, gi)
                let vi = (b2 * vp[i]).addingProduct(c2 * gi, gi)
                mp[i] = mi
                vp[i] = vi
                theta[i] -= stepSize * mi / eps.addingProduct(FastMath.squareRoot(vi), inv)
            }
        }
    }
}
