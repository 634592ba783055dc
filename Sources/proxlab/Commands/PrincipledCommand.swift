import ProxCore

/// `proxlab principled`: docs/THEORY.md section 4's synthesis. Given B and a
/// proximal P (sign by default), F = B o P passes the decomposition check by
/// construction; this prints the pair and its checks.
enum PrincipledCommand {
    static let usage = """
    usage: proxlab principled --backward EXPR [--prox EXPR] [--schedule SPEC] [--json]
           proxlab principled <preset-name | preset-file> [--json]

    Builds the pair (F = B o P, B): keeps the backward map, sets the forward map
    to B after P (P = sign unless given), and prints it with its checks. This is
    how BNN++ comes from BNN+.

    exit status: 0 guaranteed, 3 heuristic, 2 bad input

    examples:
      proxlab principled --backward 'signswish(mu)' --schedule 'linear(5, 50)'
      proxlab principled bnnplus
    """

    static func run(_ args: [String]) throws(CLIError) -> (output: String, status: Int32) {
        let a = try Arguments(args, command: "principled", options: ["backward", "prox", "schedule", "backward-at"], flags: ["json"])
        var pair: QuantizerPair
        if let first = a.positionals.first {
            guard let loaded = try CLI.loadPair(first, command: "principled") else {
                throw CLIError("proxlab principled: no preset named '\(first)' (see proxlab presets)")
            }
            pair = loaded
            pair.name += "-principled"
            pair.title += " (principled)"
            if let b = a["backward"] { pair.backward = try CLI.parseExpression(b, what: "--backward", command: "principled") }
        } else {
            guard let b = a["backward"] else { throw CLIError("proxlab principled: give --backward EXPR or a preset") }
            pair = QuantizerPair(name: "principled", forward: .sign,
                                 backward: try CLI.parseExpression(b, what: "--backward", command: "principled"))
        }
        try PairInput.applyOverrides(a, to: &pair, command: "principled")
        pair = pair.principled()
        try CLI.validate(pair, command: "principled")
        let report = GuaranteeChecker.check(pair)
        let status: Int32 = report.verdict == .guaranteed ? 0 : 3
        if a.has("json") { return (CheckReportText.json(pair, report).compactText + "\n", status) }
        let header = "synthesized: F = B o P = \(pair.forward)\n\n"
        return (header + CheckReportText.text(pair, report, color: Output.colorAllowed), status)
    }
}
