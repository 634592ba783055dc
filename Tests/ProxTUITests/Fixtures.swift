import ProxCore
import ProxTUI
import Foundation

/// Pairs and states built in code, so screen tests never depend on the
/// presets folder or the clock.
enum Fixtures {
    static let bnnPlus = QuantizerPair(name: "bnnplus", forward: .sign, backward: try! Quantizer(parsing: "signswish(5)"),
                                       prox: .sign, latentClip: 1, title: "BNN+")
    static let bnn = QuantizerPair(name: "bnn", forward: .sign, backward: try! Quantizer(parsing: "clip(1)"),
                                   prox: .sign, latentClip: 1, title: "BNN")

    static let bc = QuantizerPair(name: "bc", forward: .sign, backward: .identity, prox: .sign, title: "BinaryConnect")

    static let library = PresetCatalog(
        pairs: [.init(name: "bc", path: "/nonexistent/bc.json", summary: "sign / id", pair: bc),
                .init(name: "bnn", path: "/nonexistent/bnn.json", summary: "sign / clip(1)", pair: bnn),
                .init(name: "bnnplus", path: "/nonexistent/bnnplus.json", summary: "sign / signswish(5)", pair: bnnPlus)],
        experiments: [.init(name: "moons-all", path: "/nonexistent/moons-all.json", summary: "all pairs on moons")],
        shippedFolder: "presets/quantizers")

    static func state(_ width: Int = 80, _ height: Int = 24, pair: QuantizerPair = bnnPlus, mode: ColorModeChoice = .color) -> AppState {
        AppState(width: width, height: height, pair: pair, path: "presets/quantizers/\(pair.name).json",
                 library: library, colorMode: mode == .color ? .ansi256 : .none, unicode: mode != .ascii)
    }

    enum ColorModeChoice { case color, mono, ascii }
}

extension AppState {
    /// Feeds messages in order, collecting every effect.
    @discardableResult
    mutating func send(_ messages: [Message]) -> [Effect] {
        messages.flatMap { update($0) }
    }

    @discardableResult
    mutating func press(_ keys: KeyPress...) -> [Effect] {
        keys.flatMap { update(.input(.key($0))) }
    }

    /// Types text character by character.
    @discardableResult
    mutating func type(_ text: String) -> [Effect] {
        text.flatMap { update(.input(.key(.char($0)))) }
    }
}
