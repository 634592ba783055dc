import ProxCore

/// `proxlab check`: the guarantee checks of docs/THEORY.md section 4 for one pair.
/// The exit status carries the verdict so scripts can gate on it.
enum CheckCommand {
    static let usage = """
    usage: proxlab check <preset-name | preset-file> [--schedule SPEC]
                         [--backward-at latent|quantized] [--json]
           proxlab check --forward EXPR --backward EXPR [--prox EXPR] [--schedule SPEC]
                         [--backward-at latent|quantized] [--json]

    Runs every guarantee check on a grid over [-3, 3] at the schedule's mu values
    and prints each with its witness (where it fails worst, at which mu, by how
    much), whether the verdict's route needs it, the verdict and what exactly it
    proves. --backward-at says where B' is read (a preset's own field otherwise):
    with quantized, B.atQ (B'(+-1) > 0) is needed too. A parameter that reads
    the learning rate lr is checked at lr = 0.001.

    exit status: 0 guaranteed, 3 heuristic, 2 bad input

    examples:
      proxlab check bnnplus
      proxlab check bireal --backward-at quantized
      proxlab check --forward 'signswish(mu) . sign' --backward 'signswish(mu)' --schedule 'linear(5, 50)' --json
    """

    static func run(_ args: [String]) throws(CLIError) -> (output: String, status: Int32) {
        let a = try Arguments(args, command: "check", options: PairInput.options, flags: ["json"])
        let pair = try PairInput.pair(a, command: "check")
        let report = GuaranteeChecker.check(pair)
        let status: Int32 = report.verdict == .guaranteed ? 0 : 3
        if a.has("json") { return (CheckReportText.json(pair, report).compactText + "\n", status) }
        return (CheckReportText.text(pair, report, color: Output.colorAllowed), status)
    }
}
