/// The regularizer of a monotone P, computed from P itself.
///
/// In one dimension a non-decreasing P is the proximal map of some R (Yu,
/// Zheng, Marchetti-Bowick, Xing 2015), and the optimality condition of
/// z = P(x) = argmin_z { R(z) + (z - x)^2 / 2 } reads x - z in dR(z), i.e.
///
///     R'(z) = P^-1(z) - z
///
/// so R is the integral of (x - P(x)) dP(x) along x: a Stieltjes integral
/// that needs no inverse. On a segment where P is linear the integrand is
/// linear in z and the trapezoid rule is exact, so the grid includes P's
/// kinks. Where P jumps from z1 to z2 at x = c, both are minimizers at c, which
/// fixes R(z2) - R(z1) = ((z1 - c)^2 - (z2 - c)^2) / 2 (the same integral with
/// x held at c); R is infinite on (z1, z2), never P's value. Where P is flat at
/// z over [a, b], P^-1(z) is an interval and R has a corner there with slopes
/// from a - z to b - z. R is known only on P's range over the sampled x, and
/// up to a constant: it is shifted so its least value is 0.
public struct DerivedRegularizer: Sendable {
    /// A jump of P: R is infinite on the open interval between `from` and `to`.
    public struct Jump: Hashable, Sendable {
        public var x: Double
        public var from: Double
        public var to: Double
        public init(x: Double, from: Double, to: Double) { self.x = x; self.from = from; self.to = to }
    }

    /// An interval of x where P is constant: a corner of R at `z`.
    public struct Flat: Hashable, Sendable {
        public var xs: ClosedRange<Double>
        public var z: Double
        /// R's one-sided slopes at z: a - z and b - z.
        public var slopes: ClosedRange<Double> { (xs.lowerBound - z)...(xs.upperBound - z) }
    }

    /// The sampled x, increasing (the grid plus P's kinks).
    public let xs: [Double]
    /// P(x) at each sample.
    public let zs: [Double]
    /// R(P(x)) at each sample, least value 0.
    public let values: [Double]
    public let jumps: [Jump]
    public let flats: [Flat]

    /// Why P has no regularizer: where it decreases (it is not a proximal map).
    public struct NotMonotone: Error, Hashable, Sendable {
        public var x: Double
        public var drop: Double
    }

    /// - Parameters: range, count: the x grid (evenly spaced, ends included).
    public init(_ p: Quantizer, mu: Double, range: ClosedRange<Double>, count: Int = 2001) throws(NotMonotone) {
        let n = max(3, count), lo = range.lowerBound, hi = range.upperBound
        let grid = (0..<n).map { lo + (hi - lo) * Double($0) / Double(n - 1) }
        let xs = Array(Set(grid + p.kinks(mu: mu).filter { range.contains($0) })).sorted()
        let zs = xs.map { p.value($0, mu: mu) }
        let scale = max(1, zs.map(abs).filter(\.isFinite).max() ?? 1)
        var worst = NotMonotone(x: xs[0], drop: 0)
        for i in 1..<zs.count where zs[i - 1] - zs[i] > worst.drop { worst = NotMonotone(x: xs[i], drop: zs[i - 1] - zs[i]) }
        if worst.drop > CheckCatalog.monotoneTolerance * scale || zs.contains(where: { !$0.isFinite }) { throw worst }

        var values = [0.0], jumps: [Jump] = []
        for i in 1..<xs.count {
            let (x0, x1, z0, z1) = (xs[i - 1], xs[i], zs[i - 1], zs[i])
            var r = values[i - 1]
            if z1 - z0 > 1e-9 * scale, let jump = Self.jump(p, mu: mu, x0, x1, z0, z1, scale: scale) {
                let (c, a, b) = (jump.x, jump.from, jump.to)
                r += Self.trapezoid(x0, c, z0, a) + ((a - c) * (a - c) - (b - c) * (b - c)) / 2 + Self.trapezoid(c, x1, b, z1)
                jumps.append(jump)
            } else {
                r += Self.trapezoid(x0, x1, z0, z1)
            }
            values.append(r)
        }
        let least = values.min() ?? 0
        self.xs = xs
        self.zs = zs
        self.values = values.map { $0 - least }
        self.jumps = jumps
        // A flat that ends at a jump reaches it: P^-1(z) is closed there.
        self.flats = Self.flats(xs, zs, tolerance: 1e-12 * scale).map { flat in
            var f = flat
            for j in jumps {
                if j.from == f.z, j.x > f.xs.upperBound, j.x - f.xs.upperBound < hi - lo { f.xs = f.xs.lowerBound...j.x }
                if j.to == f.z, j.x < f.xs.lowerBound, f.xs.lowerBound - j.x < hi - lo { f.xs = j.x...f.xs.upperBound }
            }
            return f
        }
    }

    /// The integral of (x - z) dz along a segment on which both move linearly.
    static func trapezoid(_ x0: Double, _ x1: Double, _ z0: Double, _ z1: Double) -> Double {
        ((x0 + x1) / 2 - (z0 + z1) / 2) * (z1 - z0)
    }

    /// Bisects [x0, x1] toward where P's rise concentrates: a continuous P
    /// spreads it over both halves and the search stops at once; a jump keeps
    /// it in one half down to the last representable x.
    static func jump(_ p: Quantizer, mu: Double, _ x0: Double, _ x1: Double, _ z0: Double, _ z1: Double,
                     scale: Double) -> Jump? {
        var (a, b, za, zb) = (x0, x1, z0, z1)
        for _ in 0..<200 {
            let m = a + (b - a) / 2
            if m <= a || m >= b { break }
            let zm = p.value(m, mu: mu)
            let left = zm - za, right = zb - zm
            if max(left, right) < 0.75 * (zb - za) { return nil }
            if left >= right { (b, zb) = (m, zm) } else { (a, za) = (m, zm) }
        }
        return zb - za > 1e-6 * scale ? Jump(x: b, from: za, to: zb) : nil
    }

    /// Runs of two or more grid intervals with no change in P.
    static func flats(_ xs: [Double], _ zs: [Double], tolerance: Double) -> [Flat] {
        var out: [Flat] = []
        var start = 0
        for i in 1...xs.count {
            if i < xs.count && abs(zs[i] - zs[start]) <= tolerance { continue }
            if i - 1 - start >= 2 { out.append(Flat(xs: xs[start]...xs[i - 1], z: zs[start])) }
            start = i
        }
        return out
    }

    /// The Moreau envelope at each sample: R(P(x)) + (P(x) - x)^2 / 2.
    public var envelope: [Double] { zip(values, zip(xs, zs)).map { r, xz in r + (xz.1 - xz.0) * (xz.1 - xz.0) / 2 } }

    /// R as pieces of curve over z, split at P's jumps (where R is infinite);
    /// a piece of a single z (P flat all along it) is one point of R's domain.
    public var pieces: [[(z: Double, r: Double)]] {
        var out: [[(z: Double, r: Double)]] = [[]]
        var next = 0
        for i in xs.indices {
            if next < jumps.count, i > 0, xs[i - 1] < jumps[next].x, xs[i] >= jumps[next].x {
                out.append([])
                next += 1
            }
            out[out.count - 1].append((zs[i], values[i]))
        }
        return out.filter { !$0.isEmpty }
    }
}
