import Foundation
import ProxCore
import ProxTrain
import Testing

@Suite("Data: 2-D toy generators")
struct DataToyTests {
    static let shapes = ToySpec.Shape.allCases

    static func generate(_ shape: ToySpec.Shape, n: Int, noise: Double? = nil, seed: UInt64) -> DataSplit {
        var spec = ToySpec(shape)
        spec.n = n
        spec.seed = seed
        if let noise { spec.noise = noise }
        return spec.points()
    }

    @Test("shapes and class balance", arguments: shapes)
    func shapeAndBalance(_ shape: ToySpec.Shape) {
        let points = Self.generate(shape, n: 301, seed: 1)
        #expect(points.count == 301)
        #expect(points.featureCount == 2)
        #expect(points.features.count == 602)
        #expect(points.features.allSatisfy { $0.isFinite })
        let counts = points.classCounts(ToySpec(shape).classCount)
        // As make_moons: n // k per class, the remainder to the last classes.
        let expected = shape == .blobs ? [100, 100, 101] : [150, 151]
        #expect(counts == expected)
    }

    @Test("same seed, same bits; another seed, other points", arguments: shapes)
    func determinism(_ shape: ToySpec.Shape) {
        let a = Self.generate(shape, n: 200, seed: 42)
        let b = Self.generate(shape, n: 200, seed: 42)
        let c = Self.generate(shape, n: 200, seed: 43)
        #expect(bits(a.features) == bits(b.features))
        #expect(a.labels == b.labels)
        #expect(bits(a.features) != bits(c.features))
    }

    @Test("make_moons reference: n = 4, no noise, unshuffled")
    func moonsReference() {
        // scikit-learn: make_moons(4, shuffle=False, noise=None) gives
        // [[1, 0], [-1, 0], [0, 0.5], [2, 0.5]] (sin(pi) = 1.2e-16 rounds away in Float).
        let m = Toy2D.moons(n: 4, noise: 0, seed: 0)
        #expect(m.features == [1, 0, -1, Float(sin(Double.pi)), 0, 0.5, 2, 0.5])
        #expect(m.labels == [0, 0, 1, 1])
    }

    @Test("noise 0 puts moons exactly on their half circles")
    func moonsOnCurves() {
        let m = Toy2D.moons(n: 500, noise: 0, seed: 9)
        for i in 0 ..< m.count {
            let x = Double(m.features[2 * i]), y = Double(m.features[2 * i + 1])
            if m.labels[i] == 0 {
                #expect(abs(x * x + y * y - 1) < 1e-6)          // upper unit half circle
                #expect(y >= 0)
            } else {
                #expect(abs((x - 1) * (x - 1) + (y - 0.5) * (y - 0.5) - 1) < 1e-6)
                #expect(y <= 0.5)
            }
        }
    }

    @Test("noise 0 puts circles exactly on radius 1 and factor")
    func circlesOnCurves() {
        let c = Toy2D.circles(n: 400, noise: 0, factor: 0.3, seed: 0)
        for i in 0 ..< c.count {
            let x = Double(c.features[2 * i]), y = Double(c.features[2 * i + 1])
            let r = (x * x + y * y).squareRoot()
            #expect(abs(r - (c.labels[i] == 0 ? 1 : 0.3)) < 1e-6)
        }
        // Angles are evenly spaced without repeating 2 pi: point 0 at (1, 0).
        #expect(c.features[0] == 1 && c.features[1] == 0)
    }

    @Test("noise 0 puts spirals on r = angle / (2 pi turns), arms half a turn apart")
    func spiralsOnCurves() {
        let turns = 1.5
        let s = Toy2D.spirals(n: 200, noise: 0, turns: turns, seed: 0)
        for i in 0 ..< s.count {
            let x = Double(s.features[2 * i]), y = Double(s.features[2 * i + 1])
            let r = (x * x + y * y).squareRoot()
            let expectedAngle = 2 * Double.pi * turns * r + (s.labels[i] == 0 ? 0 : Double.pi)
            #expect(abs(x - r * cos(expectedAngle)) < 1e-5 && abs(y - r * sin(expectedAngle)) < 1e-5)
        }
    }

    @Test("xor: class is the sign of x*y, away from the axes without noise")
    func xorQuadrants() {
        let s = Toy2D.xor(n: 400, noise: 0, seed: 5)
        var quadrants = [Int](repeating: 0, count: 4)
        for i in 0 ..< s.count {
            let x = s.features[2 * i], y = s.features[2 * i + 1]
            #expect(abs(x) >= 0.1 && abs(x) < 1 && abs(y) >= 0.1 && abs(y) < 1)
            #expect((x * y > 0) == (s.labels[i] == 0))
            quadrants[(x > 0 ? 0 : 1) + (y > 0 ? 0 : 2)] += 1
        }
        #expect(quadrants == [100, 100, 100, 100])
    }

    @Test("blobs without noise sit on their centres on the unit circle")
    func blobCentres() {
        let b = Toy2D.blobs(n: 8, k: 4, noise: 0, seed: 0)
        let centres: [(Float, Float)] = [(0, 1), (-1, 0), (0, -1), (1, 0)]
        for i in 0 ..< b.count {
            let (cx, cy) = centres[Int(b.labels[i])]
            #expect(abs(b.features[2 * i] - cx) < 1e-6 && abs(b.features[2 * i + 1] - cy) < 1e-6)
        }
    }

    @Test("noise has the requested spread")
    func noiseSpread() {
        let b = Toy2D.blobs(n: 20_000, k: 2, noise: 0.3, seed: 11)
        // Class 0 centred at (0, 1): the x spread is the noise alone.
        let xs = (0 ..< b.count).filter { b.labels[$0] == 0 }.map { Double(b.features[2 * $0]) }
        let mean = xs.reduce(0, +) / Double(xs.count)
        let std = (xs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(xs.count)).squareRoot()
        #expect(abs(mean) < 0.02)
        #expect(abs(std - 0.3) < 0.01)
    }

    @Test("stratified split: sizes, per-class test share, nothing lost, deterministic")
    func stratifiedSplit() {
        var spec = ToySpec(.moons)
        spec.seed = 3
        let data = spec.dataset()
        #expect(data.train.count == 800 && data.test.count == 200)
        #expect(data.test.classCounts(2) == [100, 100])
        #expect(data.train.classCounts(2) == [400, 400])
        let all = spec.points()
        let key = { (s: DataSplit, i: Int) in "\(s.labels[i]) \(s.row(i).map(\.bitPattern))" }
        let before = (0 ..< all.count).map { key(all, $0) }.sorted()
        let after = ((0 ..< data.train.count).map { key(data.train, $0) }
            + (0 ..< data.test.count).map { key(data.test, $0) }).sorted()
        #expect(before == after)
        #expect(spec.dataset() == data)
        // Shuffled: the training split does not start with a run of one class.
        #expect(Set(data.train.labels.prefix(20)).count == 2)
    }

    @Test("a test fraction of 0 leaves the test split empty")
    func noTestSplit() {
        var spec = ToySpec(.xor)
        spec.testFraction = 0
        let data = spec.dataset()
        #expect(data.train.count == 1000 && data.test.isEmpty)
    }
}
