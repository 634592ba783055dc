/// Parameter domains. A parameter that leaves its domain makes the piece
/// meaningless (lq with r <= -1 divides by a non-positive number), so it is
/// reported as bad input instead of producing NaN deep inside a run.
extension Piece {
    /// Why the piece is undefined at mu, or nil when it is fine.
    public func domainError(mu: Double) -> String? {
        let names = PieceCatalog.spec(named: name)?.parameterNames ?? []
        for (i, p) in parameters.enumerated() {
            let v = p.value(mu: mu)
            if !v.isFinite {
                return "\(name)'s parameter \(names[i]) = \(p) is \(v.isNaN ? "NaN" : "infinite")\(atMu(p, mu))"
            }
        }
        switch self {
        case .clip(let a) where a.value(mu: mu) <= 0:
            return "clip needs a > 0, got a = \(formatNumber(a.value(mu: mu)))\(atMu(a, mu))"
        case .signSwish(let b) where b.value(mu: mu) <= 0:
            return "signswish needs b > 0, got b = \(formatNumber(b.value(mu: mu)))\(atMu(b, mu))"
        case .linearQuadratic(let k, let r):
            if k.value(mu: mu) < 0 {
                return "lq needs k >= 0, got k = \(formatNumber(k.value(mu: mu)))\(atMu(k, mu))"
            }
            if r.value(mu: mu) <= -1 {
                return "lq needs r > -1, got r = \(formatNumber(r.value(mu: mu)))\(atMu(r, mu))"
            }
            return nil
        case .piecewiseLinear(let points):
            if points.count < 2 { return "pwl needs at least 2 points, got \(points.count)" }
            for point in points where !point.x.isFinite || !point.y.isFinite {
                return "pwl points must be finite numbers"
            }
            for i in 1..<points.count where points[i].x <= points[i - 1].x {
                return "pwl needs strictly increasing x, but point \(i + 1) has x = \(formatNumber(points[i].x)) after \(formatNumber(points[i - 1].x))"
            }
            return nil
        default:
            return nil
        }
    }

    private func atMu(_ p: Param, _ mu: Double) -> String {
        p.dependsOnMu ? " at mu = \(formatNumber(mu))" : ""
    }
}
