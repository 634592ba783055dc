import ProxTrain

/// A sweep launched from the workbench: one number (`axis`), the runs at
/// each of its values, and the outcomes of the runs that have finished.
public struct SweepView: Sendable, Equatable {
    public var id: Int
    public var axis: String
    /// Per value, the runs there (one per seed).
    public var points: [(value: Double, runs: [Int])]

    public init(id: Int, axis: String, points: [(value: Double, runs: [Int])]) {
        self.id = id
        self.axis = axis
        self.points = points
    }

    public var runIDs: [Int] { points.flatMap(\.runs) }

    /// Final test and deploy accuracy per value, over the finished runs there.
    public func outcomes(_ runs: [RunView]) -> [SweepOutcome] {
        points.compactMap { p in
            let done = p.runs.compactMap { id in runs.first { $0.id == id && $0.status == .finished } }.compactMap(\.epochs.last)
            guard !done.isEmpty, let pair = runs.first(where: { $0.id == p.runs[0] })?.pair else { return nil }
            return SweepOutcome(values: [p.value], pair: pair, test: done.map(\.testAccuracy), deploy: done.map(\.deployAccuracy))
        }
    }

    public static func == (a: SweepView, b: SweepView) -> Bool {
        a.id == b.id && a.axis == b.axis && a.points.map(\.value) == b.points.map(\.value) && a.points.map(\.runs) == b.points.map(\.runs)
    }
}
