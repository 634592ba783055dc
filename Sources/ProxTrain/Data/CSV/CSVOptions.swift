/// How to read a CSV file of labelled examples.
///
/// The defaults read the most common layout, a class label followed by
/// numeric features, with or without a header line:
///
///     species,sepal_length,sepal_width      label column 0, header detected
///     setosa,5.1,3.5
///
/// Every other column must be a number; the label may be an integer class
/// index or any text (class names are then sorted and numbered from 0).
public struct CSVOptions: Sendable, Equatable {
    /// Which column holds the label.
    public enum Column: Sendable, Equatable, CustomStringConvertible {
        /// 0-based position; negative counts from the end (-1 is the last).
        case index(Int)
        /// A header name (requires a header line).
        case name(String)

        public var description: String {
            switch self {
            case .index(let i): "\(i)"
            case .name(let s): s
            }
        }
    }

    public var label: Column = .index(0)
    /// `true`: the first line names the columns; `false`: it is data;
    /// `nil`: a header exactly when a feature field of the first line is not
    /// a number (or when the label column is given by name).
    public var header: Bool? = nil
    public var delimiter: Character = ","
    /// A separate test file with the same columns; when absent the test split
    /// is `testFraction` of the file, stratified by class and seeded by `seed`.
    public var testFile: String? = nil
    public var testFraction: Double = 0.2
    public var seed: UInt64 = 0

    public init(label: Column = .index(0), header: Bool? = nil, delimiter: Character = ",",
                testFile: String? = nil, testFraction: Double = 0.2, seed: UInt64 = 0) {
        self.label = label
        self.header = header
        self.delimiter = delimiter
        self.testFile = testFile
        self.testFraction = testFraction
        self.seed = seed
    }
}
