/// Everything a check reads: the pair sampled on the grid of docs/THEORY.md
/// section 4 (R = 3, 2001 points plus every declared kink) at each mu the
/// schedule visits. Sampled once, in Double, so the checks themselves are
/// plain loops over arrays and one table defines them all.
public struct CheckContext: Sendable {
    public struct Sample: Sendable {
        public let mu: Double
        public let xs: [Double]
        public let f: [Double]
        public let b: [Double]
        public let bPrime: [Double]
        public let p: [Double]
        /// B(P(x)), the decomposition's right-hand side.
        public let bOfP: [Double]
        /// Indices of grid points at P's jumps, where F and B o P may disagree
        /// only about which side the point belongs to.
        public let nearProxJump: Set<Int>
    }

    public let pair: QuantizerPair
    /// The route the verdict takes (`GuaranteeRoute.of(pair)`).
    public let route: GuaranteeRoute
    public let prox: Quantizer
    public let proxDeclared: Bool
    public let radius: Double
    public let samples: [Sample]

    public init(pair: QuantizerPair, radius: Double = 3, gridPoints: Int = 2001) {
        self.pair = pair
        self.route = GuaranteeRoute.of(pair)
        self.radius = radius
        self.prox = pair.effectiveProx
        self.proxDeclared = pair.prox != nil
        let base = (0..<gridPoints).map { -radius + 2 * radius * Double($0) / Double(gridPoints - 1) }
        samples = pair.schedule.checkPoints.map { mu in
            let kinks = pair.forward.kinks(mu: mu) + pair.backward.kinks(mu: mu) + pair.effectiveProx.kinks(mu: mu)
            let xs = Array(Set(base + kinks.filter { abs($0) <= radius })).sorted()
            let (f, b, bp, p, bop) = Self.sample(pair, xs, mu)
            let jumps = pair.effectiveProx.jumps(mu: mu)
            let near = Set(xs.indices.filter { i in jumps.contains { abs(xs[i] - $0) <= 1e-9 * radius } })
            return Sample(mu: mu, xs: xs, f: f, b: b, bPrime: bp, p: p, bOfP: bop, nearProxJump: near)
        }
    }

    private static func sample(_ pair: QuantizerPair, _ xs: [Double], _ mu: Double)
        -> ([Double], [Double], [Double], [Double], [Double]) {
        let prox = pair.effectiveProx
        var f = [Double](), b = [Double](), bp = [Double](), p = [Double](), bop = [Double]()
        for x in xs {
            f.append(pair.forward.value(x, mu: mu))
            let (bv, bd) = pair.backward.valueAndDerivative(x, mu: mu)
            b.append(bv)
            bp.append(bd)
            let px = prox.value(x, mu: mu)
            p.append(px)
            bop.append(pair.backward.value(px, mu: mu))
        }
        return (f, b, bp, p, bop)
    }

    /// The sample at the largest mu, where quantization is judged.
    public var strongest: Sample {
        samples.max { $0.mu < $1.mu } ?? samples[samples.count - 1]
    }
}
