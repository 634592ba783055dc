/// A trainable tensor and its gradient, registered once with an optimizer.
///
/// For a quantized layer `value` holds the latent weights theta, the only
/// thing the optimizer updates (docs/THEORY.md section 2), and `grad` holds
/// g_theta = B'(x) * g_w.
///
/// Its gradient is zeroed lazily (`LazyGradient`).
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
    /// True when the deployed network stores this tensor as signs, 1 bit each (docs/THEORY.md section 7).
    public let isBinarized: Bool
    public let value: Tensor
    /// dLoss/dvalue and its zero mark.
    let gradient: LazyGradient

    public init(name: String, role: Role, shape: [Int], isBinarized: Bool = false) {
        self.name = name
        self.role = role
        self.isBinarized = isBinarized
        value = Tensor(shape: shape)
        gradient = LazyGradient(shape: shape)
    }

    public var count: Int { value.count }

    /// dLoss/dvalue, accumulated since the last `zeroGrad()`.
    public var grad: Tensor { gradient.materialized }

    /// Marks the gradient as zero (see `LazyGradient`).
    public func zeroGrad() { gradient.zero() }

    /// The elements of the rows (first axis) that team member `part` owns:
    /// a dense layer's output features, so a member updates the rows whose
    /// gradient it computed.
    public func rows(for part: TeamPart) -> Range<Int> {
        let rows = value.shape.first ?? 1, rowSize = rows == 0 ? 0 : count / rows
        let r = part.range(rows)
        return (r.lowerBound * rowSize)..<(r.upperBound * rowSize)
    }
}
