/// Everything the proximal view shows for a pair at one mu: P, the
/// regularizer R whose proximal map P is, R's Moreau envelope, and F against
/// B o P with the largest gap.
///
/// The Moreau envelope M(x) = min_z { R(z) + (z - x)^2 / 2 } = R(P(x)) +
/// (P(x) - x)^2 / 2 is the smooth function whose slope is x - P(x): as mu
/// grows, R tightens toward the indicator of Q and M toward dist(x, Q)^2 / 2.
/// Built once per pair and mu (the workbench caches it while mu is still).
public struct ProximalView: Sendable {
    public let mu: Double
    public let prox: Quantizer
    /// Whether P was declared by the pair or assumed (sign).
    public let proxDeclared: Bool
    public let xs: [Double]
    /// P(x).
    public let p: [Double]
    /// R's closed form, when P is a piece whose regularizer is known.
    public let closedForm: Regularizer?
    /// R derived from P numerically, or where P decreases (then it has no R).
    public let derived: Result<DerivedRegularizer, DerivedRegularizer.NotMonotone>
    /// M(x), nil when P is not monotone.
    public let envelope: [Double]?
    public let gap: DecompositionGap

    public init(_ pair: QuantizerPair, mu: Double, halfRange: Double = 3, count: Int = 2001) {
        self.mu = mu
        prox = pair.effectiveProx
        proxDeclared = pair.prox != nil
        let n = max(3, count)
        let p = prox
        do { derived = .success(try DerivedRegularizer(p, mu: mu, range: -halfRange...halfRange, count: n)) } catch {
            derived = .failure(error)
        }
        // The derived R's grid includes P's kinks; without it, the plain grid.
        switch derived {
        case .success(let d): xs = d.xs
        case .failure: xs = (0..<n).map { -halfRange + 2 * halfRange * Double($0) / Double(n - 1) }
        }
        self.p = xs.map { p.value($0, mu: mu) }
        let r = Regularizer.closedForm(of: p, mu: mu)
        closedForm = r
        if let r {
            envelope = zip(xs, self.p).map { x, z in (r == .indicator ? 0 : r.value(z)) + (z - x) * (z - x) / 2 }
        } else if case .success(let d) = derived {
            envelope = d.envelope
        } else {
            envelope = nil
        }
        gap = DecompositionGap(pair, mu: mu, xs: xs)
    }

    /// R as curves over z: the closed form sampled over `zs` (the indicator as
    /// its two points), else the derived pieces. A one-point piece is a point
    /// of R's domain, drawn as a marker.
    public func regularizerPieces(over zs: [Double]) -> [[(z: Double, r: Double)]] {
        switch closedForm {
        case .indicator: return [[(-1, 0)], [(1, 0)]]
        case .some(let r): return [zs.map { ($0, r.value($0)) }]
        case nil:
            if case .success(let d) = derived { return d.pieces }
            return []
        }
    }

    /// What the view says under its plots: R's formula or how it was found,
    /// where P is flat or jumps, and the decomposition's largest gap.
    public var notes: [String] {
        var out: [String] = []
        let pText = "P = \(prox)\(proxDeclared ? "" : " (assumed)")"
        switch (closedForm, derived) {
        case (.some(let r), _):
            out.append("\(pText): \(r.formula)")
        case (nil, .failure(let e)):
            out.append("\(pText) decreases at x = \(formatCompact(e.x)) (by \(formatCompact(e.drop))): not a proximal map, no R")
        case (nil, .success):
            out.append("\(pText): R derived from P, R'(z) = P^-1(z) - z, least value 0")
        }
        if case .success(let d) = derived {
            let infinite = closedForm == nil ? "R is infinite on" : "it never takes values in"
            let jumps = d.jumps.map { "x = \(formatCompact($0.x)) (\(infinite) (\(formatCompact($0.from)), \(formatCompact($0.to))))" }
            if !jumps.isEmpty { out.append("P jumps at " + jumps.joined(separator: ", ")) }
            let flats = d.flats.map { "z = \(formatCompact($0.z)) for x in [\(formatCompact($0.xs.lowerBound)), \(formatCompact($0.xs.upperBound))]" }
            if !flats.isEmpty { out.append("P is flat (R has a corner) at " + flats.joined(separator: ", ")) }
        }
        let g = gap.largest
        out.append(gap.holds
            ? "F = B o P here: largest |F - B o P| = \(formatCompact(g.amount))"
            : "F differs from B o P: largest gap \(formatCompact(g.amount)) at x = \(formatCompact(g.x))")
        return out
    }
}
