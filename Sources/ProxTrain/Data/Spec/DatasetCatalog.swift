/// The data sets a user can name, with their options and defaults, for
/// `proxlab datasets`, `--help` and the workbench's picker.
public enum DatasetCatalog {
    public struct Entry: Sendable, Equatable {
        /// What to type: a name, or a prefix followed by a path.
        public var name: String
        /// The options and their defaults.
        public var usage: String
        public var summary: String
    }

    public static let entries: [Entry] = [
        Entry(name: "moons", usage: "moons[:n=1000,noise=0.1,seed=0,test=0.2]",
              summary: "two interleaving half circles (scikit-learn make_moons)"),
        Entry(name: "circles", usage: "circles[:n=1000,noise=0.05,factor=0.5,seed=0,test=0.2]",
              summary: "a circle inside another (scikit-learn make_circles)"),
        Entry(name: "spirals", usage: "spirals[:n=1000,noise=0.05,turns=1.5,seed=0,test=0.2]",
              summary: "two interleaved spirals, the hardest 2-D set"),
        Entry(name: "xor", usage: "xor[:n=1000,noise=0.05,seed=0,test=0.2]",
              summary: "four quadrants, opposite ones share a class"),
        Entry(name: "blobs", usage: "blobs[:k=3,n=1000,noise=0.2,seed=0,test=0.2]",
              summary: "k Gaussian clusters on the unit circle, k classes"),
        Entry(name: "fashion-mnist", usage: "fashion-mnist[:dir=PATH]",
              summary: "28x28 clothing images, 60000 train / 10000 test, 10 classes (apt-get install dataset-fashion-mnist; FMNIST_DIR)"),
        Entry(name: "idx:DIR", usage: "idx:DIR",
              summary: "a directory of MNIST-style IDX files: train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], t10k-..."),
        Entry(name: "csv:FILE", usage: "csv:FILE[,label=0,header=auto,sep=comma,test=0.2,testfile=PATH,seed=0]",
              summary: "a label column (index, -1 for last, or header name) and numeric feature columns"),
    ]

    /// Every option `std=none|global|feature` applies to all entries.
    public static let standardizationNote =
        "std=none|global|feature (default: none for 2-D sets, global for images, feature for CSV)"

    /// One line per entry, the summary in a second column; `usage` adds
    /// each entry's options and defaults on an indented line below it, and
    /// the note on `std` at the end.
    public static func listing(usage: Bool = false) -> String {
        let width = entries.map(\.name.count).max() ?? 0
        let indent = String(repeating: " ", count: width + 2)
        var lines = [String]()
        for e in entries {
            lines.append(e.name + String(repeating: " ", count: width - e.name.count + 2) + e.summary)
            if usage { lines.append(indent + e.usage) }
        }
        if usage { lines.append("options for all: " + standardizationNote) }
        return lines.joined(separator: "\n")
    }
}
