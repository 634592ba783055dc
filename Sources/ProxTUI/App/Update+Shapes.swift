import Foundation
import ProxCore

extension AppState {
    mutating func shapesKey(_ press: KeyPress) -> [Effect] {
        switch press.key {
        case .left: scrub(by: -0.02)
        case .right: scrub(by: 0.02)
        case .pageDown: scrub(by: -0.2)
        case .pageUp: scrub(by: 0.2)
        case .home: shapes.muOverride = nil; shapes.position = 0
        case .end: shapes.muOverride = nil; shapes.position = 1
        case .character("m"): modal = .typeMu(TextField(formatCompact(mu)))
        case .character("z"): shapes.halfRange = max(0.25, shapes.halfRange / 1.5)
        case .character("Z"): shapes.halfRange = min(50, shapes.halfRange * 1.5)
        case .character("P"): shapes.showProx.toggle()
        default: break
        }
        return []
    }

    mutating func checksKey(_ press: KeyPress) -> [Effect] { [] }

    /// Moves mu along the schedule; the plot and the readout follow in the same frame.
    mutating func scrub(by delta: Double) {
        shapes.muOverride = nil
        shapes.position = min(1, max(0, shapes.position + delta))
    }
}
