import Foundation

extension DatasetSpec {
    /// Parses `name[:options]`, where options are `key=value` pairs separated
    /// by commas; for `idx:` and `csv:` the first item after the colon is the
    /// path (so a path cannot contain a comma).
    ///
    /// Every problem is one line naming the data set and the option:
    /// `moons: unknown option 'nosie' (options: n, noise, seed, test, std)`,
    /// `blobs: k must be an integer in 2...64, got '1'`.
    public static func parse(_ text: String) throws -> DatasetSpec {
        let text = text.trimmingCharacters(in: .whitespaces)
        let (name, rest) = text.firstIndex(of: ":").map { (String(text[..<$0]), String(text[text.index(after: $0)...])) }
            ?? (text, "")
        var items = rest.isEmpty ? [] : rest.split(separator: ",", omittingEmptySubsequences: false).map(String.init)

        if let shape = ToySpec.Shape(rawValue: name) {
            var toy = ToySpec(shape)
            var extra = ["n", "noise", "seed", "test", "std"]
            switch shape {
            case .circles: extra.insert("factor", at: 2)
            case .spirals: extra.insert("turns", at: 2)
            case .blobs: extra.insert("k", at: 0)
            case .moons, .xor: break
            }
            let options = try SpecOptions(name, items, allowed: extra)
            if let k = try options.int("k", 2 ... 64) { toy.k = k }
            if let n = try options.int("n", toy.classCount ... 10_000_000) { toy.n = n }
            if let noise = try options.double("noise", 0 ... 10) { toy.noise = noise }
            if let factor = try options.double("factor", 0 ... 1, open: true) { toy.factor = factor }
            if let turns = try options.double("turns", 0 ... 20, openBelow: true) { toy.turns = turns }
            if let seed = try options.seed() { toy.seed = seed }
            if let test = try options.fraction() { toy.testFraction = test }
            return DatasetSpec(.toy(toy), standardization: try options.standardization(default: nil))
        }

        switch name {
        case "fashion-mnist", "fmnist":
            let options = try SpecOptions("fashion-mnist", items, allowed: ["dir", "std"])
            let source = Source.fashionMNIST(directory: try options.text("dir"))
            return DatasetSpec(source, standardization: try options.standardization(default: .global))
        case "idx":
            let path = try takePath(&items, name: "idx", what: "a directory", example: "idx:/path/to/mnist")
            let options = try SpecOptions("idx", items, allowed: ["std"])
            return DatasetSpec(.idx(directory: path), standardization: try options.standardization(default: .global))
        case "csv":
            let path = try takePath(&items, name: "csv", what: "a file", example: "csv:/path/to/data.csv")
            let options = try SpecOptions("csv", items, allowed: ["label", "header", "sep", "test", "testfile", "seed", "std"])
            var csv = CSVOptions()
            if let label = try options.text("label") { csv.label = Int(label).map { .index($0) } ?? .name(label) }
            if let header = try options.choice("header", ["yes": true, "no": false, "auto": nil]) { csv.header = header }
            if let sep = try options.choice("sep", [",": ",", "comma": ",", ";": ";", "semicolon": ";",
                                                     "tab": "\t", "|": "|", " ": " ", "space": " "] as [String: Character]) {
                csv.delimiter = sep
            }
            csv.testFile = try options.text("testfile")
            if let test = try options.fraction() {
                if csv.testFile != nil { throw DataError("csv: give either test (a fraction) or testfile, not both") }
                csv.testFraction = test
            }
            if let seed = try options.seed() { csv.seed = seed }
            return DatasetSpec(.csv(path: path, options: csv), standardization: try options.standardization(default: .perFeature))
        default:
            var message = "unknown dataset '\(name)': expected one of " + DatasetCatalog.entries.map(\.name).joined(separator: ", ")
            if name.hasSuffix(".csv") || name.contains("/") { message += " (for a file, write csv:\(text) or idx:\(text))" }
            throw DataError(message)
        }
    }

    private static func takePath(_ items: inout [String], name: String, what: String, example: String) throws -> String {
        guard let first = items.first, !first.isEmpty, !first.contains("=") else {
            throw DataError("\(name): needs \(what), as in \(example)")
        }
        items.removeFirst()
        return first
    }
}

/// The `key=value` options of one spec, checked against the allowed keys.
private struct SpecOptions {
    let name: String
    let allowed: [String]
    var values: [String: String] = [:]

    init(_ name: String, _ items: [String], allowed: [String]) throws {
        self.name = name
        self.allowed = allowed
        for item in items {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = parts[0].trimmingCharacters(in: .whitespaces)
            guard parts.count == 2, !key.isEmpty else {
                throw DataError("\(name): expected key=value, got '\(item)'")
            }
            guard allowed.contains(key) else {
                throw DataError("\(name): unknown option '\(key)' (options: \(allowed.joined(separator: ", ")))")
            }
            guard values[key] == nil else { throw DataError("\(name): option '\(key)' given twice") }
            values[key] = String(parts[1])
        }
    }

    func text(_ key: String) throws -> String? {
        guard let value = values[key] else { return nil }
        if value.isEmpty { throw DataError("\(name): \(key) needs a value") }
        return value
    }

    func int(_ key: String, _ range: ClosedRange<Int>) throws -> Int? {
        guard let raw = values[key] else { return nil }
        guard let v = Int(raw), range.contains(v) else {
            throw DataError("\(name): \(key) must be an integer in \(range.lowerBound)...\(range.upperBound), got '\(raw)'")
        }
        return v
    }

    /// A finite number in `range`, with either end optionally excluded.
    func double(_ key: String, _ range: ClosedRange<Double>, open: Bool = false, openBelow: Bool = false,
                openAbove: Bool = false) throws -> Double? {
        guard let raw = values[key] else { return nil }
        let below = open || openBelow, above = open || openAbove
        guard let v = Double(raw), v.isFinite,
              below ? v > range.lowerBound : v >= range.lowerBound,
              above ? v < range.upperBound : v <= range.upperBound else {
            let interval = (below ? "(" : "[") + "\(range.lowerBound), \(range.upperBound)" + (above ? ")" : "]")
            throw DataError("\(name): \(key) must be a number in \(interval), got '\(raw)'")
        }
        return v
    }

    func seed() throws -> UInt64? {
        guard let raw = values["seed"] else { return nil }
        guard let v = UInt64(raw) else {
            throw DataError("\(name): seed must be a non-negative integer, got '\(raw)'")
        }
        return v
    }

    /// The test fraction: training must keep at least part of the data.
    func fraction() throws -> Double? {
        try double("test", 0 ... 1, openAbove: true)
    }

    func choice<T>(_ key: String, _ choices: [String: T]) throws -> T? {
        guard let raw = values[key] else { return nil }
        guard let v = choices[raw] else {
            throw DataError("\(name): \(key) must be one of \(choices.keys.sorted().joined(separator: ", ")), got '\(raw)'")
        }
        return v
    }

    func standardization(default mode: Standardization.Mode?) throws -> Standardization.Mode? {
        let choices: [String: Standardization.Mode?] = ["none": nil, "global": .global, "feature": .perFeature]
        guard let chosen = try choice("std", choices) else { return mode }
        return chosen
    }
}
