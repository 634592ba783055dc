import Foundation

/// Typed, strict access to the top-level object of a preset or experiment
/// file, turning every problem into a `PresetError` with the file and field.
public struct PresetReader {
    public let file: String
    public let value: JSONValue

    public init(data: Data, file: String) throws(PresetError) {
        self.file = file
        guard !data.isEmpty else { throw PresetError(file: file, reason: "the file is empty; expected a JSON object") }
        guard let text = String(data: data, encoding: .utf8) else { throw PresetError(file: file, reason: "not UTF-8 text") }
        do { value = try JSONValue(parsing: text) } catch {
            throw PresetError(file: file, reason: "not valid JSON at \(error)")
        }
        guard case .object = value else {
            throw PresetError(file: file, reason: "expected a JSON object at the top level, got \(value.kindName)")
        }
    }

    public init(value: JSONValue, file: String) {
        self.file = file
        self.value = value
    }

    /// Rejects unknown fields (a typo must not silently change a run) and missing required ones.
    public func allowOnly(_ fields: [String], required: Set<String>) throws(PresetError) {
        for key in value.keys where !fields.contains(key) {
            throw PresetError(file: file, field: key, reason: "unknown field; fields are \(fields.joined(separator: ", "))")
        }
        for key in fields where required.contains(key) && value[key] == nil {
            throw PresetError(file: file, field: key, reason: "missing (required)")
        }
    }

    public func string(_ key: String) throws(PresetError) -> String? {
        guard let v = value[key], !v.isNull else { return nil }
        guard let s = v.stringValue else { throw PresetError(file: file, field: key, reason: "expected a string, got \(v.kindName)") }
        return s
    }

    public func number(_ key: String) throws(PresetError) -> Double? {
        guard let v = value[key], !v.isNull else { return nil }
        guard let n = v.numberValue else { throw PresetError(file: file, field: key, reason: "expected a number, got \(v.kindName)") }
        return n
    }

    public func integer(_ key: String, minimum: Int = Int.min) throws(PresetError) -> Int? {
        guard let n = try number(key) else { return nil }
        guard n == n.rounded(), abs(n) < 1e15, Int(n) >= minimum else {
            throw PresetError(file: file, field: key, reason: "expected a whole number >= \(minimum), got \(formatNumber(n))")
        }
        return Int(n)
    }

    public func bool(_ key: String) throws(PresetError) -> Bool? {
        guard let v = value[key], !v.isNull else { return nil }
        guard let b = v.boolValue else { throw PresetError(file: file, field: key, reason: "expected true or false, got \(v.kindName)") }
        return b
    }

    public func strings(_ key: String) throws(PresetError) -> [String]? {
        guard let v = value[key], !v.isNull else { return nil }
        if let s = v.stringValue { return [s] }
        guard let items = v.arrayValue else { throw PresetError(file: file, field: key, reason: "expected a string or an array of strings, got \(v.kindName)") }
        var out: [String] = []
        for item in items {
            guard let s = item.stringValue else { throw PresetError(file: file, field: key, reason: "expected strings in the array, got \(item.kindName)") }
            out.append(s)
        }
        return out
    }
}
