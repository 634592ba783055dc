/// A JSON document as a value, with object keys in file order.
///
/// proxlab reads presets, experiments and run logs with this instead of
/// JSONSerialization because it must tell a boolean from a number on every
/// platform, keep the order of fields when writing, and report a syntax error
/// by line and column.
public enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.number(x), .number(y)): return x == y
        case let (.string(x), .string(y)): return x == y
        case let (.array(x), .array(y)): return x == y
        case let (.object(x), .object(y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let b): hasher.combine(b)
        case .number(let n): hasher.combine(n)
        case .string(let s): hasher.combine(s)
        case .array(let a): hasher.combine(a)
        case .object(let o): for (k, v) in o { hasher.combine(k); hasher.combine(v) }
        }
    }

    public subscript(key: String) -> JSONValue? {
        if case .object(let fields) = self { return fields.first { $0.key == key }?.value }
        return nil
    }

    public var keys: [String] {
        if case .object(let fields) = self { return fields.map(\.key) }
        return []
    }

    public var stringValue: String? { if case .string(let s) = self { return s }; return nil }
    public var numberValue: Double? { if case .number(let n) = self { return n }; return nil }
    public var boolValue: Bool? { if case .bool(let b) = self { return b }; return nil }
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { return a }; return nil }
    public var isNull: Bool { self == .null }

    /// The kind, for error messages ("expected a string, got a number").
    public var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

// MARK: - Building

extension JSONValue {
    /// This object with one more field at the end (a non-object is returned as it is).
    public func adding(_ key: String, _ value: JSONValue) -> JSONValue {
        guard case .object(let fields) = self else { return self }
        return .object(fields + [(key, value)])
    }
}

// MARK: - Writing

extension JSONValue {
    /// Compact text on one line (JSON Lines, `--json` output).
    public var compactText: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return Self.number(n)
        case .string(let s): return quote(s)
        case .array(let a): return "[" + a.map(\.compactText).joined(separator: ",") + "]"
        case .object(let o): return "{" + o.map { quote($0.key) + ":" + $0.value.compactText }.joined(separator: ",") + "}"
        }
    }

    /// Indented text for files people read and edit.
    public func prettyText(indent: String = "") -> String {
        let inner = indent + "  "
        switch self {
        case .array(let a) where !a.isEmpty:
            if a.allSatisfy({ if case .object = $0 { return false }; if case .array = $0 { return false }; return true }) {
                return compactText.replacingOccurrences(of: ",", with: ", ")
            }
            return "[\n" + a.map { inner + $0.prettyText(indent: inner) }.joined(separator: ",\n") + "\n\(indent)]"
        case .object(let o) where !o.isEmpty:
            return "{\n" + o.map { inner + quote($0.key) + ": " + $0.value.prettyText(indent: inner) }.joined(separator: ",\n") + "\n\(indent)}"
        default:
            return compactText
        }
    }

    /// Numbers as JSON allows them: no NaN or infinity (written as null).
    static func number(_ n: Double) -> String {
        guard n.isFinite else { return "null" }
        if n == n.rounded(), abs(n) < 1e15 { return String(Int64(n)) }
        return "\(n)"
    }
}
