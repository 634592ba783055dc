import Foundation
import ProxCore
import ProxTerm
import ProxTrain
import ProxTUI

/// `proxlab` with no arguments: the workbench in the terminal.
///
/// The loop is the only place where the terminal, the clock and the training
/// threads meet the pure state: it waits up to one frame for input, hands the
/// input and whatever the runs posted to the workbench, and draws the new
/// screen when anything changed. Training runs on the run manager's thread
/// with one BLAS thread, so the other core keeps the UI responsive.
enum WorkbenchCommand {
    static let usage = """
    usage: proxlab [workbench] [<preset-name | preset-file>] [--runs-dir DIR]

    Opens the workbench: compose a pair, watch its shapes and checks, train it
    on toy data or Fashion-MNIST and compare runs live. Press ? inside for
    every key. Runs are logged under runs/ exactly as `proxlab train` logs them.

    example:
      proxlab bnnplus
    """

    /// Milliseconds per frame while idle: input is answered at once; run
    /// updates appear within one frame.
    static let frame = 33

    static func run(_ args: [String]) throws(CLIError) -> (output: String, status: Int32) {
        let a = try Arguments(args, command: "workbench", options: ["runs-dir"], flags: [])
        let name = a.positionals.first ?? "bnnplus"
        guard let pair = try CLI.loadPair(name, command: "workbench") else {
            throw CLIError("proxlab workbench: no preset named '\(name)' (see proxlab presets)")
        }
        let path = name.hasSuffix(".json") || name.contains("/") ? name : PresetLibrary.quantizerDirectory + "/\(name).json"
        return try open(pair: pair, path: path, runsDir: a["runs-dir"], lesson: nil)
    }

    /// The terminal loop, on a pair, optionally with a lesson started (`proxlab learn`).
    static func open(pair: QuantizerPair, path: String?, runsDir: String?, lesson: Lesson?) throws(CLIError) -> (output: String, status: Int32) {
        let terminal: Terminal
        do { terminal = try Terminal.start() } catch {
            let hint = error as? TerminalError == .notATerminal
                ? " (the workbench needs an interactive terminal; the other commands work anywhere, see proxlab --help)" : ""
            throw CLIError("proxlab: \(error)\(hint)")
        }
        defer { terminal.stop() }
        let size = terminal.size
        let runsRoot = runsDir ?? RunsFolder.defaultRoot
        let state = AppState(width: size.width, height: size.height, pair: pair, path: path,
                             library: Workbench.catalog(runsRoot: runsRoot), colorMode: terminal.colorMode, unicode: terminal.unicode)
        let workbench = Workbench(state: state, runs: RunManager(logRoot: runsRoot))
        if let lesson { workbench.start(lesson) }
        var dirty = true
        while true {
            if dirty {
                terminal.draw(workbench.state.render())
                dirty = false
            }
            if let event = terminal.nextEvent(timeout: frame) {
                dirty = true
                if !workbench.send(.input(event)) { break }
                if workbench.takeSuspendRequest() {
                    terminal.suspend()
                    let size = terminal.size
                    workbench.send(.input(.resize(width: size.width, height: size.height)))
                }
            }
            if workbench.drainRuns() { dirty = true }
        }
        // The last frame says which runs are stopping; the process leaves
        // only once the trainer thread has ended (BLAS calls in flight at
        // exit crash in OpenBLAS's teardown), then the terminal is restored.
        if workbench.runs.isBusy { terminal.draw(workbench.state.render()) }
        workbench.shutdown()
        terminal.stop()
        return ("", 0)
    }
}
