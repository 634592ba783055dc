import Foundation
import ProxCore
import ProxDeploy
import ProxTrain
import Testing

/// A run whose saved numbers cannot be deployed is refused in one line that
/// names the file and the tensor: a NaN weight (its sign would hide that the
/// run diverged) or a negative batch-norm variance (nothing to fold).
@Suite struct RunDeploymentTests {
    /// A toy binary run's folder, trained and logged.
    static func trainedRun(_ root: String) throws -> String {
        var e = Experiment(name: "deploy-check", dataset: "moons:n=300", pairs: ["bnn"])
        e.model = .mlp(hidden: [16, 16], activation: .identity)
        e.binarize = .exceptFirstAndLast
        e.epochs = 1
        e.threads = 1
        e.activationPair = "bnn"
        let bnn = QuantizerPair(name: "bnn", forward: .sign, backward: try Quantizer(parsing: "clip(1)"), prox: .sign, latentClip: 1)
        let dataset = try DatasetSpec.parse(e.dataset).load()
        let trainer = try Trainer(plan: RunPlan(experiment: e, pair: bnn, activationPair: bnn, seed: 0), dataset: dataset, logRoot: root)
        guard case .success = trainer.run() else { throw DeployError("the toy run failed") }
        let id = try #require(try FileManager.default.contentsOfDirectory(atPath: root).first)
        return root + "/" + id
    }

    /// The run's checkpoint with the first number of `tensor` replaced by `value`.
    static func poison(_ folder: String, _ tensor: String, _ value: Float) throws {
        let path = folder + "/" + TrainingCheckpoint.fileName
        let old = try SafeTensors.read(path: path)
        var new = SafeTensors()
        new.metadata = old.metadata
        for e in old.entries {
            var bytes = e.bytes
            if e.name == tensor { withUnsafeBytes(of: value.bitPattern.littleEndian) { for i in 0..<4 { bytes[i] = $0[i] } } }
            new.add(e.name, dtype: e.dtype, shape: e.shape, bytes: bytes)
        }
        try new.write(to: path)
    }

    @Test(arguments: [("4.weight", Float.nan, "holds nan at index 0"), ("8.bias", Float.infinity, "holds inf at index 0"),
                      ("1.running_var", -1, "holds -1.0 at index 0")])
    func numbersThatCannotBeDeployedAreNamed(tensor: String, value: Float, words: String) throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("proxlab-rundeploy-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let folder = try Self.trainedRun(root)
        _ = try RunDeployment.open(folder).model()
        let names = try SafeTensors.read(path: folder + "/" + TrainingCheckpoint.fileName).names
        try #require(names.contains(tensor), "\(names)")
        try Self.poison(folder, tensor, value)
        do {
            _ = try RunDeployment.open(folder)
            Issue.record("\(tensor) = \(value) was deployed")
        } catch {
            #expect(error.message.contains(folder + "/model.safetensors: tensor \(tensor) \(words)"), "\(error.message)")
            #expect(!error.message.contains("\n"))
        }
    }
}
