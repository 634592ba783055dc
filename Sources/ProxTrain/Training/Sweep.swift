import ProxCore

/// A grid of runs over one or more numbers (`SweepAxis`): every combination
/// of the axes' values, each an ordinary run per pair and seed; the results
/// gathered per point and pair as mean and spread of the final test and
/// deploy accuracy.
public struct Sweep: Sendable {
    public let axes: [SweepAxis]

    public init(axes: [SweepAxis]) { self.axes = axes }

    /// Every combination of the axes' values, the first axis slowest.
    public var points: [[Double]] {
        axes.reduce([[]]) { grid, axis in grid.flatMap { p in axis.values.map { p + [$0] } } }
    }

    /// One point, ready to run: the base plans with every axis applied.
    public struct Point: Sendable {
        public var values: [Double]
        public var plans: [RunPlan]
    }

    /// The base plans (every pair and seed) at each point; the first axis
    /// that does not apply to a pair is the error.
    public func expand(_ base: [RunPlan]) throws(SweepError) -> [Point] {
        var out: [Point] = []
        for values in points {
            var plans: [RunPlan] = []
            for plan in base {
                var p = plan
                for (axis, v) in zip(axes, values) { p = try axis.apply(v, to: p) }
                plans.append(p)
            }
            out.append(Point(values: values, plans: plans))
        }
        return out
    }

    /// The label of a point: `B.signswish.b=3, lr=0.01`.
    public func label(_ values: [Double]) -> String {
        zip(axes, values).map { "\($0.name)=\(formatCompact($1))" }.joined(separator: ", ")
    }
}

/// The finished runs of one point and pair, over seeds.
public struct SweepOutcome: Sendable, Equatable {
    public var values: [Double]
    public var pair: String
    public var test: [Double]
    public var deploy: [Double]

    public init(values: [Double], pair: String, test: [Double] = [], deploy: [Double] = []) {
        self.values = values
        self.pair = pair
        self.test = test
        self.deploy = deploy
    }

    public var testMean: Double { Spread.mean(test) }
    public var deployMean: Double { Spread.mean(deploy) }
}

/// Mean and sample standard deviation over seeds, for every table that
/// reports a spread.
public enum Spread {
    public static func mean(_ v: [Double]) -> Double { v.isEmpty ? .nan : v.reduce(0, +) / Double(v.count) }

    /// The sample standard deviation (0 for fewer than two values).
    public static func standardDeviation(_ v: [Double]) -> Double {
        guard v.count > 1 else { return 0 }
        let m = mean(v)
        return (v.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(v.count - 1)).squareRoot()
    }
}
