/// Stochastic gradient descent with momentum and L2 weight decay, in PyTorch's form.
///
/// `torch.optim.SGD` (dampening 0, not Nesterov):
///
///     g = grad + weightDecay * theta
///     v = momentum * v + g          (v = g on the first step)
///     theta -= lr * v
///
/// With momentum 0 no velocity is stored or read.
public final class SGD: Optimizer {
    public let parameters: [Parameter]
    public var learningRate: Float
    public let momentum: Float
    public let weightDecay: Float
    private let velocity: [Tensor]
    private var started = false

    public init(parameters: [Parameter], learningRate: Float, momentum: Float = 0, weightDecay: Float = 0) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.momentum = momentum
        self.weightDecay = weightDecay
        velocity = momentum == 0 ? [] : parameters.map { Tensor(shape: $0.value.shape) }
    }

    public func step() {
        let lr = learningRate, mom = momentum, wd = weightDecay
        let first = !started
        started = true
        for (index, p) in parameters.enumerated() {
            let theta = p.value.data, g = p.grad.data, n = p.count
            if mom == 0 {
                for i in 0..<n { theta[i] -= lr * (g[i] + wd * theta[i]) }
            } else {
                let v = velocity[index].data
                if first {
                    for i in 0..<n {
                        let d = g[i] + wd * theta[i]
                        v[i] = d
                        theta[i] -= lr * d
                    }
                } else {
                    for i in 0..<n {
                        let d = mom * v[i] + (g[i] + wd * theta[i])
                        v[i] = d
                        theta[i] -= lr * d
                    }
                }
            }
        }
    }
}
