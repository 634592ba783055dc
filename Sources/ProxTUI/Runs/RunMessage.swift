import ProxTrain

/// What the run manager passes from a training thread to the UI.
public enum RunMessage: Sendable {
    /// The data set was loaded: a sample of training points for the data pane.
    case data(run: Int, DataPreview)
    case event(run: Int, TrainingEvent)
    /// The run could not start (missing data set, bad model); one line.
    case error(run: Int, String)
    /// A lockstep duel's comparison after an epoch (0: the initial weights);
    /// `runs[i]` is the run of the comparison's pair index i.
    case duel(runs: [Int], DuelEpoch)
}

/// Up to a few hundred training points of a 2-D data set, for the scatter
/// over the decision boundary.
public struct DataPreview: Sendable, Equatable {
    public var xs: [Double]
    public var ys: [Double]
    public var labels: [Int]
    public var featureCount: Int
    public var classCount: Int

    public init(xs: [Double], ys: [Double], labels: [Int], featureCount: Int, classCount: Int) {
        self.xs = xs
        self.ys = ys
        self.labels = labels
        self.featureCount = featureCount
        self.classCount = classCount
    }

    public init(_ d: Dataset, limit: Int = 300) {
        featureCount = d.featureCount
        classCount = d.classCount
        xs = []; ys = []; labels = []
        guard d.featureCount == 2 else { return }
        let n = d.train.count, stride = max(1, n / limit)
        for i in Swift.stride(from: 0, to: n, by: stride) {
            xs.append(Double(d.train.features[2 * i]))
            ys.append(Double(d.train.features[2 * i + 1]))
            labels.append(Int(d.train.labels[i]))
        }
    }
}
