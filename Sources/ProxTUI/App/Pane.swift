/// The panes of the workbench, in focus order (Tab cycles, 1-5 jump).
public enum Pane: Int, CaseIterable, Hashable, Sendable {
    case composer, shapes, checks, runs, data

    public var title: String {
        switch self {
        case .composer: return "Composer"
        case .shapes: return "Shapes"
        case .checks: return "Checks"
        case .runs: return "Runs"
        case .data: return "Data"
        }
    }
}
