import Foundation
import ProxCore

/// Where the CLI writes, and whether colour is wanted: only on a terminal,
/// never with NO_COLOR set (https://no-color.org) or TERM=dumb.
struct Output {
    var text = ""

    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    static var colorAllowed: Bool {
        let env = ProcessInfo.processInfo.environment
        if let v = env["NO_COLOR"], !v.isEmpty { return false }
        if env["TERM"] == "dumb" { return false }
        return stdoutIsTerminal
    }

    mutating func line(_ s: String = "") { text += s + "\n" }
}

func printError(_ s: String) {
    FileHandle.standardError.write(Data((s + "\n").utf8))
}

/// Left-aligned table columns, for the check and eval tables (`alignedColumns`).
func table(_ rows: [[String]], gap: Int = 2) -> [String] { alignedColumns(rows, gap: gap) }
