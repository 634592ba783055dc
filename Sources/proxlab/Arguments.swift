import ProxCore

/// A small command-line parser: `--name value`, `--name=value`, boolean
/// flags, and positionals, checked against what each command declares so an
/// unknown or misspelled option is an error and never silently ignored.
struct Arguments {
    private(set) var values: [String: String] = [:]
    private(set) var flags: Set<String> = []
    private(set) var positionals: [String] = []

    init(_ args: [String], command: String, options: Set<String>, flags allowedFlags: Set<String>) throws(CLIError) {
        var i = 0
        while i < args.count {
            let arg = args[i]
            if arg == "--" {
                positionals += args[(i + 1)...]
                break
            }
            if arg.hasPrefix("--") && arg.count > 2 {
                var name = String(arg.dropFirst(2))
                var inline: String?
                if let eq = name.firstIndex(of: "=") {
                    inline = String(name[name.index(after: eq)...])
                    name = String(name[..<eq])
                }
                if allowedFlags.contains(name) {
                    if inline != nil { throw CLIError("proxlab \(command): --\(name) takes no value") }
                    flags.insert(name)
                } else if options.contains(name) {
                    if let inline { values[name] = inline } else {
                        guard i + 1 < args.count else { throw CLIError("proxlab \(command): --\(name) needs a value") }
                        i += 1
                        values[name] = args[i]
                    }
                } else {
                    throw CLIError("proxlab \(command): unknown option --\(Text.printable(name)) (see proxlab \(command) --help)")
                }
            } else if arg.hasPrefix("-") && arg.count > 1 && Double(arg) == nil && !arg.hasPrefix("-(") {
                // "-id" or "-1 * sign" is more likely an expression than an option.
                let expression = arg.count > 2 || arg.contains(" ")
                    ? "; an expression that begins with '-' goes after --, e.g. proxlab \(command) [options] -- '\(arg)'" : ""
                throw CLIError("proxlab \(command): unknown option \(Text.printable(arg)) (see proxlab \(command) --help\(expression))")
            } else {
                positionals.append(arg)
            }
            i += 1
        }
    }

    subscript(_ name: String) -> String? { values[name] }
    func has(_ flag: String) -> Bool { flags.contains(flag) }

    func number(_ name: String, command: String) throws(CLIError) -> Double? {
        guard let text = values[name] else { return nil }
        guard let v = Double(text), v.isFinite else {
            throw CLIError("proxlab \(command): --\(name) expects a finite number, got '\(text)'")
        }
        return v
    }

    func integer(_ name: String, command: String, minimum: Int = 0) throws(CLIError) -> Int? {
        guard let text = values[name] else { return nil }
        guard let v = Int(text), v >= minimum else {
            throw CLIError("proxlab \(command): --\(name) expects a whole number >= \(minimum), got '\(text)'")
        }
        return v
    }
}
