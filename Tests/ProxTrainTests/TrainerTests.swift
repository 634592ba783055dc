import Foundation
import Testing
import ProxCore
import ProxTrain

/// The trainer end to end on small problems: the step of docs/THEORY.md section 2,
/// the metrics of section 6, determinism, divergence and cancellation.
@Suite struct TrainerTests {
    static let bc = QuantizerPair(name: "bc", forward: .sign, backward: .identity, prox: .sign, latentClip: 1)

    static func plan(_ pair: QuantizerPair = bc, dataset: String = "moons:noise=0.1,n=400", epochs: Int = 4,
                     lr: Double = 0.01, optimizer: OptimizerKind = .adam, seed: UInt64 = 0) -> RunPlan {
        var e = Experiment(name: "test", dataset: dataset, pairs: [pair.name])
        e.model = .mlp(hidden: [16, 16])
        e.binarize = .exceptFirst
        e.epochs = epochs
        e.batch = 20
        e.learningRate = lr
        e.optimizer = optimizer
        e.threads = 1
        e.logEvery = 5
        return RunPlan(experiment: e, pair: pair, seed: seed)
    }

    static func dataset(_ spec: String = "moons:noise=0.1,n=400") throws -> Dataset { try DatasetSpec.parse(spec).load() }

    static func temporaryRoot() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("proxlab-trainer-\(UUID().uuidString)").path
    }

    /// Every metric but the clock.
    static func numbers(_ m: EpochMetrics) -> [Double] {
        [m.trainLoss, m.trainAccuracy, m.testAccuracy, m.deployAccuracy, m.flipRatio, m.saturation, m.atClip,
         m.quantizationGap, m.mu, m.learningRate] + m.latentHistogram.map(Double.init)
    }

    @Test func moonsLossFallsAndAccuracyPasses90Percent() throws {
        var epochs: [EpochMetrics] = []
        let trainer = try Trainer(plan: Self.plan(epochs: 15), dataset: try Self.dataset(), logRoot: nil)
        let result = trainer.run { if case .epoch(let m) = $0 { epochs.append(m) } }
        guard case .success(let summary) = result else { Issue.record("run failed: \(result)"); return }
        #expect(epochs.count == 15)
        #expect(epochs.last!.trainLoss < epochs.first!.trainLoss)
        #expect(summary.testAccuracy > 0.9, "test accuracy \(summary.testAccuracy)")
        #expect(summary.deployAccuracy > 0.9, "deploy accuracy \(summary.deployAccuracy)")
        // With the latent clip at 1 and B = id, nothing saturates and F = sign exactly.
        #expect(epochs.allSatisfy { $0.saturation == 0 && $0.quantizationGap == 0 })
        #expect(epochs.last!.boundary?.values.count == 64 * 32, "2-D data gets a decision boundary")
    }

    @Test func theSameSeedGivesIdenticalMetrics() throws {
        let data = try Self.dataset()
        func run(_ seed: UInt64) throws -> [[Double]] {
            var out: [[Double]] = []
            try Trainer(plan: Self.plan(epochs: 3, seed: seed), dataset: data, logRoot: nil).run {
                if case .epoch(let m) = $0 { out.append(Self.numbers(m)) }
            }
            return out
        }
        let a = try run(7), b = try run(7), c = try run(8)
        #expect(a == b)
        #expect(a != c)
    }

    @Test func bnnEqualsBCWhenTheClipKeepsThetaInsideTheMask() throws {
        // docs/THEORY.md / issue 3 item 8: with latent clipping to [-1, 1], BNN's mask 1{|theta| <= 1} is always 1.
        let bnn = QuantizerPair(name: "bnn", forward: .sign, backward: try Quantizer(parsing: "clip(1)"), prox: .sign, latentClip: 1)
        let data = try Self.dataset()
        var x: [[Double]] = [], y: [[Double]] = []
        try Trainer(plan: Self.plan(Self.bc, epochs: 3), dataset: data, logRoot: nil).run { if case .epoch(let m) = $0 { x.append(Self.numbers(m)) } }
        try Trainer(plan: Self.plan(bnn, epochs: 3), dataset: data, logRoot: nil).run { if case .epoch(let m) = $0 { y.append(Self.numbers(m)) } }
        #expect(x == y)
    }

    @Test func divergenceEndsWithAFailedEventNotACrash() throws {
        let root = Self.temporaryRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let fp = QuantizerPair(name: "fp", forward: .identity, backward: .identity)
        var plan = Self.plan(fp, epochs: 3, lr: 1e30, optimizer: .sgd)
        plan.experiment.binarize = .none
        let trainer = try Trainer(plan: plan, dataset: try Self.dataset(), logRoot: root)
        var failed: RunFailure?
        let result = trainer.run { if case .failed(let f) = $0 { failed = f } }
        guard case .failure(let f) = result else { Issue.record("a learning rate of 1e30 did not diverge"); return }
        #expect(f == failed)
        #expect(f.reason.contains("diverged") && f.reason.contains("epoch 1"), "\(f.reason)")
        let lines = try String(contentsOfFile: trainer.logDirectory! + "/events.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(try JSONValue(parsing: String(lines.last!))["event"]?.stringValue == "failed")
    }

    /// A loss that explodes but stays finite (here 1.2e8 at the second step)
    /// ends the run too, before the table fills with numbers like 7.5e29.
    @Test func aFiniteButExplodingLossIsDivergence() throws {
        let fp = QuantizerPair(name: "fp", forward: .identity, backward: .identity)
        var plan = Self.plan(fp, epochs: 3, lr: 1e5, optimizer: .sgd)
        plan.experiment.binarize = .none
        var losses: [Double] = []
        let result = try Trainer(plan: plan, dataset: try Self.dataset(), logRoot: nil).run { if case .step(let s) = $0 { losses.append(s.loss) } }
        guard case .failure(let f) = result else { Issue.record("a learning rate of 1e5 did not diverge"); return }
        #expect(f.reason.contains("loss reached ") && f.reason.contains(", past 10000, at epoch 1"), "\(f.reason)")
        #expect(f.step < 5)
        #expect(losses.allSatisfy { $0 <= Trainer.divergedLoss })
    }

    @Test func cancellingLeavesAReadableLog() throws {
        let root = Self.temporaryRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let control = RunControl()
        let trainer = try Trainer(plan: Self.plan(epochs: 50), dataset: try Self.dataset(), logRoot: root)
        let result = trainer.run(control: control) { if case .epoch = $0 { control.cancel() } }
        guard case .success(let s) = result else { Issue.record("cancel is not a failure"); return }
        #expect(s.epochs == 1)
        let dir = trainer.logDirectory!
        let events = try String(contentsOfFile: dir + "/events.jsonl", encoding: .utf8).split(separator: "\n")
            .map { try JSONValue(parsing: String($0)) }
        #expect(events.first?["event"]?.stringValue == "started")
        #expect(events.filter { $0["event"]?.stringValue == "epoch" }.count == 1)
        #expect(events.last?["event"]?.stringValue == "cancelled")
        let setup = try JSONValue(parsing: String(contentsOfFile: dir + "/experiment.json", encoding: .utf8))
        #expect(setup["pair"]?["forward"]?.stringValue == "sign")
        #expect(setup["seeds"] == .array([.number(0)]))
    }
}

/// The quantized layer applies F and B' exactly (docs/THEORY.md section 2), here
/// through the pair-driven quantizer on a 3x3 weight matrix, against values
/// computed by hand from docs/THEORY.md section 3's test vectors.
@Suite struct PairQuantizerTests {
    static let theta: [Float] = [0, 0.2, 1, -0.2, -1, 0.2, 1, 0, -0.2]
    static let gradW: [Float] = [1, -2, 0.5, 3, -1, 1, 2, -0.5, 1]

    static func apply(_ pair: QuantizerPair, mu: Double) -> (w: [Float], g: [Float]) {
        let q = PairQuantizer(pair: pair)
        q.mu = mu
        var w = [Float](repeating: 0, count: 9), g = [Float](repeating: 0, count: 9)
        theta.withUnsafeBufferPointer { t in
            w.withUnsafeMutableBufferPointer { q.forward(latent: t, weights: $0) }
            gradW.withUnsafeBufferPointer { gw in g.withUnsafeMutableBufferPointer { q.backward(latent: t, gradWeights: gw, gradLatent: $0) } }
        }
        return (w, g)
    }

    @Test func bnnIsSignForwardAndTheHardtanhMaskBackward() throws {
        let bnn = QuantizerPair(name: "bnn", forward: .sign, backward: try Quantizer(parsing: "clip(1)"), prox: .sign)
        let (w, g) = Self.apply(bnn, mu: 1)
        #expect(w == [1, 1, 1, -1, -1, 1, 1, 1, -1])
        // |theta| <= 1 everywhere here, so the mask passes g_w unchanged.
        #expect(g == Self.gradW)
        // Outside the mask the gradient is cut.
        let q = PairQuantizer(pair: bnn)
        var out: [Float] = [9, 9]
        [Float(1.5), -2].withUnsafeBufferPointer { t in
            [Float(1), 1].withUnsafeBufferPointer { gw in out.withUnsafeMutableBufferPointer { q.backward(latent: t, gradWeights: gw, gradLatent: $0) } }
        }
        #expect(out == [0, 0])
    }

    @Test func bnnPlusPlusIsSignSwishOfSignForwardAndSignSwishPrimeBackward() throws {
        let pair = QuantizerPair(name: "bnnpp", forward: try Quantizer(parsing: "signswish(mu) . sign"),
                                 backward: try Quantizer(parsing: "signswish(mu)"), prox: .sign)
        let (w, g) = Self.apply(pair, mu: 5)
        // SS_5(1) = 1.053095 (docs/THEORY.md section 3), so w = +-1.053095.
        for (wi, t) in zip(w, Self.theta) { #expect(abs(wi - (t >= 0 ? 1.053095 : -1.053095)) < 2e-6) }
        // SS'_5(0) = 5, SS'_5(+-0.2) = 3.023661, SS'_5(+-1) = -0.194992.
        let slope: [Float: Float] = [0: 5, 0.2: 3.023661, -0.2: 3.023661, 1: -0.194992, -1: -0.194992]
        for i in 0..<9 {
            let expected = slope[Self.theta[i]]! * Self.gradW[i]
            #expect(abs(g[i] - expected) < 2e-5 * max(1, abs(expected)), "entry \(i): \(g[i]) vs \(expected)")
        }
        // Read at P(theta) = sign(theta) instead, every multiplier is SS'_5(+-1).
        var quantized = pair
        quantized.backwardAt = .quantized
        let (_, gq) = Self.apply(quantized, mu: 5)
        for i in 0..<9 { #expect(abs(gq[i] - (-0.194992) * Self.gradW[i]) < 2e-5) }
    }

    @Test func clipAndResetAfterTheStep() throws {
        let proxQuant = QuantizerPair(name: "pq", forward: try Quantizer(parsing: "lq(mu, 0)"), backward: .identity,
                                      prox: try Quantizer(parsing: "lq(mu, 0)"), latentClip: 1.5, resetAfterStep: true)
        let q = PairQuantizer(pair: proxQuant)
        q.mu = 0.25
        var theta: [Float] = [2, 0.5, -0.9, -1.2]
        theta.withUnsafeMutableBufferPointer { q.afterStep(latent: $0) }
        // clip to 1.5, then soft-threshold toward +-1 by 0.25: 1.5 -> 1.25, 0.5 -> 0.75, -0.9 -> -1, -1.2 -> -1.
        #expect(theta == [1.25, 0.75, -1, -1])
        #expect(q.hasIdentityBackward)
    }
}
