// Shapes: input x [N, ...shape]   output y = x   dx = dy

/// The identity, passing its input and gradient through without a copy.
///
/// It is the "no activation" choice of the model builders, so that a model
/// description always has the same stages.
public final class Identity: Layer {
    public let inputShape: [Int]
    public let name = "identity"

    public init(shape: [Int]) { inputShape = shape }

    public var outputShape: [Int] { inputShape }
    public func prepare(batch: Int) {}

    /// Nothing to compute, so nothing to wait for: each member passes its slice on.
    public func forward(_ input: Tensor, batch n: Int, part: TeamPart) -> Tensor { input }

    public func backward(_ gradOutput: Tensor, batch n: Int, needsInputGradient: Bool, part: TeamPart) -> Tensor? {
        needsInputGradient ? gradOutput : nil
    }
}
