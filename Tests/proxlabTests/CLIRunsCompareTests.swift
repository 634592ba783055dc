import Foundation
import ProxCore
import Testing
import TestHelpers

/// `proxlab runs compare`: the comparison table read back from the logs,
/// so an experiment trained one seed per command gives the table that one
/// command training every seed prints.
@Suite struct CLIRunsCompareTests {
    static let setup = ["--pair", "bc,bireal", "--dataset", "moons:n=200", "--model", "mlp:8", "--epochs", "2", "--batch", "20", "--threads", "1"]

    @Test func theTableOfSeveralCommandsIsTheTableOfOne() throws {
        let folder = try RepositoryPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let together = folder.appendingPathComponent("together").path
        let apart = folder.appendingPathComponent("apart").path
        let one = try proxlab(["train"] + Self.setup + ["--seed", "0,1", "--runs-dir", together])
        #expect(one.status == 0, "\(one.stderr)")
        let printed = try #require(one.stdout.range(of: "comparison (mean")).lowerBound
        let expected = String(one.stdout[printed...])
        #expect(expected.split(separator: "\n").count == 4, "\(expected)")
        for seed in ["0", "1"] {
            let r = try proxlab(["train"] + Self.setup + ["--seed", seed, "--runs-dir", apart])
            #expect(r.status == 0, "\(r.stderr)")
        }
        // A run killed before it finished is left out and counted.
        let runs = try FileManager.default.contentsOfDirectory(atPath: apart).sorted()
        let source = try #require(runs.first)
        let killed = "\(apart)/\(source)-killed"
        try FileManager.default.createDirectory(atPath: killed, withIntermediateDirectories: false)
        let log = try String(contentsOfFile: "\(apart)/\(source)/events.jsonl", encoding: .utf8)
        let kept = log.split(separator: "\n").filter { !$0.contains("\"finished\"") }.joined(separator: "\n") + "\n"
        try kept.write(toFile: "\(killed)/events.jsonl", atomically: true, encoding: .utf8)

        let compared = try proxlab("runs", "compare", "--runs-dir", apart)
        #expect(compared.status == 0, "\(compared.stderr)")
        #expect(compared.stdout == expected)
        #expect(compared.stderrLines == ["proxlab runs compare: left out 1 run that did not finish (1 incomplete)"])

        let bireal = try proxlab("runs", "compare", "bireal", "--runs-dir", apart)
        #expect(bireal.stdout.split(separator: "\n").map { $0.split(separator: " ").first ?? "" } == ["comparison", "pair", "bireal"],
                "\(bireal.stdout)")
        expectBadInput(try proxlab("runs", "compare", "proxquant", "--runs-dir", apart), command: "runs compare",
                       ["no finished runs matching 'proxquant'", apart])
    }
}
