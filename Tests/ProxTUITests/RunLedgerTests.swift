import Foundation
import Testing
import ProxCore
import ProxTUI
import ProxTrain

/// The Runs pane's cost ledger (d): a logged binary run deploys and its
/// ledger replaces the curves while the run is selected.
@Suite struct RunLedgerTests {
    @Test func lShowsTheSelectedRunsCostLedger() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("proxlab-ledger-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        var e = Experiment(name: "ledger", dataset: "moons:n=400", pairs: ["bnn"])
        e.model = .mlp(hidden: [64, 64, 64], activation: .identity)
        e.binarize = .exceptFirstAndLast
        e.epochs = 1
        e.threads = 1
        e.activationPair = "bnn"
        let trainer = try Trainer(plan: RunPlan(experiment: e, pair: Fixtures.bnn, activationPair: Fixtures.bnn, seed: 0),
                                  dataset: try DatasetSpec.parse(e.dataset).load(), logRoot: root)
        guard case .success = trainer.run() else { Issue.record("the toy run failed"); return }
        let folder = try #require(try FileManager.default.contentsOfDirectory(atPath: root).first)
        let record = try #require(RunRecord.read(directory: root + "/" + folder))

        let wb = Workbench(state: Fixtures.state(140, 40), runs: RunManager(logRoot: nil))
        wb.send(.loaded(.success(.run(record))))
        #expect(wb.state.focus == .runs)
        wb.send(.input(.key(.char("d"))))
        // Measured off the terminal's thread: the screen says so and keys still work meanwhile.
        #expect(wb.state.ledgerPending != nil && wb.state.notice?.hasPrefix("measuring the cost ledger of ") == true,
                "\(wb.state.notice ?? "no notice")")
        wb.send(.input(.key(.char("d"))))
        #expect(wb.state.notice == "still measuring a cost ledger")
        wb.finishBackgroundJobs()
        #expect(wb.state.ledgerPending == nil)
        let ledger = try #require(wb.state.ledger, "\(wb.state.notice ?? "no notice")")
        #expect(ledger.table.first == ["layer", "fp32", "packed", "binary ops", "float time", "packed time", "float share", "packed share"])
        let names = ledger.table.dropFirst().map { $0[0] }
        #expect(names.filter { $0 == "xnor dense 64->64 + threshold" }.count == 2, "\(names)")
        // Float: 64 x 64 weights and 4 batch-norm numbers per output; packed: one word per output, one threshold.
        let row = try #require(ledger.table.first { $0[0].hasPrefix("xnor dense") })
        #expect(row[1] == formatBytes(4 * (64 * 64 + 4 * 64)) && row[2] == formatBytes(8 * 64 + 4 * 64), "\(row)")
        #expect(row[3] == formatCompact(100 * 64 * 64), "binary operations of a batch of 100: \(row)")
        let screen = wb.state.render().lines.joined(separator: "\n")
        #expect(screen.contains("cost ledger: batch 100") && screen.contains("xnor dense 64->64") && screen.contains("faster packed"),
                "\(screen)")
        wb.send(.input(.key(.char("d"))))
        #expect(wb.state.ledger == nil)
        #expect(!wb.state.render().lines.joined().contains("cost ledger:"), "d again: the curves")

        // A folder without weights: one notice, no ledger.
        try FileManager.default.removeItem(atPath: root + "/" + folder + "/" + TrainingCheckpoint.fileName)
        wb.send(.input(.key(.char("d"))))
        wb.finishBackgroundJobs()
        #expect(wb.state.ledger == nil && wb.state.ledgerPending == nil)
        #expect(wb.state.notice?.hasPrefix("no cost ledger: ") == true && wb.state.notice?.contains(folder) == true, "\(wb.state.notice ?? "")")
    }
}
