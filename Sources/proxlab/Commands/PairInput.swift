import ProxCore

/// The ways a command can be given a pair: a preset name or file as the
/// positional argument, or `--forward/--backward/--prox/--schedule` pieces.
enum PairInput {
    static let options: Set<String> = ["forward", "backward", "prox", "schedule", "backward-at", "clip"]

    static func pair(_ a: Arguments, command: String) throws(CLIError) -> QuantizerPair {
        if let first = a.positionals.first {
            if a.positionals.count > 1 { throw CLIError("proxlab \(command): unexpected argument '\(a.positionals[1])'") }
            if a["forward"] != nil || a["backward"] != nil {
                throw CLIError("proxlab \(command): give either a preset or --forward/--backward, not both")
            }
            guard var pair = try CLI.loadPair(first, command: command) else { throw CLI.noPreset(first, command: command) }
            try applyOverrides(a, to: &pair, command: command)
            return pair
        }
        guard let f = a["forward"], let b = a["backward"] else {
            throw CLIError("proxlab \(command): give a preset name or file, or both --forward EXPR and --backward EXPR")
        }
        var pair = QuantizerPair(name: "custom",
                                 forward: try CLI.parseExpression(f, what: "--forward", command: command),
                                 backward: try CLI.parseExpression(b, what: "--backward", command: command))
        try applyOverrides(a, to: &pair, command: command)
        return pair
    }

    /// Options given with a preset change that field only (e.g. `--schedule`).
    static func applyOverrides(_ a: Arguments, to pair: inout QuantizerPair, command: String) throws(CLIError) {
        if let p = a["prox"] { pair.prox = try CLI.parseExpression(p, what: "--prox", command: command) }
        if let s = a["schedule"] { pair.schedule = try CLI.parseSchedule(s, command: command) }
        if let at = a["backward-at"] {
            guard let point = EvaluationPoint(rawValue: at) else {
                throw CLIError("proxlab \(command): --backward-at expects latent or quantized, got '\(at)'")
            }
            pair.backwardAt = point
        }
        if let c = try a.number("clip", command: command) {
            guard c > 0 else { throw CLIError("proxlab \(command): --clip expects a positive number") }
            pair.latentClip = c
        }
        try CLI.validate(pair, command: command)
    }
}
