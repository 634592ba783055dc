import Foundation
import ProxCore
import Testing
import TestHelpers

/// Runs the built proxlab; a missing executable fails the test with the
/// command that builds it.
func proxlab(_ arguments: String..., environment: [String: String] = [:], in directory: URL? = nil,
             sourceLocation: SourceLocation = #_sourceLocation) throws -> ProcessResult {
    try proxlab(arguments, environment: environment, in: directory, sourceLocation: sourceLocation)
}

/// `proxlab(...)` with the arguments in an array.
func proxlab(_ arguments: [String], environment: [String: String] = [:], in directory: URL? = nil,
             sourceLocation: SourceLocation = #_sourceLocation) throws -> ProcessResult {
    try #require(ProxlabProcess.executable != nil, Comment(rawValue: ProxlabProcess.missingMessage),
                 sourceLocation: sourceLocation)
    return try ProxlabProcess.run(arguments, environment: environment, currentDirectory: directory)
}

/// Bad input: exit status 2, nothing on stdout, no crash, and stderr is one
/// line (plus, for an expression, the text and a caret line) that starts
/// with the command and contains every word given.
func expectBadInput(_ r: ProcessResult, command: String, _ words: [String], caretLines: Int = 0,
                    sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(!r.crashed, "crashed with signal \(r.status): \(r.stderr.prefix(400))", sourceLocation: sourceLocation)
    #expect(r.status == 2, "exit status \(r.status), stderr: \(r.stderr.prefix(400))", sourceLocation: sourceLocation)
    #expect(r.stdout.isEmpty, "stdout: \(r.stdout.prefix(200))", sourceLocation: sourceLocation)
    let lines = r.stderrLines
    #expect(lines.count == 1 + caretLines, "stderr lines: \(lines)", sourceLocation: sourceLocation)
    guard let first = lines.first else { return }
    #expect(first.hasPrefix(command == "" ? "proxlab: " : "proxlab \(command): "), "\(first)", sourceLocation: sourceLocation)
    for word in words {
        #expect(first.contains(word), "\"\(first)\" lacks \"\(word)\"", sourceLocation: sourceLocation)
    }
}

/// The JSON a command printed on stdout (one line).
func json(_ r: ProcessResult, sourceLocation: SourceLocation = #_sourceLocation) throws -> JSONValue {
    let lines = r.stdout.split(separator: "\n")
    #expect(lines.count == 1, "--json prints one line", sourceLocation: sourceLocation)
    return try JSONValue(parsing: r.stdout)
}

extension JSONValue {
    /// Object keys as a set, for shape checks.
    var keySet: Set<String> { Set(keys) }
}
