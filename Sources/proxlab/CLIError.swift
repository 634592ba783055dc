/// Bad input: printed as one line that says what and where, exit status 2.
/// `context` lines (an expression with a caret) follow the line when present.
struct CLIError: Error {
    var message: String
    var context: [String] = []
    var status: Int32 = 2

    init(_ message: String, context: [String] = [], status: Int32 = 2) {
        self.message = message
        self.context = context
        self.status = status
    }
}
