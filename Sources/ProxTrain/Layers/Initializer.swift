import ProxCore

/// How a layer's weights (and bias) start, drawn from a seeded `SplitMix64`.
///
/// fan_in is the number of inputs feeding one output (in, or Cin * 9 for a
/// 3x3 convolution) and fan_out the number of outputs one input feeds.
///
/// - `glorotUniform`: U(-a, a), a = sqrt(6 / (fan_in + fan_out)) (Glorot and
///   Bengio 2010), keeping activation and gradient variance equal for tanh.
/// - `heUniform`: U(-a, a), a = sqrt(6 / fan_in); `heNormal`: N(0, 2 / fan_in)
///   (He et al. 2015), the variance a ReLU halves.
/// - `torchDefault`: PyTorch's `nn.Linear`/`nn.Conv2d` default,
///   kaiming_uniform with a = sqrt(5), which is U(-1/sqrt(fan_in), 1/sqrt(fan_in)),
///   and the same bound for the bias. The accuracy target compares with a
///   PyTorch reference, so this is what the reference MLP uses.
///
/// Biases start at zero except under `torchDefault`.
public enum Initializer: Sendable, Equatable {
    case glorotUniform
    case heUniform
    case heNormal
    case torchDefault
    /// U(-bound, bound), for tests and tools.
    case uniform(Float)

    /// Fills `weights` with draws from this scheme.
    public func fill(_ weights: Tensor, fanIn: Int, fanOut: Int, rng: inout SplitMix64) {
        let w = weights.data
        switch self {
        case .heNormal:
            let std = (2.0 / Double(fanIn)).squareRoot()
            for i in 0..<weights.count { w[i] = Float(rng.nextGaussian() * std) }
        default:
            let bound = uniformBound(fanIn: fanIn, fanOut: fanOut)
            for i in 0..<weights.count { w[i] = (2 * rng.nextUnitFloat() - 1) * bound }
        }
    }

    /// Fills `bias` (zero unless the scheme draws it, as PyTorch's default does).
    public func fillBias(_ bias: Tensor, fanIn: Int, rng: inout SplitMix64) {
        guard self == .torchDefault else { bias.fill(0); return }
        let bound = 1 / Float(fanIn).squareRoot()
        let b = bias.data
        for i in 0..<bias.count { b[i] = (2 * rng.nextUnitFloat() - 1) * bound }
    }

    /// The half-width of the uniform schemes.
    public func uniformBound(fanIn: Int, fanOut: Int) -> Float {
        switch self {
        case .glorotUniform: return (6 / Float(fanIn + fanOut)).squareRoot()
        case .heUniform: return (6 / Float(fanIn)).squareRoot()
        case .heNormal: return .infinity
        case .torchDefault: return 1 / Float(fanIn).squareRoot()
        case .uniform(let bound): return bound
        }
    }
}
