/// What the shapes pane draws: the pair's curves, the proximal view (P, its
/// regularizer R and Moreau envelope, F against B o P), or one weight's step.
public enum ShapesView: String, CaseIterable, Hashable, Sendable {
    case curves, proximal, step

    public var title: String {
        switch self {
        case .curves: return "curves"
        case .proximal: return "proximal view"
        case .step: return "one weight's step"
        }
    }
}
