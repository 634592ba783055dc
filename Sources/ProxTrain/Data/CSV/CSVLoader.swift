import Foundation

/// Builds a data set from CSV files (`CSVTable` parses, this numbers the
/// classes and splits).
public enum CSVLoader {
    /// Loads `path` (and `options.testFile`, if set) as a data set.
    ///
    /// Labels become class indices one of two ways. If every label in both
    /// files is a non-negative integer, it is the class index itself (so
    /// `0..9` digits stay `0..9`, and class names are unknown). Otherwise
    /// the distinct labels are sorted (numerically if they are all integers,
    /// such as `-1` and `1`) and numbered from 0, and become the class names.
    /// Features are not standardized here.
    public static func load(_ path: String, options: CSVOptions = CSVOptions(), name: String? = nil) throws -> Dataset {
        let train = try CSVTable.parse(readText(path), file: path, options: options)
        var test: CSVTable?
        if let testPath = options.testFile {
            let t = try CSVTable.parse(readText(testPath), file: testPath, options: options)
            guard t.columnCount == train.columnCount, t.labelColumn == train.labelColumn else {
                throw DataError("\(testPath): \(t.columnCount) columns with the label in column \(t.labelColumn), "
                    + "but \(path) has \(train.columnCount) with the label in column \(train.labelColumn)")
            }
            test = t
        }
        let all = train.labels + (test?.labels ?? [])
        let (classCount, classNames, index) = try numberClasses(all, file: path)
        func split(_ table: CSVTable) -> DataSplit {
            DataSplit(featureCount: table.featureCount, features: table.features,
                      labels: table.labels.map { index[$0]! })
        }
        let trainSplit: DataSplit, testSplit: DataSplit
        if let test {
            (trainSplit, testSplit) = (split(train), split(test))
        } else {
            (trainSplit, testSplit) = split(train).stratified(testFraction: options.testFraction, seed: options.seed)
        }
        return Dataset(name: name ?? "csv:\(path)", featureCount: train.featureCount, classCount: classCount,
                       classNames: classNames, train: trainSplit, test: testSplit)
    }

    static func numberClasses(_ labels: [String], file: String) throws
        -> (count: Int, names: [String]?, index: [String: Int32]) {
        let distinct = Set(labels)
        let integers = distinct.compactMap { s in Int(s).map { (s, $0) } }
        if integers.count == distinct.count, integers.allSatisfy({ $0.1 >= 0 }) {
            let largest = integers.map(\.1).max() ?? 0
            guard largest < 1 << 16 else {
                throw DataError("\(file): label \(largest) is too large for a class index (use names, or 0..<65536)")
            }
            return (largest + 1, nil, Dictionary(uniqueKeysWithValues: integers.map { ($0.0, Int32($0.1)) }))
        }
        let names = integers.count == distinct.count
            ? integers.sorted { $0.1 < $1.1 }.map(\.0)
            : distinct.sorted()
        return (names.count, names, Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, Int32($0)) }))
    }

    static func readText(_ path: String) throws -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DataError("\(path): no such file")
        }
        if isDirectory.boolValue { throw DataError("\(path): is a directory, expected a CSV file") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DataError("\(path): cannot read")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DataError("\(path): not UTF-8 text")
        }
        return text
    }
}
