/// Parameter domains. A parameter that leaves its domain makes the piece
/// meaningless (lq with r <= -1 divides by a non-positive number), so it is
/// reported as bad input instead of producing NaN deep inside a run. Every
/// condition concerns one parameter, so the parser can check a constant
/// argument at its own column while a mu-dependent one waits for the schedule.
extension Piece {
    /// Why parameter `index` (of the piece named `name`) cannot take `value`, or nil.
    public static func parameterProblem(piece name: String, index: Int, value v: Double) -> String? {
        let names = PieceCatalog.spec(named: name)?.parameterNames ?? []
        let label = index < names.count ? names[index] : "parameter \(index + 1)"
        if !v.isFinite { return "\(name)'s parameter \(label) is \(v.isNaN ? "NaN" : "infinite")" }
        // Buffers and training evaluate in 32-bit floats: beyond their range a
        // parameter is infinite there, and B' comes out inf or NaN.
        if abs(v) > Double(Float.greatestFiniteMagnitude) {
            return "\(name)'s parameter \(label) = \(formatNumber(v)) is beyond 32-bit floats (|\(label)| <= 3.4e38), in which pairs are evaluated and trained"
        }
        switch (name, index) {
        case ("clip", 0) where v <= 0: return "clip needs a > 0, got a = \(formatNumber(v))"
        case ("signswish", 0) where v <= 0: return "signswish needs b > 0, got b = \(formatNumber(v))"
        case ("lq", 0) where v < 0: return "lq needs k >= 0, got k = \(formatNumber(v))"
        case ("lq", 1) where v <= -1: return "lq needs r > -1, got r = \(formatNumber(v))"
        default: return nil
        }
    }

    /// Why the piece is undefined at mu, or nil when it is fine.
    public func domainError(mu: Double) -> String? {
        for (i, p) in parameters.enumerated() {
            if let problem = Self.parameterProblem(piece: name, index: i, value: p.value(mu: mu)) {
                return problem + (p.dependsOnMu ? " at mu = \(formatNumber(mu))" : "")
                    + (p.dependsOnLearningRate ? " with the nominal lr = \(formatNumber(Param.nominalLearningRate))" : "")
            }
        }
        if case .piecewiseLinear(let points) = self {
            if points.count < 2 { return "pwl needs at least 2 points, got \(points.count)" }
            for point in points where !point.x.isFinite || !point.y.isFinite {
                return "pwl points must be finite numbers"
            }
            for i in 1..<points.count where points[i].x <= points[i - 1].x {
                return "pwl needs strictly increasing x, but point \(i + 1) has x = \(formatNumber(points[i].x)) after \(formatNumber(points[i - 1].x))"
            }
        }
        return nil
    }
}
