/// Updates parameters from their gradients: theta_t+1 = optimizer(theta_t, g_theta) (docs/THEORY.md section 2).
///
/// An optimizer is built once over a fixed list of parameters and allocates
/// its state (momentum, moment estimates) then; `step()` is a loop over
/// buffers. The learning rate is a variable so the trainer can schedule it.
public protocol Optimizer: AnyObject {
    var parameters: [Parameter] { get }
    var learningRate: Float { get set }
    /// The per-step scalars (step count, bias corrections), once per step
    /// before `update`.
    func prepareStep()
    /// The update of `elements` of `parameters[index]`. Elements are
    /// independent, so a team step updates each member's rows, and may
    /// interleave the update with the latent clip a chunk at a time.
    func update(_ index: Int, elements: Range<Int>)
    /// Steps taken so far; a resumed run sets it back.
    var stepCount: Int { get set }
    /// What the next steps depend on besides the parameters, for
    /// `parameters[index]`, by PyTorch's names (`exp_avg`, `exp_avg_sq`;
    /// `momentum_buffer`): a resumed run restores these to continue bit for bit.
    func state(of index: Int) -> [(name: String, tensor: Tensor)]
}

extension Optimizer {
    /// One update of every parameter from its current gradient, on this thread.
    public func step() {
        for p in parameters { _ = p.grad } // a gradient still marked zero becomes real zeros
        prepareStep()
        update(part: .whole)
    }

    /// The update of one team member's rows of every parameter
    /// (`Parameter.rows(for:)`); `.whole` updates everything.
    public func update(part: TeamPart) {
        for (k, p) in parameters.enumerated() { update(k, elements: p.rows(for: part)) }
    }
}
