// Shapes: input x [N, C, H, W]   output y [N, C * H * W] (the same storage)

/// Reinterprets an image batch as rows of features, without moving data.
///
/// A tensor is storage plus a capacity shape; each layer reads its input by
/// its own per-example shape, and NCHW rows are already contiguous, so
/// flattening is only a change of the declared shape between layers.
public final class Flatten: Layer {
    public let inputShape: [Int]
    public let name = "flatten"

    public init(shape: [Int]) { inputShape = shape }

    public var outputShape: [Int] { [inputShape.reduce(1, *)] }
    public func prepare(batch: Int) {}
    public func forward(_ input: Tensor, batch n: Int, part: TeamPart) -> Tensor { input }
    public func backward(_ gradOutput: Tensor, batch n: Int, needsInputGradient: Bool, part: TeamPart) -> Tensor? {
        needsInputGradient ? gradOutput : nil
    }
}
