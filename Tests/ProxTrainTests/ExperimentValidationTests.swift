import Foundation
import Testing
import ProxCore
import ProxTrain

/// Settings that cannot run are refused before anything is allocated, each
/// with the field it is in; the memory table comes from the spec alone.
@Suite struct ExperimentValidationTests {
    static func experiment(_ change: (inout Experiment) -> Void = { _ in }) -> Experiment {
        var e = TrainerTests.plan().experiment
        change(&e)
        return e
    }

    static func problem(_ e: Experiment, data: Dataset? = nil) -> ExperimentProblem? {
        do {
            if let data { try e.validate(for: data) } else { try e.validate() }
            return nil
        } catch { return error }
    }

    @Test func settingsThatCannotRunNameTheirField() {
        #expect(Self.problem(Self.experiment()) == nil)
        let cases: [(String, (inout Experiment) -> Void, String)] = [
            ("batch", { $0.batch = 1 }, "1 is too small: BatchNorm normalizes each feature over the batch and needs at least 2 examples"),
            ("epochs", { $0.epochs = Int.max }, "9223372036854775807 is outside 1...1000000"),
            ("epochs", { $0.epochs = 0 }, "0 is outside 1...1000000"),
            ("batch", { $0.batch = 2_000_000 }, "2000000 is outside 1...1000000"),
            ("lr", { $0.learningRate = 1e39 }, "1e+39 must be positive and finite as a 32-bit float"),
            ("momentum", { $0.momentum = 1 }, "1 is outside [0, 1)"),
            ("pairs", { $0.pairs = [] }, "needs at least one pair"),
            ("seeds", { $0.seeds = Array(0..<20_000) }, "1 pairs x 20000 seeds is more than 10000 runs"),
        ]
        for (field, change, reason) in cases {
            #expect(Self.problem(Self.experiment(change)) == ExperimentProblem(field: field, reason: reason))
        }
        // Without a hidden layer there is no BatchNorm, and the CNN's normalizes over pixels too.
        #expect(Self.problem(Self.experiment { $0.batch = 1; $0.model = .mlp(hidden: []) }) == nil)
        #expect(Self.problem(Self.experiment { $0.batch = 1; $0.model = .cnn }) == nil)
    }

    @Test func settingsThatDoNotFitTheData() throws {
        let moons = try TrainerTests.dataset()   // 320 training examples of 2 features
        #expect(Self.problem(Self.experiment(), data: moons) == nil)
        #expect(Self.problem(Self.experiment { $0.batch = 500 }, data: moons)
                == ExperimentProblem(field: "batch", reason: "500 is more than the 320 examples of the training set"))
        #expect(Self.problem(Self.experiment { $0.model = .cnn }, data: moons)?.field == "model")
        let huge = Self.problem(Self.experiment { $0.model = .mlp(hidden: [65536, 65536, 65536]) }, data: moons)
        #expect(huge?.field == "model")
        // 8.6e9 parameters at 32 bytes each, plus activations.
        #expect(huge?.reason.hasPrefix("mlp:65536,65536,65536 on moons:n=400 needs about 259.7 GiB to train, more than the ") == true,
                "\(huge?.reason ?? "")")
    }

    /// The trap of issue 8: batch 1 reached BatchNorm's precondition. Now the
    /// trainer refuses it before building anything.
    @Test func theTrainerRefusesBeforeBuilding() throws {
        var plan = TrainerTests.plan()
        plan.experiment.batch = 1
        #expect(throws: ExperimentProblem(field: "batch", reason: "1 is too small: BatchNorm normalizes each feature over the batch and needs at least 2 examples")) {
            try Trainer(plan: plan, dataset: try TrainerTests.dataset(), logRoot: nil)
        }
    }

    /// `summary`'s table from the spec is the built model's, row for row.
    @Test func theMemoryTableFromTheSpecIsTheBuiltModels() throws {
        let q = PairQuantizer(pair: TrainerTests.bc)
        var rng = SplitMix64(seed: 1)
        let mlps: [([Int], BinarizePolicy)] = [([16, 16], .all), ([16, 16], .exceptFirst), ([], .exceptFirstAndLast), ([7, 5, 3], .none)]
        for (hidden, policy) in mlps {
            let sizes = [20] + hidden + [4]
            let model = Sequential.mlp(sizes: sizes, binarized: policy.flags(layers: sizes.count - 1), quantizer: q, rng: &rng)
            let spec = ModelSpec.mlp(hidden: hidden).memoryTable(features: 20, classes: 4, image: nil, binarize: policy)
            #expect(spec == model.memoryTable, "mlp \(hidden) \(policy)")
        }
        let image = ImageShape(channels: 1, height: 8, width: 8)
        let cnn = Sequential.cnn(height: 8, width: 8, channels: 1, classes: 3, binarized: BinarizePolicy.exceptFirst.flags(layers: 3),
                                 quantizer: q, rng: &rng)
        #expect(ModelSpec.cnn.memoryTable(features: 64, classes: 3, image: image, binarize: .exceptFirst) == cnn.memoryTable)
        #expect(ModelSpec.cnn.memoryTable(features: 2, classes: 2, image: nil, binarize: .all) == nil)
    }
}
