/// A trainable tensor and its gradient, registered once with an optimizer.
///
/// For a quantized layer `value` holds the latent weights theta, the only
/// thing the optimizer updates (THEORY section 2), and `grad` holds
/// g_theta = B'(x) * g_w.
///
/// Zeroing is lazy. `zeroGrad()` only marks the gradient as zero; a
/// backward pass that computes the gradient by a product then writes it
/// with beta = 0 instead of clearing 2.7 MB and adding to it (a tenth of the
/// non-product time of a step on the reference MLP). Anyone else who reads
/// `grad` while the mark is set gets real zeros, so the semantics are those
/// of an eager zero-then-accumulate.
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
    private let gradStorage: Tensor
    private var pendingZero = false

    public init(name: String, role: Role, shape: [Int], isBinarized: Bool = false) {
        self.name = name
        self.role = role
        self.isBinarized = isBinarized
        value = Tensor(shape: shape)
        gradStorage = Tensor(shape: shape)
    }

    public var count: Int { value.count }

    /// dLoss/dvalue, accumulated since the last `zeroGrad()`.
    public var grad: Tensor {
        if pendingZero {
            gradStorage.fill(0)
            pendingZero = false
        }
        return gradStorage
    }

    /// Marks the gradient as zero (see the type's discussion).
    public func zeroGrad() { pendingZero = true }

    /// The elements of the rows (first axis) that team member `part` owns:
    /// a dense layer's output features, so a member updates the rows whose
    /// gradient it computed.
    public func rows(for part: TeamPart) -> Range<Int> {
        let rows = value.shape.first ?? 1, rowSize = rows == 0 ? 0 : count / rows
        let r = part.range(rows)
        return (r.lowerBound * rowSize)..<(r.upperBound * rowSize)
    }

    /// For team steps, where several threads read it at once: whether the
    /// gradient counts as zero, leaving the mark as it is.
    var countsAsZero: Bool { pendingZero }

    /// The gradient buffer as stored, mark or no mark (team steps).
    var gradBuffer: Tensor { gradStorage }

    /// Clears the zero mark once a team step has written the whole gradient.
    func markWritten() { pendingZero = false }

    /// For backward passes: the gradient buffer, and whether to add to it
    /// (false: its contents count as zero and are to be overwritten).
    public func gradForUpdate() -> (tensor: Tensor, accumulate: Bool) {
        let accumulate = !pendingZero
        pendingZero = false
        return (gradStorage, accumulate)
    }
}
