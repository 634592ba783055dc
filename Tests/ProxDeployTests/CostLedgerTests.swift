import ProxCore
import ProxDeploy
import ProxTrain
import Testing

/// The ledger measures both forms of every step on a team and leaves
/// OpenBLAS's process-wide thread count alone: the workbench measures a
/// ledger while runs train, whose bits depend on one OpenBLAS thread per
/// product (`BLAS`).
@Suite struct CostLedgerTests {
    @Test func measuresEveryStepOnATeamAndLeavesOpenBLASOnOneThread() throws {
        var rng = SplitMix64(seed: 23)
        let model = Sequential.mlp(sizes: [50, 70, 65, 10], activation: .hardtanh, binarized: [false, true, true],
                                   quantizer: SignQuantizer(), activationQuantizer: SignQuantizer(), rng: &rng)
        let deployed = try DeployConverter.convert(model)
        let ledger = CostLedger.measure(deployed, batch: 40, repeats: 2, threads: 2)
        #expect(BLAS.threads == 1, "the ledger left OpenBLAS on \(BLAS.threads) threads")
        #expect(ledger.rows.map(\.name) == deployed.steps.map(\.layer.name))
        #expect(ledger.threads == 2)
        // A step that stands for float layers has a time in both forms; one that
        // stands for none (unpacking signs) has none in float.
        for (row, step) in zip(ledger.rows, deployed.steps) {
            #expect(row.packedSeconds > 0, "\(row.name)")
            #expect((row.floatSeconds > 0) == !step.replaces.isEmpty, "\(row.name): \(row.floatSeconds) s in float")
        }
        #expect(deployed.steps.contains { $0.replaces.isEmpty } && deployed.steps.contains { !$0.replaces.isEmpty })
        #expect(ledger.floatSeconds > 0 && ledger.packedSeconds > 0)
    }
}
