// Shapes: input x [C, N, H, W] (channel-major, ImageLayout)   output y [N, C * H * W]
//   y[n, (c, h, w)] = x[c, n, h, w]     backward: the inverse reordering

/// Turns an image batch into rows of features, in PyTorch's (c, h, w)
/// order, so the dense layer after it has PyTorch's weight layout.
///
/// Images travel channel-major between layers (`ImageLayout`), rows
/// example-major, so this is a reordering of whole planes; with one
/// channel the two orders are the same bytes and it passes its input on
/// without moving data. A team member reorders its share of the examples.
public final class Flatten: Layer {
    public let inputShape: [Int]
    public let name = "flatten"
    private let reorder: PlaneReorder

    public init(shape: [Int]) {
        inputShape = shape
        reorder = PlaneReorder(shape: shape, toChannelMajor: false)
    }

    public var outputShape: [Int] { [inputShape.reduce(1, *)] }
    public func prepare(batch: Int) { reorder.prepare(batch: batch) }

    public func forward(_ input: Tensor, batch n: Int, part: TeamPart) -> Tensor {
        reorder.forward(input, batch: n, part: part)
    }

    public func backward(_ gradOutput: Tensor, batch n: Int, needsInputGradient: Bool, part: TeamPart) -> Tensor? {
        needsInputGradient ? reorder.backward(gradOutput, batch: n, part: part) : nil
    }
}
