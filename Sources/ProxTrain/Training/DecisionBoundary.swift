import Foundation

/// The classifier's output over a grid of the input plane, for 2-D data:
/// what the workbench draws under the training points, TensorFlow
/// Playground's picture.
public struct DecisionBoundary: Sendable, Equatable {
    public var columns: Int
    public var rows: Int
    public var xRange: ClosedRange<Double>
    /// Row 0 is the top of the picture (largest y).
    public var yRange: ClosedRange<Double>
    public var classCount: Int
    /// Row-major: p(class 1) for two classes, else the predicted class index.
    public var values: [Float]

    public init(columns: Int, rows: Int, xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, classCount: Int, values: [Float]) {
        self.columns = columns
        self.rows = rows
        self.xRange = xRange
        self.yRange = yRange
        self.classCount = classCount
        self.values = values
    }
}

extension Trainer {
    /// Evaluates the model (evaluation mode, forward weights F(theta)) on a
    /// columns x rows grid spanning the training data with a 10% margin.
    func decisionBoundary(columns: Int = 64, rows: Int = 32) -> DecisionBoundary? {
        guard dataset.featureCount == 2, dataset.train.count > 0 else { return nil }
        let f = dataset.train.features
        var lo = (Float.infinity, Float.infinity), hi = (-Float.infinity, -Float.infinity)
        for i in 0..<dataset.train.count {
            lo = (min(lo.0, f[2 * i]), min(lo.1, f[2 * i + 1]))
            hi = (max(hi.0, f[2 * i]), max(hi.1, f[2 * i + 1]))
        }
        let mx = 0.1 * Double(hi.0 - lo.0), my = 0.1 * Double(hi.1 - lo.1)
        let xr = (Double(lo.0) - mx)...(Double(hi.0) + mx), yr = (Double(lo.1) - my)...(Double(hi.1) + my)
        let k = dataset.classCount
        var values = [Float](repeating: 0, count: columns * rows)
        let points = columns * rows
        let batch = Self.evaluationBatch
        model.evaluating(weights: .forward) {
            var start = 0
            while start < points {
                let n = min(batch, points - start)
                let x = input.data
                for j in 0..<n {
                    let p = start + j, r = p / columns, c = p % columns
                    x[2 * j] = Float(xr.lowerBound + (xr.upperBound - xr.lowerBound) * (Double(c) + 0.5) / Double(columns))
                    x[2 * j + 1] = Float(yr.upperBound - (yr.upperBound - yr.lowerBound) * (Double(r) + 0.5) / Double(rows))
                }
                let logits = model.forward(input, batch: n).data
                for j in 0..<n {
                    let row = logits + j * k
                    if k == 2 {
                        values[start + j] = 1 / (1 + Foundation.exp(row[0] - row[1]))
                    } else {
                        var best = 0
                        for c in 1..<k where row[c] > row[best] { best = c }
                        values[start + j] = Float(best)
                    }
                }
                start += n
            }
        }
        return DecisionBoundary(columns: columns, rows: rows, xRange: xr, yRange: yr, classCount: k, values: values)
    }
}
