/// F against B o P at one mu, with the largest gap: the decomposition
/// criterion of docs/THEORY.md section 4 as a picture rather than a verdict.
public struct DecompositionGap: Sendable {
    public let xs: [Double]
    public let forward: [Double]
    /// B(P(x)).
    public let composed: [Double]
    /// Where |F - B o P| is largest (away from P's jumps, where the two may
    /// disagree only about which side the point belongs to), and by how much.
    public let largest: (x: Double, amount: Double)

    public init(_ pair: QuantizerPair, mu: Double, xs: [Double]) {
        let p = pair.effectiveProx
        let jumps = p.jumps(mu: mu)
        let width = (xs.last ?? 1) - (xs.first ?? 0)
        self.xs = xs
        forward = xs.map { pair.forward.value($0, mu: mu) }
        composed = xs.map { pair.backward.value(p.value($0, mu: mu), mu: mu) }
        var best = (x: xs.first ?? 0, amount: 0.0)
        for i in xs.indices where !jumps.contains(where: { abs(xs[i] - $0) <= 1e-9 * width }) {
            let gap = abs(forward[i] - composed[i])
            if gap.isNaN { best = (xs[i], .infinity); break }
            // Of equal gaps the one nearest a point of Q: "F(1) = 1 but B(P(1)) = 1.053" reads best.
            let tie = abs(gap - best.amount) <= 1e-12 * max(1, gap)
            if tie ? distanceToQ(xs[i]) < distanceToQ(best.x) : gap > best.amount { best = (xs[i], gap) }
        }
        largest = best
    }

    /// Passes the decomposition check's tolerance at this mu.
    public var holds: Bool {
        largest.amount <= CheckCatalog.decompositionTolerance * max(1, forward.map(abs).max() ?? 1)
    }
}
