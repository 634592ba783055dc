import Foundation

/// The model family and its sizes, as a user writes it: `mlp:512,512`
/// (hidden widths; input and classes come from the data), `mlp:64,64/hardtanh`
/// (another activation), `cnn`, `cnn/identity` (the CNN with another
/// activation: a binary CNN's sign follows batch norm directly, since
/// sign(ReLU(x)) is always +1), or `resnet:16,32,64` (a residual binary CNN,
/// channels per stage; `resnet` alone is that).
public enum ModelSpec: Sendable, Equatable, CustomStringConvertible {
    case mlp(hidden: [Int], activation: Activation = .relu)
    case cnn(activation: Activation)
    case resnet(widths: [Int])

    /// The CNN with ReLU. (`case .cnn:` patterns match every activation.)
    public static var cnn: ModelSpec { .cnn(activation: .relu) }

    /// The stages of `resnet` without widths.
    public static let resnetWidths = [16, 32, 64]

    public struct Problem: Error, Sendable { public let message: String }

    public init(parsing text: String) throws(Problem) {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        if t.hasPrefix("resnet") {
            let rest = t.dropFirst(6)
            guard !rest.isEmpty else { self = .resnet(widths: Self.resnetWidths); return }
            guard rest.hasPrefix(":") else { throw Problem(message: "expected ':' after resnet in \"\(text)\" (e.g. resnet:16,32,64)") }
            self = .resnet(widths: try Self.widths(rest.dropFirst(), in: text, what: "stage width", limit: 4096))
            return
        }
        let isCNN = t == "cnn" || t.hasPrefix("cnn/")
        guard t.hasPrefix("mlp") || isCNN else {
            throw Problem(message: "unknown model \"\(text)\": expected mlp:W,W,... (hidden widths), cnn[/ACT] or resnet:W,W,... (channels per stage)")
        }
        var rest = Substring(t.dropFirst(3))
        var activation = Activation.relu
        if let slash = rest.firstIndex(of: "/") {
            let name = String(rest[rest.index(after: slash)...])
            guard let a = Activation(rawValue: name) else {
                throw Problem(message: "unknown activation \"\(name)\" in \"\(text)\"; activations: \(Activation.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            activation = a
            rest = rest[..<slash]
        }
        if isCNN { self = .cnn(activation: activation); return }
        var hidden: [Int] = []
        if rest.hasPrefix(":") {
            hidden = try Self.widths(rest.dropFirst(), in: text, what: "hidden width", limit: 65536)
        } else if !rest.isEmpty {
            throw Problem(message: "expected ':' after mlp in \"\(text)\" (e.g. mlp:512,512)")
        }
        self = .mlp(hidden: hidden, activation: activation)
    }

    /// True for the convolutional models.
    public var needsImages: Bool {
        if case .mlp = self { return false }
        return true
    }

    /// Comma-separated widths, each a whole number in 1...limit.
    private static func widths(_ list: Substring, in text: String, what: String, limit: Int) throws(Problem) -> [Int] {
        var widths: [Int] = []
        for part in list.split(separator: ",", omittingEmptySubsequences: false) {
            guard let w = Int(part.trimmingCharacters(in: .whitespaces)), w > 0, w <= limit else {
                throw Problem(message: "\(what) \"\(part)\" in \"\(text)\" is not a whole number in 1...\(limit)")
            }
            widths.append(w)
        }
        return widths
    }

    public var description: String {
        switch self {
        case .cnn(let activation): return activation == .relu ? "cnn" : "cnn/" + activation.rawValue
        case .resnet(let widths): return "resnet:" + widths.map(String.init).joined(separator: ",")
        case .mlp(let hidden, let activation):
            let widths = hidden.isEmpty ? "mlp" : "mlp:" + hidden.map(String.init).joined(separator: ",")
            return activation == .relu ? widths : widths + "/" + activation.rawValue
        }
    }
}
