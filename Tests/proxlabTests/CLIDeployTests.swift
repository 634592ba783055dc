import Foundation
import ProxCore
import Testing
import TestHelpers

/// `proxlab deploy` and `proxlab infer` through the real binary: a trained
/// toy run deploys to a file whose accuracy under `infer` is the run's
/// deploy accuracy; broken input is one line naming what and where.
@Suite struct CLIDeployTests {
    @Test func aDeployedRunInfersItsDeployAccuracy() throws {
        let folder = try RepositoryPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let runs = folder.path + "/runs"
        let train = try proxlab("train", "--pair", "bnn", "--activation-pair", "bnn", "--dataset", "moons:noise=0.2,n=1000",
                                "--model", "mlp:64,64,64/identity", "--binarize", "except-first-last", "--epochs", "3",
                                "--runs-dir", runs, "--json")
        #expect(train.status == 0, "\(train.stderr.suffix(300))")
        let run = try #require(try json(train)["runs"]?.arrayValue?.first)
        let log = try #require(run["log"]?.stringValue)
        let deployAccuracy = try #require(run["deploy_accuracy"]?.numberValue)

        let out = folder.path + "/toy.safetensors"
        let deployed = try proxlab("deploy", (log as NSString).lastPathComponent, "--runs-dir", runs, "--out", out)
        #expect(deployed.status == 0, "\(deployed.stderr.suffix(300))")
        #expect(deployed.stdout.contains("xnor dense 64->64 + threshold"), "\(deployed.stdout)")
        let infer = try proxlab("infer", out, "--dataset", "moons:noise=0.2,n=1000")
        #expect(infer.status == 0, "\(infer.stderr.suffix(300))")
        #expect(infer.stdout.contains("accuracy \(formatPercent(deployAccuracy))"), "\(infer.stdout), deploy accuracy \(deployAccuracy)")
        #expect(infer.stdout.contains(", the same"), "\(infer.stdout)")

        // summary of the deployed model: the memory columns and the measured ones.
        let summary = try proxlab("summary", out, "--repeats", "2")
        #expect(summary.status == 0, "\(summary.stderr.suffix(300))")
        let header = try #require(summary.stdout.split(separator: "\n").first { $0.hasPrefix("layer") })
        for column in ["fp32", "packed", "binary ops", "float time", "packed time", "float share", "packed share"] {
            #expect(header.contains(column), "\(header) lacks \(column)")
        }
        #expect(summary.stdout.contains("xnor dense 64->64 + threshold") && summary.stdout.contains("faster packed"), "\(summary.stdout)")
        expectBadInput(try proxlab("infer", out, "--dataset", "blobs"), command: "infer",
                       [out, "reads 2 features into 2 classes", "blobs has 2 features and 3 classes"])
        expectBadInput(try proxlab("infer", log + "/model.safetensors", "--dataset", "moons"), command: "infer",
                       [log + "/model.safetensors", "not a deployed model"])
        let bytes = try Data(contentsOf: URL(fileURLWithPath: out))
        let cut = folder.path + "/cut.safetensors"
        try bytes.prefix(bytes.count - 3).write(to: URL(fileURLWithPath: cut))
        expectBadInput(try proxlab("infer", cut, "--dataset", "moons"), command: "infer", [cut, "the file is cut"])
        expectBadInput(try proxlab("summary", cut), command: "summary", [cut, "the file is cut"])
        expectBadInput(try proxlab("infer", runs, "--dataset", "moons"), command: "infer", [runs, "is a folder, not a file"])
        expectBadInput(try proxlab("summary", out, "--model", "mlp:3"), command: "summary", ["--model describes a model to build", out])
        expectBadInput(try proxlab("summary", "--dataset", "moons", "--batch", "5"), command: "summary", ["--batch is for a deployed model"])
        expectBadInput(try proxlab("deploy", "no-such-run", "--runs-dir", runs), command: "deploy", ["no-such-run", runs])
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == bytes, "the model file is untouched")
        // The run's own files are never the output: that would lose the run.
        let checkpoint = try Data(contentsOf: URL(fileURLWithPath: log + "/model.safetensors"))
        for own in ["model.safetensors", "experiment.json", "events.jsonl"] {
            expectBadInput(try proxlab("deploy", log, "--out", log + "/../" + (log as NSString).lastPathComponent + "/" + own),
                           command: "deploy", ["is the run's own \(own)", "give another file"])
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: log + "/model.safetensors")) == checkpoint, "the run's weights are untouched")
    }
}
