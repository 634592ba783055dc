/// A trainable tensor and its gradient, registered once with an optimizer.
///
/// For a quantized layer `value` holds the latent weights theta, the only
/// thing the optimizer updates (THEORY section 2), and `grad` holds
/// g_theta = B'(x) * g_w.
public final class Parameter {
    /// What a parameter is, for memory tables and per-role options such as weight decay.
    public enum Role: Sendable {
        case weight
        case bias
        /// BatchNorm's gamma.
        case scale
        /// BatchNorm's beta.
        case shift
    }

    public let name: String
    public let role: Role
    /// True when the deployed network stores this tensor as signs, 1 bit each (THEORY section 7).
    public let isBinarized: Bool
    public let value: Tensor
    public let grad: Tensor

    public init(name: String, role: Role, shape: [Int], isBinarized: Bool = false) {
        self.name = name
        self.role = role
        self.isBinarized = isBinarized
        value = Tensor(shape: shape)
        grad = Tensor(shape: shape)
    }

    public var count: Int { value.count }
}
