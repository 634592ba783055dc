import ProxCore
import ProxTrain

/// Everything that can happen to the workbench.
public enum Message: Sendable {
    case input(InputEvent)
    /// The clock: the runtime sends one per frame; nothing in update reads time.
    case tick
    case run(RunMessage)
    /// The result of a `savePair` effect.
    case saved(path: String, SaveOutcome)
    /// The result of a `load` effect: a pair, or an experiment's runs.
    case loaded(Result<Loaded, LoadFailure>)
    /// A run's cost ledger, measured (`Effect.measureLedger`).
    case ledger(Result<RunLedger, LoadFailure>)
}

public enum SaveOutcome: Sendable, Equatable {
    case written
    /// The file exists and `overwrite` was false: the user is asked first.
    case exists
    case failed(String)
}

public enum Loaded: Sendable {
    case pair(LoadedPair)
    case experiment(name: String, plans: [RunPlan])
    /// A logged run, read back through the log's schema.
    case run(RunRecord)
}

public struct LoadedPair: Sendable, Equatable {
    public var pair: QuantizerPair
    public var path: String
    public init(pair: QuantizerPair, path: String) {
        self.pair = pair
        self.path = path
    }
}

public struct LoadFailure: Error, Sendable, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
}

/// What update asks the runtime to do; the runtime reports back with messages.
public enum Effect: Sendable {
    case startRun(id: Int, plan: RunPlan)
    /// A lockstep duel: `ids[i]` is the run of `plans[i]`.
    case startDuel(ids: [Int], plans: [RunPlan])
    case pauseRun(Int)
    case resumeRun(Int)
    case cancelRun(Int)
    case savePair(QuantizerPair, path: String, overwrite: Bool)
    /// A pair file or an experiment file (told apart by its fields).
    case load(path: String)
    /// Deploy the run's last saved weights and measure them packed against float.
    case measureLedger(runID: Int, folder: String)
    /// Ctrl-Z: stop the process as a shell's job; the terminal is restored
    /// while stopped and the screen redrawn on SIGCONT.
    case suspend
    case quit
}
