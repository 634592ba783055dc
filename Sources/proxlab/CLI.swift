import Foundation
import ProxCore

/// The subcommands, their one-line summaries and their help texts.
enum CLI {
    struct Command: Sendable {
        let name: String
        let summary: String
        let usage: String
        let run: @Sendable ([String]) throws(CLIError) -> (output: String, status: Int32)
    }

    static let commands: [Command] = [
        Command(name: "workbench", summary: "open the interactive workbench (also: proxlab with no arguments)",
                usage: WorkbenchCommand.usage, run: WorkbenchCommand.run),
        Command(name: "learn", summary: "open the workbench with a guided lesson (presets/lessons), or print its steps",
                usage: LearnCommand.usage, run: LearnCommand.run),
        Command(name: "presets", summary: "list the built-in quantizer pairs with their verdicts",
                usage: PresetsCommand.usage, run: PresetsCommand.run),
        Command(name: "plot", summary: "draw a pair's F, B and B' (or one expression) in the terminal",
                usage: PlotCommand.usage, run: PlotCommand.run),
        Command(name: "check", summary: "run the guarantee checks of a pair and give the verdict",
                usage: CheckCommand.usage, run: CheckCommand.run),
        Command(name: "eval", summary: "print an expression's value and derivative at points",
                usage: EvalCommand.usage, run: EvalCommand.run),
        Command(name: "train", summary: "train binarized networks headless; logs each run under runs/",
                usage: TrainCommand.usage, run: TrainCommand.run),
        Command(name: "sweep", summary: "train at every value of a number (a parameter, lr, mu's ends); table and plot",
                usage: SweepCommand.usage, run: SweepCommand.run),
        Command(name: "runs", summary: "list logged runs, show one as a table, export CSV",
                usage: RunsCommand.usage, run: RunsCommand.run),
        Command(name: "deploy", summary: "convert a trained run into a packed XNOR-popcount inference model",
                usage: DeployCommand.usage, run: DeployCommand.run),
        Command(name: "infer", summary: "run a deployed model on a data set and print its accuracy",
                usage: InferCommand.usage, run: InferCommand.run),
        Command(name: "summary", summary: "print an experiment model's memory table (fp32 vs binary)",
                usage: SummaryCommand.usage, run: SummaryCommand.run),
        Command(name: "principled", summary: "synthesize F = B o P from a backward map and a proximal map",
                usage: PrincipledCommand.usage, run: PrincipledCommand.run),
        Command(name: "export", summary: "write a pair as a self-contained PyTorch package (proxlab export torch)",
                usage: ExportCommand.usage, run: ExportCommand.run),
    ]

    static var usage: String {
        var lines = [
            "proxlab: a terminal workbench for neural-network binarization (ProxConnect++)",
            "",
            "usage: proxlab <command> [options]      (each command has --help)",
            "",
            "commands:",
        ]
        lines += table(commands.map { ["  " + $0.name, $0.summary] })
        lines += ["", "examples:", "  proxlab                  (the workbench)", "  proxlab check bnnplus", "  proxlab plot bnnplusplus --mu 5", "  proxlab eval 'signswish(5)' --at 0,0.2,1"]
        return lines.joined(separator: "\n")
    }

    static func main(_ args: [String]) -> Int32 {
        TemporaryFiles.installSignalCleanup()
        Interrupt.installQuit()
        guard let name = args.first else { return main(["workbench"]) }
        if name == "--help" || name == "-h" || name == "help" {
            print(usage)
            return 0
        }
        if name.hasSuffix(".json") || (!name.hasPrefix("-") && (try? PresetLibrary.resolvePair(name)) != nil && !commands.contains { $0.name == name }) {
            return main(["workbench"] + args)
        }
        guard let command = commands.first(where: { $0.name == name }) else {
            let shown = Text.printable(name)
            var hint = ""
            if let c = Suggestion.closest(to: name, among: commands.map(\.name)) {
                hint = " (did you mean 'proxlab \(c)'?)"
            } else if let p = presetSuggestion(name) {
                hint = " (did you mean the preset '\(p)'? proxlab \(p) opens it in the workbench)"
            } else {
                hint = " and no preset of that name (proxlab presets lists them)"
            }
            printError("proxlab: unknown command '\(shown)'\(hint); commands: \(commands.map(\.name).joined(separator: ", "))")
            return 2
        }
        let rest = Array(args.dropFirst())
        if rest.contains("--help") || rest.contains("-h") {
            print(command.usage)
            return 0
        }
        do {
            let (output, status) = try command.run(rest)
            FileHandle.standardOutput.write(Data(output.utf8))
            return status
        } catch {
            printError(error.message)
            for line in error.context { printError("  " + line) }
            return error.status
        }
    }
}

// MARK: - Shared input handling

extension CLI {
    /// Parses an expression, turning a parse error into the one-line message
    /// plus the text with a caret under the column.
    static func parseExpression(_ text: String, what: String, command: String) throws(CLIError) -> Quantizer {
        do { return try Quantizer(parsing: text) } catch {
            throw CLIError("proxlab \(command): \(what) column \(error.column): \(error.message)", context: error.caretLines)
        }
    }

    static func parseSchedule(_ text: String, command: String) throws(CLIError) -> Schedule {
        do { return try Schedule(parsing: text) } catch {
            throw CLIError("proxlab \(command): --schedule column \(error.column): \(error.message)", context: error.caretLines)
        }
    }

    /// A built-in preset name or a preset file; nil when the text is neither.
    static func loadPair(_ nameOrPath: String, command: String) throws(CLIError) -> QuantizerPair? {
        do { return try PresetLibrary.resolvePair(nameOrPath) } catch {
            throw CLIError("proxlab \(command): \(error)")
        }
    }

    /// The built-in preset nearest to a misspelled name, or nil.
    static func presetSuggestion(_ name: String) -> String? {
        let names = PresetLibrary.builtinPairFiles().map { (($0 as NSString).lastPathComponent as NSString).deletingPathExtension }
        return Suggestion.closest(to: name, among: names)
    }

    /// "no preset named 'bnnplsu' in DIR (did you mean 'bnnplus'?; see proxlab presets)".
    static func noPreset(_ name: String, command: String) -> CLIError {
        let guess = presetSuggestion(name).map { "did you mean '\($0)'? " } ?? ""
        return CLIError("proxlab \(command): no preset named '\(Text.printable(name))' in \(PresetLibrary.quantizerDirectory) (\(guess)see proxlab presets)")
    }

    static func validate(_ pair: QuantizerPair, command: String) throws(CLIError) {
        if let problem = pair.problem { throw CLIError("proxlab \(command): \(problem)") }
    }

    static func validate(_ q: Quantizer, mu: Double, what: String, command: String) throws(CLIError) {
        if let problem = q.domainError(mu: mu) { throw CLIError("proxlab \(command): \(what): \(problem)") }
    }
}
