import ProxCore

/// `proxlab presets`: the built-in pairs, one line each, with the verdict so
/// a newcomer sees at once which methods the theory covers.
enum PresetsCommand {
    static let usage = """
    usage: proxlab presets [--json]

    Lists the built-in quantizer pairs in presets/quantizers/ with their verdict
    (guaranteed or heuristic, docs/THEORY.md section 4) and a one-line description.

    example:
      proxlab presets
    """

    static func run(_ args: [String]) throws(CLIError) -> (output: String, status: Int32) {
        let a = try Arguments(args, command: "presets", options: [], flags: ["json"])
        if let extra = a.positionals.first { throw CLIError("proxlab presets: unexpected argument '\(extra)'") }
        let pairs: [QuantizerPair]
        do { pairs = try PresetLibrary.builtinPairs() } catch { throw CLIError("proxlab presets: \(error)") }
        if pairs.isEmpty {
            throw CLIError("proxlab presets: no presets found in \(PresetLibrary.quantizerDirectory) (set PROXLAB_PRESETS to the presets folder)")
        }
        let reports = pairs.map { GuaranteeChecker.check($0) }
        if a.has("json") {
            let items = zip(pairs, reports).map { pair, report in
                JSONValue.object([("name", .string(pair.name)), ("title", .string(pair.title)),
                                  ("forward", .string(pair.forward.description)), ("backward", .string(pair.backward.description)),
                                  ("verdict", .string(report.verdict.rawValue)), ("description", .string(pair.summary))])
            }
            return (JSONValue.array(items).compactText + "\n", 0)
        }
        var rows = [["name", "method", "forward F", "backward B", "verdict", "about"]]
        for (pair, report) in zip(pairs, reports) {
            rows.append([pair.name, pair.title, pair.forward.description, pair.backward.description,
                         report.verdict.rawValue, firstSentence(pair.summary)])
        }
        return (table(rows).joined(separator: "\n") + "\n", 0)
    }

    /// The description's first sentence, cut to keep the listing one line a pair.
    static func firstSentence(_ text: String, limit: Int = 64) -> String {
        var s = text.range(of: ". ").map { String(text[..<$0.lowerBound]) + "." } ?? text
        if s.count > limit { s = String(s.prefix(limit - 3)).trimmingCharacters(in: .whitespaces) + "..." }
        return s
    }
}
