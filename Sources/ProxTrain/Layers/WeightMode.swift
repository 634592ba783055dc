/// Which weights a quantized layer computes with.
///
/// docs/THEORY.md section 6 reports two accuracies: with the forward weights
/// F_mu(theta) the run trains with, and "deploy accuracy" with hard
/// sign(theta), the network one would ship. Switching is a flag read once
/// per forward pass; the sign is written into the same effective-weights
/// buffer F(theta) uses, so evaluating the deployed network allocates nothing.
/// Full-precision layers ignore the mode.
public enum WeightMode: Sendable {
    /// w = F_mu(theta), through the layer's quantizer.
    case forward
    /// w = sign(theta), sign(0) = +1.
    case deploy
}
