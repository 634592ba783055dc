/// A preset file that cannot be used, with the file, the field and the reason,
/// printed as one line: `presets/quantizers/x.json: field 'forward': ...`.
public struct PresetError: Error, Equatable, Sendable, CustomStringConvertible {
    public let file: String
    public let field: String?
    public let reason: String

    public init(file: String, field: String? = nil, reason: String) {
        self.file = file
        self.field = field
        self.reason = reason
    }

    public var description: String {
        if let field { return "\(file): field '\(field)': \(reason)" }
        return "\(file): \(reason)"
    }
}
