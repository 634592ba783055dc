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
        return "\(name) = {\n" + items.map { "    \(PythonLiteral.string($0.0)): \($0.1.text)," }.joined(separator: "\n") + "\n}"
    }
}
