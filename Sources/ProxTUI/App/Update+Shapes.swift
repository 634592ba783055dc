import Foundation
import ProxCore

extension AppState {
    mutating func shapesKey(_ press: KeyPress) -> [Effect] {
        let stepView = shapes.view == .step
        switch press.key {
        // In the step view the arrows move theta; mu keeps PgUp/PgDn, Home/End and the wheel.
        case .left where stepView: moveTheta(by: -shapes.halfRange / 60)
        case .right where stepView: moveTheta(by: shapes.halfRange / 60)
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
        case .character("r"): shapes.view = shapes.view == .proximal ? .curves : .proximal
        case .character("o"): shapes.view = stepView ? .curves : .step
        case .character("g") where stepView: shapes.gradient = -shapes.gradient
        case .character("T") where stepView: modal = .typeTheta(TextField(formatCompact(shapes.theta)))
        case .character("g"), .character("T"): notice = "g and T belong to the step view: press o first"
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

    /// Moves the step view's theta, kept inside the drawn range.
    mutating func moveTheta(by delta: Double) {
        let h = shapes.halfRange
        // Rounded to the step's grid so repeated presses land on readable values.
        let grid = h / 60
        shapes.theta = min(h, max(-h, ((shapes.theta + delta) / grid).rounded() * grid))
    }
}
