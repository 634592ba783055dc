/// The element-wise nonlinearity a model builder places after each hidden layer.
public enum Activation: String, Sendable, CaseIterable {
    case relu
    case hardtanh
    case identity

    /// A layer of this kind for examples of the given shape.
    public func layer(shape: [Int]) -> any Layer {
        switch self {
        case .relu: return ReLU(shape: shape)
        case .hardtanh: return Hardtanh(shape: shape)
        case .identity: return Identity(shape: shape)
        }
    }
}
