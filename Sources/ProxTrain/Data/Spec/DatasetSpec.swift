import Foundation

/// A data set named the way a user types it, on the command line, in an
/// experiment file or in the workbench: `moons`, `moons:noise=0.2,seed=3`,
/// `blobs:k=5`, `fashion-mnist`, `idx:/data/mnist`, `csv:iris.csv,label=-1`.
///
/// The text is the whole, shareable description of the data (TensorFlow
/// Playground's habit): `parse` checks every option, `description` prints the
/// canonical form (defaults left out), and `load` makes the same data again,
/// bit for bit for the generated sets. `DatasetCatalog` lists the names,
/// options and defaults.
///
/// ```swift
/// let spec = try DatasetSpec.parse("moons:seed=3,n=400")
/// spec.description          // "moons:n=400,seed=3"
/// let data = try spec.load()
/// ```
public struct DatasetSpec: Sendable, Equatable, CustomStringConvertible {
    public enum Source: Sendable, Equatable {
        case toy(ToySpec)
        /// `nil`: `FMNIST_DIR`, else /usr/share/datasets/fashion-mnist.
        case fashionMNIST(directory: String?)
        case idx(directory: String)
        case csv(path: String, options: CSVOptions)
    }

    public var source: Source
    /// Applied by `load`, fitted on the training split; `nil` leaves the
    /// features as loaded. Defaults: none for the toy sets (they are already
    /// at unit scale, and plots read best in their own coordinates), global
    /// for images (the PyTorch reference's choice), per feature for CSV
    /// (columns usually have unrelated units).
    public var standardization: Standardization.Mode?

    public init(_ source: Source, standardization: Standardization.Mode?) {
        self.source = source
        self.standardization = standardization
    }

    public init(_ source: Source) {
        self.init(source, standardization: DatasetSpec.defaultStandardization(source))
    }

    public static func defaultStandardization(_ source: Source) -> Standardization.Mode? {
        switch source {
        case .toy: nil
        case .fashionMNIST, .idx: .global
        case .csv: .perFeature
        }
    }

    /// The name of the source kind: `moons`, ..., `fashion-mnist`, `idx`, `csv`.
    public var kind: String {
        switch source {
        case .toy(let toy): toy.shape.rawValue
        case .fashionMNIST: "fashion-mnist"
        case .idx: "idx"
        case .csv: "csv"
        }
    }

    /// Generates or reads the data and applies `standardization`.
    /// Errors are `DataError`s with one-line messages.
    public func load() throws -> Dataset {
        var data: Dataset
        switch source {
        case .toy(let toy):
            data = toy.dataset(name: description)
        case .fashionMNIST(let directory):
            data = try FashionMNIST.load(directory: directory)
        case .idx(let directory):
            data = try IDXDirectory.load(directory, name: description)
        case .csv(let path, let options):
            data = try CSVLoader.load(path, options: options, name: description)
        }
        data.name = description
        if let mode = standardization { data.standardize(mode) }
        return data
    }
}

// MARK: - Canonical text

extension DatasetSpec {
    /// The canonical spelling: options in a fixed order, defaults left out,
    /// so that equal specs print equally and `parse(description)` round-trips.
    public var description: String {
        var head = kind
        var options = [String]()
        switch source {
        case .toy(let toy):
            let base = ToySpec(toy.shape)
            if toy.shape == .blobs, toy.k != base.k { options.append("k=\(toy.k)") }
            if toy.n != base.n { options.append("n=\(toy.n)") }
            if toy.noise != base.noise { options.append("noise=\(toy.noise)") }
            if toy.shape == .circles, toy.factor != base.factor { options.append("factor=\(toy.factor)") }
            if toy.shape == .spirals, toy.turns != base.turns { options.append("turns=\(toy.turns)") }
            if toy.seed != base.seed { options.append("seed=\(toy.seed)") }
            if toy.testFraction != base.testFraction { options.append("test=\(toy.testFraction)") }
        case .fashionMNIST(let directory):
            if let directory { options.append("dir=\(directory)") }
        case .idx(let directory):
            head += ":" + directory
        case .csv(let path, let o):
            head += ":" + path
            let base = CSVOptions()
            if o.label != base.label { options.append("label=\(o.label)") }
            if let h = o.header { options.append("header=\(h ? "yes" : "no")") }
            if o.delimiter != base.delimiter { options.append("sep=\(o.delimiter == "\t" ? "tab" : String(o.delimiter))") }
            if let t = o.testFile { options.append("testfile=\(t)") }
            if o.testFile == nil, o.testFraction != base.testFraction { options.append("test=\(o.testFraction)") }
            if o.testFile == nil, o.seed != base.seed { options.append("seed=\(o.seed)") }
        }
        if standardization != DatasetSpec.defaultStandardization(source) {
            options.append("std=\(standardization?.rawValue ?? "none")")
        }
        if options.isEmpty { return head }
        let separator = head.contains(":") ? "," : ":"
        return head + separator + options.joined(separator: ",")
    }
}
