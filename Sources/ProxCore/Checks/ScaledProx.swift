/// Where a failing decomposition would pass with P scaled: F = B o (c P)
/// for one c > 0 at each mu. c P maps onto {-c, +c}, a proximal map onto
/// another set than Q, which the criterion does not accept (docs/THEORY.md
/// section 4, "Finding P"); saying so tells the student the pair fails only
/// on that point. BNN+: sign = SS_5 o (c sign) with c = 0.2557.
extension CheckContext {
    /// The scale c at each checked mu, or nil when no single scale per mu
    /// makes F = B o (c P) hold on the grid.
    func scaledProxDecomposition() -> [Double]? {
        var scales: [Double] = []
        for s in samples {
            let target = pair.forward.value(1, mu: s.mu)
            guard target.isFinite, target > 0,
                  let c = Self.smallestRoot({ pair.backward.value($0, mu: s.mu) - target }, upTo: radius) else { return nil }
            for (i, x) in s.xs.enumerated() where !s.nearProxJump.contains(i) {
                let scaled = pair.backward.value(c * prox.value(x, mu: s.mu), mu: s.mu)
                guard abs(s.f[i] - scaled) <= CheckCatalog.decompositionTolerance * max(1, abs(target)) else { return nil }
            }
            if !scales.contains(where: { formatCompact($0) == formatCompact(c) }) { scales.append(c) }
        }
        return scales.isEmpty ? nil : scales
    }

    /// The smallest c in (0, limit] with g(c) = 0, by a scan for a sign
    /// change then bisection; nil when g keeps one sign.
    public static func smallestRoot(_ g: (Double) -> Double, upTo limit: Double, steps: Int = 3000) -> Double? {
        var lo = 0.0, glo = g(0)
        if glo == 0 { return nil }
        for k in 1...steps {
            let hi = limit * Double(k) / Double(steps), ghi = g(hi)
            guard ghi.isFinite, glo.isFinite else { return nil }
            if ghi == 0 { return hi }
            if (glo < 0) != (ghi < 0) {
                var a = lo, b = hi, ga = glo
                for _ in 0..<80 {
                    let m = (a + b) / 2, gm = g(m)
                    if gm == 0 { return m }
                    if (gm < 0) == (ga < 0) { a = m; ga = gm } else { b = m }
                }
                return (a + b) / 2
            }
            lo = hi
            glo = ghi
        }
        return nil
    }
}
