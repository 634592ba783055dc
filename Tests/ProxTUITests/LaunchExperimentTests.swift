import Foundation
import Testing
import ProxCore
import ProxTUI
import ProxTrain
import TestHelpers

/// The workbench launches the fine-tuning protocol: a pretrain choice in the
/// launch form, and the comparison experiments from the load dialog, every
/// pair times every seed.
@Suite struct LaunchExperimentTests {
    static func plans(_ effects: [Effect]) -> [RunPlan] {
        effects.compactMap { if case .startRun(_, let plan) = $0 { return plan } else { return nil } }
    }

    @Test func theLaunchFormSetsPretrainEpochs() {
        var s = Fixtures.state()
        s.press(.char("t"))
        for _ in 0..<6 { s.press(KeyPress(.down)) }
        s.press(KeyPress(.right), KeyPress(.right))           // seeds 3
        s.press(KeyPress(.down), KeyPress(.right), KeyPress(.right))   // pretrain 2
        #expect(s.launch.value(.seeds) == "3" && s.launch.value(.pretrain) == "2")
        #expect(s.render().lines.contains { $0.contains("pretrain epochs") }, "the form shows the field")
        let plans = Self.plans(s.press(KeyPress(.enter)))
        #expect(plans.map(\.seed) == [0, 1, 2])
        #expect(plans.allSatisfy { $0.experiment.pretrain == 2 })
        #expect(s.runs.allSatisfy { $0.epochsPlanned == 2 + plans[0].experiment.epochs })
    }

    /// The model field offers both convolutional families, and every choice
    /// is a model the trainer builds.
    @Test func theLaunchFormOffersTheConvolutionalModels() throws {
        var form = LaunchForm()
        form.field = .model
        var seen: [String] = []
        for _ in LaunchForm.models {
            seen.append(form.value(.model))
            form.step(1)
        }
        #expect(Set(seen) == Set(LaunchForm.models))
        #expect(seen.contains("cnn") && seen.contains("resnet:16,32,64"))
        let specs = try LaunchForm.models.map { try ModelSpec(parsing: $0) }
        #expect(specs.filter(\.needsImages) == [.cnn, .resnet(widths: [16, 32, 64])])
    }

    @Test(arguments: ["fashion-all", "fashion-finetune"])
    func theComparisonExperimentsQueueEveryPairAndSeed(_ name: String) throws {
        let path = RepositoryPaths.presets.appendingPathComponent("experiments/\(name).json").path
        let e = try Experiment.load(path: path)
        var s = Fixtures.state()
        let plans = Self.plans(s.send([.loaded(Workbench.load(path))]))
        #expect(plans.count == e.pairs.count * 3)
        #expect(Set(plans.map(\.pair.name)).count == e.pairs.count)
        #expect(plans.allSatisfy { $0.experiment.pretrain == e.pretrain && $0.experiment.threads == 1 })
        #expect(s.runs.count == plans.count)
        #expect(s.runs.allSatisfy { $0.epochsPlanned == e.pretrain + e.epochs })
    }
}
