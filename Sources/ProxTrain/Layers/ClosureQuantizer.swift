/// A quantizer from two scalar closures: for tests and tools, not for training speed.
///
/// It calls a closure per element, which is exactly what the hot path must
/// not do; it exists so that tests can plug in a smooth pair (say F = B =
/// tanh) and check a quantized layer against finite differences.
///
///     let q = ClosureQuantizer(forward: { tanh($0) }, derivative: { 1 - tanh($0) * tanh($0) })
public final class ClosureQuantizer: WeightQuantizer {
    public let f: (Float) -> Float
    public let derivative: (Float) -> Float
    /// Latent clip c: theta <- clip(theta, -c, c) after each step (nil: none).
    public let clip: Float?

    /// F = `forward`, B' = `derivative` evaluated at the latent weights.
    public init(forward: @escaping (Float) -> Float, derivative: @escaping (Float) -> Float,
                clip: Float? = nil) {
        f = forward
        self.derivative = derivative
        self.clip = clip
    }

    /// F = B = id: a quantized layer that must behave as a full-precision one.
    public static func identity() -> ClosureQuantizer {
        ClosureQuantizer(forward: { $0 }, derivative: { _ in 1 })
    }

    public func forward(latent: UnsafeBufferPointer<Float>, weights: UnsafeMutableBufferPointer<Float>) {
        for i in 0..<latent.count { weights[i] = f(latent[i]) }
    }

    public func backward(latent: UnsafeBufferPointer<Float>, gradWeights: UnsafeBufferPointer<Float>,
                         gradLatent: UnsafeMutableBufferPointer<Float>) {
        for i in 0..<latent.count { gradLatent[i] = derivative(latent[i]) * gradWeights[i] }
    }

    public func afterStep(latent: UnsafeMutableBufferPointer<Float>) {
        if let c = clip, let base = latent.baseAddress { VectorOps.clip(base, to: c, count: latent.count) }
    }
}
