import ProxCore

/// A Python literal built from JSON-like values, for the configuration
/// dictionaries of train.py (`DATA = {...}`, `MODEL = {...}`).
public indirect enum PythonValue: Sendable, Equatable {
    case none
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
    case list([PythonValue])
    case dict([(String, PythonValue)])

    public static func == (a: PythonValue, b: PythonValue) -> Bool { a.text == b.text }

    /// JSON as Python: null is None, whole numbers are ints.
    public init(json: JSONValue) {
        switch json {
        case .null: self = .none
        case .bool(let b): self = .bool(b)
        case .number(let v): self = v == v.rounded() && abs(v) < 1e15 ? .int(Int(v)) : .float(v)
        case .string(let s): self = .string(s)
        case .array(let items): self = .list(items.map(PythonValue.init(json:)))
        case .object(let fields): self = .dict(fields.map { ($0.key, PythonValue(json: $0.value)) })
        }
    }

    public var text: String {
        switch self {
        case .none: return "None"
        case .bool(let b): return PythonLiteral.bool(b)
        case .int(let i): return String(i)
        case .float(let v): return PythonLiteral.float(v)
        case .string(let s): return PythonLiteral.string(s)
        case .list(let items): return "[" + items.map(\.text).joined(separator: ", ") + "]"
        case .dict(let items):
            return "{" + items.map { "\(PythonLiteral.string($0.0)): \($0.1.text)" }.joined(separator: ", ") + "}"
        }
    }

    /// `NAME = {...}`, one entry a line when the line would be long.
    public func assignment(_ name: String, width: Int = 96) -> String {
        let single = "\(name) = \(text)"
        guard single.count > width, case .dict(let items) = self else { return single }
        let lines = items.map { key, value -> String in
            let line = "    \(PythonLiteral.string(key)): \(value.text),"
            guard line.count > width, case .string(let text) = value else { return line }
            // A long text in implicitly joined pieces.
            let pieces = PythonLiteral.assignment("x", text, width: width - 4).split(separator: "\n").dropFirst().dropLast()
            return "    \(PythonLiteral.string(key)): (\n" + pieces.map { "    " + $0 }.joined(separator: "\n") + "\n    ),"
        }
        return "\(name) = {\n" + lines.joined(separator: "\n") + "\n}"
    }
}
