/// Binding the learning rate: a run replaces `lr` by its current step size
/// before a step, so the pieces' loops see plain numbers (docs/THEORY.md
/// section 2, ProxQuant's threshold eta_t lambda_t).
extension Quantizer {
    public var dependsOnLearningRate: Bool { parameters.contains { $0.dependsOnLearningRate } }

    /// The same tree with every `lr` replaced by `lr`'s value.
    public func binding(learningRate lr: Double) -> Quantizer {
        guard dependsOnLearningRate else { return self }
        switch self {
        case .piece(let p): return .piece(p.binding(learningRate: lr))
        case .compose(let fs): return .compose(fs.map { $0.binding(learningRate: lr) })
        case .sum(let fs): return .sum(fs.map { $0.binding(learningRate: lr) })
        case .scaled(let c, let f): return .scaled(c.binding(learningRate: lr), f.binding(learningRate: lr))
        }
    }
}

extension Piece {
    public func binding(learningRate lr: Double) -> Piece {
        switch self {
        case .identity, .sign, .approxSign, .piecewiseLinear: return self
        case .clip(let a): return .clip(a.binding(learningRate: lr))
        case .scale(let c): return .scale(c.binding(learningRate: lr))
        case .tanh(let b): return .tanh(b.binding(learningRate: lr))
        case .signSwish(let b): return .signSwish(b.binding(learningRate: lr))
        case .linearQuadratic(let k, let r): return .linearQuadratic(k: k.binding(learningRate: lr), r: r.binding(learningRate: lr))
        }
    }
}
