import Foundation

/// The layout rules the generated Python keeps (PEP 8 as black formats it,
/// lines of at most 100 characters but for an unbreakable token, as
/// pycodestyle's E501 allows), as a list of problems with line numbers.
enum PythonLayout {
    static func problems(_ text: String, file: String) -> [String] {
        var problems: [String] = []
        if !text.hasSuffix("\n") || text.hasSuffix("\n\n") { problems.append("\(file): must end with exactly one newline") }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).dropLast()
        for (i, line) in lines.enumerated() {
            let n = i + 1
            // pycodestyle's one exception: a single token (a path in a docstring) cannot be broken.
            let singleToken = !line.trimmingCharacters(in: .whitespaces).contains(" ")
            if line.count > 100 && !singleToken { problems.append("\(file):\(n): \(line.count) characters") }
            if line.hasSuffix(" ") { problems.append("\(file):\(n): trailing whitespace") }
            if line.contains("\t") { problems.append("\(file):\(n): a tab") }
            let topLevel = line.hasPrefix("def ") || line.hasPrefix("class ") || line.hasPrefix("@")
            if topLevel && i > 0 && !lines[i - 1].hasPrefix("@") {
                // Comment lines directly above belong to the definition.
                var j = i - 1
                while j >= 0 && lines[j].hasPrefix("#") { j -= 1 }
                var blanks = 0
                while j >= 0 && lines[j].isEmpty { blanks += 1; j -= 1 }
                if blanks != 2 { problems.append("\(file):\(n): \(blanks) blank lines before a top-level definition, not 2") }
            }
            if i >= 2 && line.isEmpty && lines[i - 1].isEmpty && lines[i - 2].isEmpty {
                problems.append("\(file):\(n): three blank lines in a row")
            }
        }
        return problems
    }
}
