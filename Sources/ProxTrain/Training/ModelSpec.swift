import Foundation

/// The model family and its sizes, as a user writes it: `mlp:512,512`
/// (hidden widths; input and classes come from the data), `mlp:64,64/hardtanh`
/// (another activation), or `cnn`.
public enum ModelSpec: Sendable, Equatable, CustomStringConvertible {
    case mlp(hidden: [Int], activation: Activation = .relu)
    case cnn

    public struct Problem: Error, Sendable { public let message: String }

    public init(parsing text: String) throws(Problem) {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        if t == "cnn" { self = .cnn; return }
        guard t.hasPrefix("mlp") else {
            throw Problem(message: "unknown model \"\(text)\": expected mlp:W,W,... (hidden widths) or cnn")
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
        var hidden: [Int] = []
        if rest.hasPrefix(":") {
            for part in rest.dropFirst().split(separator: ",", omittingEmptySubsequences: false) {
                guard let w = Int(part.trimmingCharacters(in: .whitespaces)), w > 0, w <= 65536 else {
                    throw Problem(message: "hidden width \"\(part)\" in \"\(text)\" is not a whole number in 1...65536")
                }
                hidden.append(w)
            }
        } else if !rest.isEmpty {
            throw Problem(message: "expected ':' after mlp in \"\(text)\" (e.g. mlp:512,512)")
        }
        self = .mlp(hidden: hidden, activation: activation)
    }

    public var description: String {
        switch self {
        case .cnn: return "cnn"
        case .mlp(let hidden, let activation):
            let widths = hidden.isEmpty ? "mlp" : "mlp:" + hidden.map(String.init).joined(separator: ",")
            return activation == .relu ? widths : widths + "/" + activation.rawValue
        }
    }
}
