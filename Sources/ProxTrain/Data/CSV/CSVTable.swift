/// One CSV file parsed into numeric feature rows and raw label text, before
/// labels are numbered (numbering needs the training and test files together).
public struct CSVTable: Sendable, Equatable {
    public var file: String
    /// Column names from the header line, if there was one.
    public var header: [String]?
    /// Position of the label column among all columns.
    public var labelColumn: Int
    public var columnCount: Int
    /// Row-major `[labels.count, columnCount - 1]`.
    public var features: [Float]
    public var labels: [String]
    /// 1-based line number of each row, for messages about its label.
    public var lines: [Int]

    public var featureCount: Int { columnCount - 1 }

    /// Parses CSV text. `file` only names the source in error messages,
    /// which read `file:line:column: reason`.
    ///
    /// Fields are separated by `options.delimiter` and may be quoted with
    /// `"` (a doubled `""` inside quotes is a literal quote), as in RFC 4180,
    /// except that a quoted field cannot span lines. Spaces around fields are
    /// ignored; so are blank lines and lines starting with `#`. Numbers are
    /// read by `Float.init?(_:)`, which ignores the locale (a `de_DE` user
    /// still writes `0.5`); NaN and infinities are refused.
    public static func parse(_ text: String, file: String, options: CSVOptions = CSVOptions()) throws -> CSVTable {
        var table = CSVTable(file: file, header: nil, labelColumn: 0, columnCount: 0,
                             features: [], labels: [], lines: [])
        var first = true
        var lineNumber = 0
        // "\r\n" is one Character in Swift, so it must be named as a separator.
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            lineNumber += 1
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let row = try CSVRow(line, delimiter: options.delimiter, file: file, line: lineNumber)
            if first {
                first = false
                if try table.start(row, options: options, line: lineNumber) { continue }
            }
            try table.append(row, line: lineNumber)
        }
        if first { throw DataError("\(file): no data (the file is empty)") }
        if table.labels.isEmpty { throw DataError("\(file): no data rows after the header") }
        return table
    }

    /// Takes the column layout from the first line; returns true if it was a header.
    private mutating func start(_ row: CSVRow, options: CSVOptions, line: Int) throws -> Bool {
        columnCount = row.fields.count
        guard columnCount >= 2 else {
            throw DataError("\(file):\(line): one column; expected a label column and at least one feature column "
                + "(is the delimiter '\(options.delimiter)'?)")
        }
        switch options.label {
        case .index(let i):
            labelColumn = i < 0 ? columnCount + i : i
            guard labelColumn >= 0, labelColumn < columnCount else {
                throw DataError("\(file):\(line): label column \(i) is out of range (\(columnCount) columns)")
            }
        case .name(let name):
            guard options.header != false else {
                throw DataError("\(file):\(line): label column '\(name)' given by name, but the file has no header")
            }
            guard let i = row.fields.firstIndex(where: { $0 == name }) else {
                throw DataError("\(file):\(line): no column named '\(name)' (columns: \(row.fields.joined(separator: ", ")))")
            }
            labelColumn = i
        }
        let isHeader = options.header ?? {
            if case .name = options.label { return true }
            return row.fields.indices.contains { $0 != labelColumn && Float(row.fields[$0]) == nil }
        }()
        if isHeader { header = row.fields.map(String.init) }
        return isHeader
    }

    private mutating func append(_ row: CSVRow, line: Int) throws {
        guard row.fields.count == columnCount else {
            let column = row.fields.count > columnCount ? row.columns[columnCount] : row.end
            throw DataError("\(file):\(line):\(column): \(row.fields.count) fields, expected \(columnCount)")
        }
        for (j, field) in row.fields.enumerated() {
            if j == labelColumn {
                if field.isEmpty { throw DataError("\(file):\(line):\(row.columns[j]): empty label") }
                labels.append(String(field))
                continue
            }
            guard let value = Float(field) else {
                let what = field.isEmpty ? "empty field" : "'\(field)' is not a number"
                throw DataError("\(file):\(line):\(row.columns[j]): \(what)\(columnName(j))")
            }
            guard value.isFinite else {
                throw DataError("\(file):\(line):\(row.columns[j]): '\(field)' is not a finite number\(columnName(j))")
            }
            features.append(value)
        }
        lines.append(line)
    }

    private func columnName(_ j: Int) -> String {
        header.map { " (column '\($0[j])')" } ?? ""
    }
}
