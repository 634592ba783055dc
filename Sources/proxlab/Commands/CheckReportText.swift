import Foundation
import ProxCore

/// The text and JSON forms of a check report, shared by `check` and `principled`.
enum CheckReportText {
    static func text(_ pair: QuantizerPair, _ report: CheckReport, color: Bool) -> String {
        var out = Output()
        let proxText = report.proxDeclared ? report.prox : "sign (assumed)"
        out.line("\(pair.title.isEmpty ? pair.name : pair.title): F = \(pair.forward)   B = \(pair.backward)   P = \(proxText)")
        out.line("mu checked: \(report.mus.map(formatCompact).joined(separator: ", "))   grid: [-3, 3], 2001 points plus kinks   backward at: \(pair.backwardAt.rawValue)")
        out.line()
        var rows = [["", "check", "needed", "x", "mu", "amount", "detail"]]
        for r in report.results {
            let mark = r.passed ? "pass" : "FAIL"
            let w = r.witness
            rows.append([mark, r.id, r.required ? "yes" : "-", w.map { formatCompact($0.x) } ?? "", w.map { formatCompact($0.mu) } ?? "",
                         w.map { formatCompact($0.amount) } ?? "", r.detail])
        }
        for (i, line) in table(rows).enumerated() {
            if color && i > 0 {
                let passed = report.results[i - 1].passed
                out.line((passed ? "\u{1B}[32m" : "\u{1B}[31m") + String(line.prefix(4)) + "\u{1B}[0m" + String(line.dropFirst(4)))
            } else {
                out.line(line)
            }
        }
        out.line()
        let failing = report.failing
        var verdict = "verdict: \(report.verdict.rawValue) on the \(report.route.title) route"
        if report.verdict == .heuristic {
            verdict += " (needs \(report.failingRequired.joined(separator: ", ")); failing: \(failing.joined(separator: ", ")))"
        } else if !failing.isEmpty {
            verdict += " (also failing, not required: \(failing.joined(separator: ", ")))"
        }
        out.line(color ? "\u{1B}[1m\(verdict)\u{1B}[0m" : verdict)
        out.line("claim: \(report.claim)")
        for note in report.notes { out.line("note: \(note)") }
        return out.text
    }

    static func json(_ pair: QuantizerPair, _ report: CheckReport) -> JSONValue {
        .object([
            ("pair", .string(pair.name)),
            ("forward", .string(pair.forward.description)),
            ("backward", .string(pair.backward.description)),
            ("prox", .string(report.prox)),
            ("prox_declared", .bool(report.proxDeclared)),
            ("backward_at", .string(pair.backwardAt.rawValue)),
            ("schedule", .string(pair.schedule.description)),
            ("mus", .array(report.mus.map(JSONValue.number))),
            ("route", .string(report.route.rawValue)),
            ("verdict", .string(report.verdict.rawValue)),
            ("claim", .string(report.claim)),
            ("checks", .array(report.results.map { r in
                .object([
                    ("id", .string(r.id)),
                    ("passed", .bool(r.passed)),
                    ("required", .bool(r.required)),
                    ("witness", r.witness.map { .object([("x", .number($0.x)), ("mu", .number($0.mu)), ("amount", .number($0.amount))]) } ?? .null),
                    ("detail", .string(r.detail)),
                ])
            })),
            ("notes", .array(report.notes.map(JSONValue.string))),
        ])
    }
}
