/// Updates parameters from their gradients: theta_t+1 = optimizer(theta_t, g_theta) (THEORY section 2).
///
/// An optimizer is built once over a fixed list of parameters and allocates
/// its state (momentum, moment estimates) then; `step()` is a loop over
/// buffers. The learning rate is a variable so the trainer can schedule it.
public protocol Optimizer: AnyObject {
    var parameters: [Parameter] { get }
    var learningRate: Float { get set }
    /// One update of every parameter from its current gradient.
    func step()
}
