// Shapes: input x [C, N, H, W] (channel-major, ImageLayout)   output y [C', N, H, W]
//   y = body(x) + shortcut(x)   (shortcut: the identity when it has no layers, then C' = C)
//   backward: dx = body'(x)^T dy + shortcut'(x)^T dy

/// A residual unit: a short chain of layers (the body) with a shortcut
/// around it, its output the sum of the two paths (He et al. 2016; the
/// Bi-Real Net form, Liu et al. 2018, puts one around every binarized
/// convolution so that real-valued activations flow past the signs).
///
/// The unit is one layer that contains its sub-layers: a `Sequential`
/// runs it like any other layer, and its parameters, memory rows and
/// checkpoint names are those of its sub-layers (`sublayers`: the body's,
/// then the shortcut's). A batch norm followed by a ReLU inside either path
/// runs fused, as in a `Sequential`. The add splits like any element-wise
/// pass over images (`ElementwiseSpans`).
public final class Residual: Layer {
    /// The main path, e.g. [relu, conv3x3 (binary), batchnorm2d].
    public let body: [any Layer]
    /// The shortcut; empty for the identity, e.g. [conv1x1, batchnorm2d] where the width changes.
    public let shortcut: [any Layer]
    public let name: String
    private let bodySteps: [any Layer], shortcutSteps: [any Layer]
    public private(set) var output: Tensor
    public private(set) var gradInput: Tensor

    public init(body: [any Layer], shortcut: [any Layer] = []) {
        precondition(!body.isEmpty, "a residual unit needs a body")
        for path in [body, shortcut] {
            for (a, b) in zip(path, path.dropFirst()) {
                precondition(a.outputShape == b.inputShape, "\(a.name) gives \(a.outputShape) but \(b.name) expects \(b.inputShape)")
            }
        }
        let inShape = body[0].inputShape, outShape = body[body.count - 1].outputShape
        precondition((shortcut.first?.inputShape ?? outShape) == inShape && (shortcut.last?.outputShape ?? inShape) == outShape,
                     "residual: the shortcut must map \(inShape) to \(outShape)")
        self.body = body
        self.shortcut = shortcut
        bodySteps = BatchNormReLU.fusing(body)
        shortcutSteps = BatchNormReLU.fusing(shortcut)
        let around = body.first { $0.quantizedWeights != nil || $0 is Conv2d }?.name ?? body[0].name
        name = "residual (\(around)\(shortcut.isEmpty ? "" : "; shortcut " + (shortcut.first { $0 is Conv2d }?.name ?? shortcut[0].name)))"
        output = Tensor(shape: [0] + outShape)
        gradInput = Tensor(shape: [0] + inShape)
    }

    public var inputShape: [Int] { body[0].inputShape }
    public var outputShape: [Int] { body[body.count - 1].outputShape }
    public var sublayers: [any Layer] { body + shortcut }
    public var multiplyAdds: Int { sublayers.reduce(0) { $0 + $1.multiplyAdds } }
    public func setTraining(_ training: Bool) { for s in bodySteps + shortcutSteps { s.setTraining(training) } }

    public func prepare(batch: Int) {
        for s in bodySteps + shortcutSteps { s.prepare(batch: batch) }
        output = grown(output, batch: batch, outputShape)
        gradInput = grown(gradInput, batch: batch, inputShape)
    }

    public func prepare(members: Int) {
        for s in bodySteps + shortcutSteps { s.prepare(members: members) }
    }

    public func forward(_ input: Tensor, batch n: Int, part: TeamPart) -> Tensor {
        checkBatch(n, capacity: output.shape[0], name)
        var b = input
        for s in bodySteps { b = s.forward(b, batch: n, part: part) }
        var c = input
        for s in shortcutSteps { c = s.forward(c, batch: n, part: part) }
        let (x, y, z) = (b.data, c.data, output.data)
        ElementwiseSpans.forEach(shape: outputShape, batch: n, part: part) { start, count in
            let xs = x + start, ys = y + start, zs = z + start
            for i in 0..<count { zs[i] = xs[i] + ys[i] }
        }
        return output
    }

    public func backward(_ gradOutput: Tensor, batch n: Int, needsInputGradient: Bool, part: TeamPart) -> Tensor? {
        let viaBody = Self.backward(bodySteps, gradOutput, batch: n, needsInputGradient: needsInputGradient, part: part)
        let viaShortcut = shortcutSteps.isEmpty
            ? gradOutput
            : Self.backward(shortcutSteps, gradOutput, batch: n, needsInputGradient: needsInputGradient, part: part)
        guard needsInputGradient, let viaBody, let viaShortcut else { return nil }
        let (x, y, z) = (viaBody.data, viaShortcut.data, gradInput.data)
        ElementwiseSpans.forEach(shape: inputShape, batch: n, part: part) { start, count in
            let xs = x + start, ys = y + start, zs = z + start
            for i in 0..<count { zs[i] = xs[i] + ys[i] }
        }
        return gradInput
    }

    /// A path's backward passes in reverse; its first layer is asked for
    /// an input gradient only when the unit is.
    private static func backward(_ steps: [any Layer], _ gradOutput: Tensor, batch n: Int, needsInputGradient: Bool,
                                 part: TeamPart) -> Tensor? {
        var g: Tensor? = gradOutput
        for i in steps.indices.reversed() {
            guard let current = g else { return nil }
            g = steps[i].backward(current, batch: n, needsInputGradient: i > 0 || needsInputGradient, part: part)
        }
        return g
    }
}
