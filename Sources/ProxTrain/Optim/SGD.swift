/// Stochastic gradient descent with momentum and L2 weight decay, in PyTorch's form.
///
/// `torch.optim.SGD` (dampening 0, not Nesterov):
///
///     g = grad + weightDecay * theta
///     v = momentum * v + g          (v = g on the first step)
///     theta -= lr * v
///
/// With momentum 0 no velocity is stored or read. Like `Adam`, a team
/// member updates its own rows of every parameter.
public final class SGD: Optimizer {
    public let parameters: [Parameter]
    public var learningRate: Float
    public let momentum: Float
    public let weightDecay: Float
    private let velocity: [Tensor]
    private let buffers: [(theta: UnsafeMutablePointer<Float>, grad: UnsafeMutablePointer<Float>,
                           velocity: UnsafeMutablePointer<Float>?)]
    private var first = true
    public var stepCount = 0

    public init(parameters: [Parameter], learningRate: Float, momentum: Float = 0, weightDecay: Float = 0) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.momentum = momentum
        self.weightDecay = weightDecay
        let velocity = momentum == 0 ? [] : parameters.map { Tensor(shape: $0.value.shape) }
        self.velocity = velocity
        buffers = parameters.indices.map { k in
            (parameters[k].value.data, parameters[k].grad.data, velocity.isEmpty ? nil : velocity[k].data)
        }
    }

    public func state(of index: Int) -> [(name: String, tensor: Tensor)] {
        velocity.isEmpty ? [] : [("momentum_buffer", velocity[index])]
    }

    public func prepareStep() {
        first = stepCount == 0
        stepCount += 1
    }

    public func update(_ k: Int, elements range: Range<Int>) {
        let lr = learningRate, mom = momentum, wd = weightDecay, first = first
        let (theta, g, velocity) = buffers[k]
        guard let v = velocity else {
            for i in range { theta[i] -= lr * g[i].addingProduct(wd, theta[i]) }
            return
        }
        if first {
            for i in range {
                let d = g[i].addingProduct(wd, theta[i])
                v[i] = d
                theta[i] -= lr * d
            }
        } else {
            for i in range {
                let d = g[i].addingProduct(wd, theta[i]).addingProduct(mom, v[i])
                v[i] = d
                theta[i] -= lr * d
            }
        }
    }
}
