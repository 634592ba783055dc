/// The fields of one CSV line, with the 1-based column where each starts.
struct CSVRow {
    var fields: [Substring] = []
    var columns: [Int] = []
    /// The column just past the line's last character.
    var end = 1

    init(_ line: Substring, delimiter: Character, file: String, line number: Int) throws {
        var i = line.startIndex
        var column = 1
        func advance() { i = line.index(after: i); column += 1 }
        func skipSpaces() { while i < line.endIndex, line[i] == " " || line[i] == "\t" { advance() } }
        while true {
            skipSpaces()
            columns.append(column)
            if i < line.endIndex, line[i] == "\"" {
                let open = column
                advance()
                var text = ""
                var closed = false
                while i < line.endIndex {
                    if line[i] == "\"" {
                        advance()
                        if i < line.endIndex, line[i] == "\"" { text.append("\""); advance(); continue }
                        closed = true
                        break
                    }
                    text.append(line[i])
                    advance()
                }
                guard closed else { throw DataError("\(file):\(number):\(open): unterminated quoted field") }
                fields.append(Substring(text))
                skipSpaces()
                if i < line.endIndex, line[i] != delimiter {
                    throw DataError("\(file):\(number):\(column): unexpected '\(line[i])' after a quoted field")
                }
            } else {
                let start = i
                while i < line.endIndex, line[i] != delimiter { advance() }
                var field = line[start ..< i]
                while let last = field.last, last == " " || last == "\t" { field = field.dropLast() }
                fields.append(field)
            }
            if i == line.endIndex { break }
            advance()  // the delimiter
        }
        end = column
    }
}
