import Foundation

/// Finds the built-in presets and resolves what a user names on the command
/// line: a preset name (`bnn`), a file path, or neither.
public enum PresetLibrary {
    /// The `presets` folder: $PROXLAB_PRESETS, else the nearest `presets/`
    /// above the executable (so `.build/release/proxlab` finds the checkout's),
    /// else `./presets`.
    public static func directory() -> String {
        if let env = ProcessInfo.processInfo.environment["PROXLAB_PRESETS"], !env.isEmpty { return env }
        var url = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
        for _ in 0..<6 {
            url = url.deletingLastPathComponent()
            let candidate = url.appendingPathComponent("presets/quantizers")
            if FileManager.default.fileExists(atPath: candidate.path) {
                return url.appendingPathComponent("presets").path
            }
        }
        return FileManager.default.currentDirectoryPath + "/presets"
    }

    public static var quantizerDirectory: String { directory() + "/quantizers" }

    /// The built-in pairs' files, sorted by the order of the methods' history.
    public static func builtinPairFiles() -> [String] {
        let dir = quantizerDirectory
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        let order = ["bc", "bnn", "bireal", "bnnplus", "bnnplusplus", "proxconnect", "proxquant"]
        return names.filter { $0.hasSuffix(".json") }
            .sorted { a, b in
                let ia = order.firstIndex(of: String(a.dropLast(5))) ?? order.count
                let ib = order.firstIndex(of: String(b.dropLast(5))) ?? order.count
                return ia == ib ? a < b : ia < ib
            }
            .map { dir + "/" + $0 }
    }

    public static func builtinPairs() throws(PresetError) -> [QuantizerPair] {
        var pairs: [QuantizerPair] = []
        for file in builtinPairFiles() { pairs.append(try PairPreset.load(path: file)) }
        return pairs
    }

    /// A preset name or a path to a pair file; nil when it is neither (the
    /// caller may then try it as an expression).
    public static func resolvePair(_ nameOrPath: String) throws(PresetError) -> QuantizerPair? {
        if nameOrPath.hasSuffix(".json") || nameOrPath.contains("/") {
            return try PairPreset.load(path: nameOrPath)
        }
        let file = quantizerDirectory + "/\(nameOrPath.lowercased()).json"
        if FileManager.default.fileExists(atPath: file) { return try PairPreset.load(path: file) }
        return nil
    }
}
