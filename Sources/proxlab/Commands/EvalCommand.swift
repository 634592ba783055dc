import Foundation
import ProxCore

/// `proxlab eval`: value and derivative at chosen points, for scripts and for
/// checking a formula by hand while teaching.
enum EvalCommand {
    static let usage = """
    usage: proxlab eval <expression> --at X[,X...] [--mu V] [--json]

    Prints f(x) and the exact derivative f'(x) (chain rule, right-hand value at
    kinks) at each point. mu defaults to 1.

    examples:
      proxlab eval 'signswish(5)' --at 0,0.2,1
      proxlab eval 'lq(0, mu - 1)' --at -0.5,0.5 --mu 10 --json
    """

    static func run(_ args: [String]) throws(CLIError) -> (output: String, status: Int32) {
        let a = try Arguments(args, command: "eval", options: ["at", "mu"], flags: ["json"])
        guard let text = a.positionals.first else { throw CLIError("proxlab eval: give an expression, e.g. proxlab eval 'clip(1)' --at 0.5") }
        if a.positionals.count > 1 { throw CLIError("proxlab eval: unexpected argument '\(a.positionals[1])' (quote the expression)") }
        let q = try CLI.parseExpression(text, what: "expression", command: "eval")
        let mu = try a.number("mu", command: "eval") ?? 1
        try CLI.validate(q, mu: mu, what: "expression", command: "eval")
        guard let list = a["at"] else { throw CLIError("proxlab eval: give the points with --at X[,X...]") }
        var xs: [Double] = []
        for item in list.split(separator: ",", omittingEmptySubsequences: false) {
            let s = item.trimmingCharacters(in: .whitespaces)
            guard let x = Double(s), x.isFinite else {
                throw CLIError("proxlab eval: --at item \(xs.count + 1) '\(s)' is not a finite number")
            }
            xs.append(x)
        }
        let results = xs.map { q.valueAndDerivative($0, mu: mu) }
        if a.has("json") {
            let items = zip(xs, results).map { x, r in
                JSONValue.object([("x", .number(x)), ("value", .number(r.value)), ("derivative", .number(r.derivative))])
            }
            return (JSONValue.array(items).compactText + "\n", 0)
        }
        var rows = [["x", "value", "derivative"]]
        for (x, r) in zip(xs, results) { rows.append([formatNumber(x), sixDigits(r.value), sixDigits(r.derivative)]) }
        let header = "\(q)   at mu = \(formatNumber(mu))\n"
        return (header + table(rows, gap: 3).joined(separator: "\n") + "\n", 0)
    }

    static func sixDigits(_ v: Double) -> String {
        if v == 0 { return "0" }
        if !v.isFinite { return "\(v)" }
        var s = String(format: "%.6f", v)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s == "-0" ? "0" : s
    }
}
