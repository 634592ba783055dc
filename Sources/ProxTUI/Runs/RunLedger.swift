import ProxDeploy

/// The cost ledger of one run as the Runs pane shows it: the run's last
/// saved weights deployed and measured on this machine (`CostLedger`), kept
/// as the text it prints, so the state stays a plain value.
public struct RunLedger: Sendable, Equatable {
    public var runID: Int
    /// The ledger's table, a header row first.
    public var table: [[String]]
    public var caption: String
    public var verdict: String

    public init(runID: Int, table: [[String]], caption: String, verdict: String) {
        self.runID = runID
        self.table = table
        self.caption = caption
        self.verdict = verdict
    }

    /// Batch 100 as in the trainer's evaluation; few repeats, as the workbench waits for them.
    public static func measure(runID: Int, folder: String, repeats: Int = 5) -> Result<RunLedger, LoadFailure> {
        do {
            let model = try RunDeployment.open(folder).model()
            let l = CostLedger.measure(model, batch: 100, repeats: repeats)
            return .success(RunLedger(runID: runID, table: l.table, caption: l.caption, verdict: l.verdict))
        } catch {
            return .failure(LoadFailure("no cost ledger: \(error.message)"))
        }
    }
}
