/// A labelled classification data set: a training split, a test split and what
/// the numbers mean.
///
/// Everything is a value (arrays of `Float` and `Int32`), so a data set can be
/// handed to a training task and to the UI at the same time without locks; the
/// copy-on-write arrays make that free until someone writes.
///
/// Features are row-major `[count, featureCount]` because that is the layout
/// `cblas_sgemm` reads as a batch of row vectors: gathering a batch is one
/// `memcpy` per row. Labels are `Int32` class indices in `0..<classCount`.
///
/// ```swift
/// let data = try DatasetSpec.parse("moons:n=400,seed=3").load()
/// data.train.count      // 320 (test fraction 0.2)
/// data.featureCount     // 2
/// ```
public struct Dataset: Sendable, Equatable {
    /// The name a user would type to get it back, e.g. `moons:n=400,seed=3`.
    public var name: String
    /// Numbers per example (2 for the toy sets, 784 for Fashion-MNIST).
    public var featureCount: Int
    /// Present for images, so a convolutional model knows how to fold a row
    /// back into channels x height x width.
    public var imageShape: ImageShape?
    public var classCount: Int
    /// Human-readable class names, index-aligned with labels, when known.
    public var classNames: [String]?
    public var train: DataSplit
    public var test: DataSplit
    /// The transform already applied to both splits, if any. Kept so that
    /// new inputs (a decision-boundary grid, a user's example) can be mapped
    /// the same way before they reach the model.
    public var standardization: Standardization?

    public init(name: String, featureCount: Int, imageShape: ImageShape? = nil,
                classCount: Int, classNames: [String]? = nil,
                train: DataSplit, test: DataSplit, standardization: Standardization? = nil) {
        precondition(train.featureCount == featureCount && test.featureCount == featureCount,
                     "split feature counts must match the data set")
        precondition(imageShape.map { $0.count == featureCount } ?? true,
                     "image shape must cover every feature")
        precondition(classNames.map { $0.count == classCount } ?? true,
                     "one class name per class")
        self.name = name
        self.featureCount = featureCount
        self.imageShape = imageShape
        self.classCount = classCount
        self.classNames = classNames
        self.train = train
        self.test = test
        self.standardization = standardization
    }
}

/// Channels x height x width of one image example, in the row-major order
/// its features are stored (channel-major, then rows, then columns).
public struct ImageShape: Sendable, Equatable, CustomStringConvertible {
    public var channels: Int
    public var height: Int
    public var width: Int

    public init(channels: Int, height: Int, width: Int) {
        self.channels = channels
        self.height = height
        self.width = width
    }

    public var count: Int { channels * height * width }
    public var description: String { "\(channels)x\(height)x\(width)" }
}

// MARK: - Summary

extension Dataset {
    /// One line for logs and the `datasets` listing, e.g.
    /// `fashion-mnist: 60000 train, 10000 test, 784 features (1x28x28), 10 classes`.
    public var summary: String {
        var s = "\(name): \(train.count) train, \(test.count) test, \(featureCount) features"
        if let shape = imageShape { s += " (\(shape))" }
        s += ", \(classCount) classes"
        return s
    }
}
