import Foundation
import ProxCore
import ProxTrain
import TestHelpers
import Testing

/// The team that runs train steps: its partition, barriers and serial
/// sections, and the property the trainer relies on, that a step on two
/// threads gives bit for bit what it gives on one.
@Suite struct TeamTests {
    /// Records which member ran and what each saw after a barrier.
    final class Recorder: TeamWork, @unchecked Sendable {
        let size: Int, rounds: Int
        let slots: UnsafeMutableBufferPointer<Int>
        var runs: [Int]
        var mismatches = 0
        let lock = NSLock()

        init(size: Int, rounds: Int) {
            self.size = size
            self.rounds = rounds
            slots = .allocate(capacity: size)
            slots.initialize(repeating: -1)
            runs = Array(repeating: 0, count: size)
        }
        deinit { slots.deallocate() }

        func run(part: TeamPart) {
            lock.withLock { runs[part.rank] += 1 }
            var seen = 0
            for round in 0..<rounds {
                slots[part.rank] = round
                part.barrier()
                // Every member wrote this round before anyone passed the barrier.
                for r in 0..<size where slots[r] != round { seen += 1 }
                part.barrier()
            }
            lock.withLock { mismatches += seen }
        }
    }

    @Test(arguments: [1, 2, 3])
    func everyMemberRunsOnceAndBarriersOrderWrites(size: Int) {
        let team = Team(size: size)
        let work = Recorder(size: size, rounds: 2_000)
        team.run(work)
        #expect(work.runs == Array(repeating: 1, count: size))
        #expect(work.mismatches == 0)
        team.run(work)
        #expect(work.runs == Array(repeating: 2, count: size))
    }

    /// The slices of n features over c members cover 0..<n once, in order,
    /// in whole tiles (every cut on a multiple of the tile width), the tile
    /// counts at most one apart; also when there are fewer tiles than members.
    @Test(arguments: [(1, 7), (2, 512), (2, 10), (3, 100), (3, 2), (4, 0), (3, 513), (2, 784)] as [(Int, Int)])
    func slicesPartitionTheFeaturesInWholeTiles(members: Int, n: Int) {
        let ranges = Self.collect(members: members) { $0.range(n) }
        #expect(ranges.flatMap { Array($0) } == Array(0..<n))
        let w = TeamPart.tileWidth
        #expect(ranges.allSatisfy { $0.lowerBound % w == 0 && ($0.upperBound % w == 0 || $0.upperBound == n) })
        let tiles = ranges.map { ($0.count + w - 1) / w }
        #expect(tiles.max()! - tiles.min()! <= 1)
        // The tiles of a slice are the sgemm calls: whole tiles, in order.
        for r in ranges {
            let calls = Array(TeamPart.tiles(of: r))
            #expect(calls.flatMap { Array($0) } == Array(r))
            #expect(calls.dropLast().allSatisfy { $0.count == w })
        }
    }

    /// Even shares (the rows of a batch copy) cover 0..<n once, at most one apart.
    @Test(arguments: [(1, 7), (2, 100), (3, 100), (3, 2), (4, 0)] as [(Int, Int)])
    func evenSharesPartitionTheRows(members: Int, n: Int) {
        let ranges = Self.collect(members: members) { $0.evenShare(n) }
        #expect(ranges.flatMap { Array($0) } == Array(0..<n))
        #expect(ranges.map(\.count).max()! - ranges.map(\.count).min()! <= 1)
    }

    /// What each member of a team of `members` computes, by rank; each member
    /// writes its own slot of raw memory, so no Swift array is shared.
    static func collect(members: Int, _ body: @escaping @Sendable (TeamPart) -> Range<Int>) -> [Range<Int>] {
        final class Slots: TeamWork, @unchecked Sendable {
            let slots: UnsafeMutableBufferPointer<Range<Int>>
            let body: @Sendable (TeamPart) -> Range<Int>
            init(_ n: Int, _ body: @escaping @Sendable (TeamPart) -> Range<Int>) {
                slots = .allocate(capacity: n)
                slots.initialize(repeating: 0..<0)
                self.body = body
            }
            deinit { slots.deallocate() }
            func run(part: TeamPart) { slots[part.rank] = body(part) }
        }
        let work = Slots(members, body)
        Team(size: members).run(work)
        return Array(work.slots)
    }

    @Test func serialSectionsShareTheLeadsResult() {
        final class Serial: TeamWork, @unchecked Sendable {
            var seen: [Float] = [0, 0]
            let lock = NSLock()
            func run(part: TeamPart) {
                let t = part.serial {
                    let t = Tensor(shape: [1])
                    t.data[0] = Float(part.rank + 42)
                    return t
                }
                lock.withLock { seen[part.rank] = t!.data[0] }
            }
        }
        let work = Serial()
        Team(size: 2).run(work)
        #expect(work.seen == [42, 42])
    }

    /// Train steps of an MLP with BatchNorm: weights, latent weights,
    /// optimizer state and losses after a few steps on a team of `size`.
    /// Layers wider than a tile, and not multiples of it, so that a team of
    /// two or three splits every product into several calls and uneven shares.
    static func trainedMLP(team size: Int, pair: String, optimizer: String) throws -> (params: [Float], losses: [Double]) {
        let resolved = try #require(try PresetLibrary.resolvePair(pair))
        var rng = SplitMix64(seed: 71)
        let model = Sequential.mlp(sizes: [300, 260, 390, 5], quantizer: PairQuantizer(pair: resolved), rng: &rng)
        let opt: any Optimizer = optimizer == "adam"
            ? Adam(parameters: model.parameters, learningRate: 0.05)
            : SGD(parameters: model.parameters, learningRate: 0.1, momentum: 0.9)
        return train(model, team: size, batch: 24, steps: 8, optimizer: opt, rng: &rng)
    }

    /// `steps` train steps of `model` on a team of `size`, on one random
    /// batch: the losses, then every parameter and every w.
    static func train(_ model: Sequential, team size: Int, batch: Int, steps: Int, optimizer: any Optimizer,
                      rng: inout SplitMix64) -> (params: [Float], losses: [Double]) {
        model.team = Team(size: size)
        model.prepare(batch: batch)
        let loss = SoftmaxCrossEntropy(classes: model.classes)
        loss.prepare(batch: batch)
        let x = Tensor(shape: [batch, model.inputSize])
        for i in 0..<x.count { x.data[i] = rng.nextUnitFloat() * 2 - 1 }
        let labels = (0..<batch).map { Int32($0 % model.classes) }
        var losses: [Double] = []
        for _ in 0..<steps {
            losses.append(labels.withUnsafeBufferPointer {
                model.trainStep(input: x, labels: $0, batch: batch, loss: loss, optimizer: optimizer).loss
            })
        }
        let params = model.parameters.flatMap { $0.value.toArray() }
            + model.quantizedLayers.flatMap { $0.weights.effective.toArray() }
        return (params, losses)
    }

    /// A team of two or three splits every product and element-wise pass,
    /// yet each element is computed exactly as on one thread: bit-identical
    /// runs, for a pair with B = id (the fused path) and one with B' from
    /// ProxCore, under Adam and SGD with momentum. This holds by
    /// construction (every product is cut into the same fixed tiles whatever
    /// the team size), so it must hold under every OpenBLAS kernel:
    /// `holdsUnderEveryKernel` runs this test again under three of them.
    @Test(arguments: [("bc", "adam"), ("bnn", "sgd"), ("bnnplusplus", "adam")] as [(String, String)])
    func teamsGiveTheSameRunAsOneThread(pair: String, optimizer: String) throws {
        let one = try Self.trainedMLP(team: 1, pair: pair, optimizer: optimizer)
        for size in [2, 3] {
            let many = try Self.trainedMLP(team: size, pair: pair, optimizer: optimizer)
            #expect(bitDifference(many.losses, one.losses) == nil, "losses, team of \(size): \(bitDifference(many.losses, one.losses) ?? "")")
            #expect(bitDifference(many.params, one.params) == nil, "parameters, team of \(size): \(bitDifference(many.params, one.params) ?? "")")
        }
        #expect(one.losses.last! < one.losses.first!)
    }

    /// `teamsGiveTheSameRunAsOneThread` and its CNN twin again, in a child process of this
    /// test runner under each of three OpenBLAS kernel families (OpenBLAS
    /// reads OPENBLAS_CORETYPE once, when it loads): no FMA (Sandybridge),
    /// the Haswell FMA kernels of Zen 3 machines, and Zen itself. The child
    /// also checks that OpenBLAS took the kernel it was given.
    @Test(arguments: ["Sandybridge", "Haswell", "Zen"])
    func holdsUnderEveryKernel(core: String) throws {
        guard ProcessInfo.processInfo.environment[Self.coreVariable] == nil else { return } // the child: nothing to spawn
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = ["--testing-library", "swift-testing",
                             "--filter", "teamsGiveTheSameRunAsOneThread",
                             "--filter", "cnnTeamsGiveTheSameRunAsOneThread", "--filter", "openBLASRunsTheKernelAskedFor"]
        var env = ProcessInfo.processInfo.environment
        env["OPENBLAS_CORETYPE"] = core
        env[Self.coreVariable] = core
        process.environment = env
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let report = text.split(separator: "\n").filter { $0.contains("✘") || $0.contains("issue") }.prefix(8).joined(separator: "\n")
        #expect(process.terminationStatus == 0, "under OPENBLAS_CORETYPE=\(core):\n\(report)")
        #expect(text.contains("teamsGiveTheSameRunAsOneThread") && text.contains("cnnTeamsGiveTheSameRunAsOneThread")
                && text.contains("openBLASRunsTheKernelAskedFor"),
                "the child ran neither test under \(core)")
    }

    /// Set in the child of `holdsUnderEveryKernel` to the kernel it runs under.
    static let coreVariable = "PROXLAB_TEST_CORETYPE"

    /// OpenBLAS names the kernel family it picked; in the child of
    /// `holdsUnderEveryKernel`, the one that was asked for.
    @Test func openBLASRunsTheKernelAskedFor() {
        let name = BLAS.coreName
        #expect(!name.isEmpty && name != "unknown")
        if let asked = ProcessInfo.processInfo.environment[Self.coreVariable] {
            #expect(name.lowercased() == asked.lowercased(), "asked for \(asked), OpenBLAS runs \(name)")
        }
    }

    /// A team for models with a large product only: the reference MLP and
    /// the CNN get every core, two moons (a step too small to split) one.
    @Test func teamSizeFollowsTheModel() {
        var rng = SplitMix64(seed: 74)
        let reference = Sequential.mlp(sizes: [784, 512, 512, 10], quantizer: SignQuantizer(), rng: &rng)
        #expect(reference.teamSize(batch: 100, available: 2) == 2)
        #expect(reference.teamSize(batch: 100, available: 1) == 1)
        let hardtanh = Sequential.mlp(sizes: [784, 256, 10], activation: .hardtanh, quantizer: SignQuantizer(), rng: &rng)
        #expect(hardtanh.teamSize(batch: 100, available: 2) == 2)
        let moons = Sequential.mlp(sizes: [2, 32, 32, 2], quantizer: SignQuantizer(), rng: &rng)
        #expect(moons.teamSize(batch: 50, available: 2) == 1)
        let cnn = Sequential.cnn(quantizer: SignQuantizer(), rng: &rng)
        #expect(cnn.teamSize(batch: 100, available: 2) == 2)
    }

    /// Train steps of a CNN on a team of `size`: two channels (so the
    /// input is reordered channel-major), 28x28 images so that the first
    /// convolution takes one example per tile and the second two (seven
    /// examples: uneven shares, a short last tile), and a classifier whose
    /// input gradient spans several feature tiles (in full precision, so
    /// that four steps lower the loss).
    static func trainedCNN(team size: Int, pair: String) throws -> (params: [Float], losses: [Double]) {
        let resolved = try #require(try PresetLibrary.resolvePair(pair))
        var rng = SplitMix64(seed: 72)
        let model = Sequential.cnn(height: 28, width: 28, channels: 2, classes: 5, widths: [16, 8],
                                   binarized: [true, true, false], quantizer: PairQuantizer(pair: resolved), rng: &rng)
        return train(model, team: size, batch: 7, steps: 4, optimizer: Adam(parameters: model.parameters, learningRate: 0.01),
                     rng: &rng)
    }

    /// Convolutions split by tiles of examples, batch norm by channels,
    /// pooling by planes: a CNN's run on two or three threads is bit for bit
    /// its run on one (also under every kernel: `holdsUnderEveryKernel`).
    /// OpenBLAS's own threads would split a product by their count and
    /// round it otherwise (four CNN steps: 2,600 of 4,893 parameters differ),
    /// and its count is process-wide: a test suite running beside this one
    /// that changed it made the runs below differ. Products pin it to 1.
    @Test func productsRunOnOneOpenBLASThread() throws {
        _ = try Self.trainedCNN(team: 2, pair: "bc")
        #expect(BLAS.threads == 1)
    }

    @Test(arguments: ["bc", "bnnplusplus"])
    func cnnTeamsGiveTheSameRunAsOneThread(pair: String) throws {
        let one = try Self.trainedCNN(team: 1, pair: pair)
        for size in [2, 3] {
            let many = try Self.trainedCNN(team: size, pair: pair)
            #expect(bitDifference(many.losses, one.losses) == nil, "losses, team of \(size): \(bitDifference(many.losses, one.losses) ?? "")")
            #expect(bitDifference(many.params, one.params) == nil, "parameters, team of \(size): \(bitDifference(many.params, one.params) ?? "")")
        }
        #expect(one.losses.last! < one.losses.first!)
    }

    /// The residual network on a team: units whose convolutions take two
    /// examples per tile at 28x28, residual adds and global pooling split by
    /// channels; bit for bit the run on one thread.
    @Test func resnetTeamsGiveTheSameRunAsOneThread() throws {
        func run(_ size: Int) throws -> (params: [Float], losses: [Double]) {
            let resolved = try #require(try PresetLibrary.resolvePair("bnnplusplus"))
            var rng = SplitMix64(seed: 76)
            let model = Sequential.resnet(widths: [16, 8], units: 1, quantizer: PairQuantizer(pair: resolved), rng: &rng)
            return Self.train(model, team: size, batch: 7, steps: 3, optimizer: Adam(parameters: model.parameters, learningRate: 0.01),
                         rng: &rng)
        }
        let one = try run(1)
        for size in [2, 3] {
            let many = try run(size)
            #expect(bitDifference(many.losses, one.losses) == nil, "losses, team of \(size): \(bitDifference(many.losses, one.losses) ?? "")")
            #expect(bitDifference(many.params, one.params) == nil, "parameters, team of \(size): \(bitDifference(many.params, one.params) ?? "")")
        }
        #expect(one.losses.last! < one.losses.first!)
    }

    /// A step hook hears every member pass every phase of the real step, in
    /// order: the start, each step layer's forward pass, the loss, the
    /// backward passes in reverse, the update.
    @Test func stepHookSeesEveryPhaseInOrder() {
        final class Recorder: StepHook, @unchecked Sendable {
            var phases: [[StepPhase]] = [[], []]
            let lock = NSLock()
            func passed(_ phase: StepPhase, part: TeamPart) { lock.withLock { phases[part.rank].append(phase) } }
        }
        var rng = SplitMix64(seed: 75)
        let model = Sequential.mlp(sizes: [6, 8, 3], quantizer: SignQuantizer(), rng: &rng)
        model.team = Team(size: 2)
        model.prepare(batch: 4)
        let loss = SoftmaxCrossEntropy(classes: 3)
        loss.prepare(batch: 4)
        let recorder = Recorder()
        model.stepHook = recorder
        let x = randomTensor([4, 6], rng: &rng)
        _ = model.trainStep(input: x, labels: [0, 1, 2, 0], batch: 4, loss: loss, optimizer: Adam(parameters: model.parameters))
        let expected: [StepPhase] = [.start, .forward(0), .forward(1), .forward(2), .loss,
                                     .backward(2), .backward(1), .backward(0), .update]
        #expect(model.steps.count == 3)
        #expect(recorder.phases == [expected, expected])
    }

    /// With a constant mu each step computes the next step's w with the
    /// update, and the next forward pass skips its refresh. w must still be
    /// F(theta) whenever a step computes with it: after steps, after mu
    /// changes, and after a deploy evaluation wrote sign(theta) into w. A
    /// model that evaluates between steps must train exactly like one that does not.
    @Test func precomputedWeightsStayCurrent() throws {
        let pair = try #require(try PresetLibrary.resolvePair("bnnplusplus"))
        final class Run {
            let quantizer: PairQuantizer, model: Sequential, loss: SoftmaxCrossEntropy, opt: Adam
            let x = Tensor(shape: [9, 6])
            let labels: [Int32] = (0..<9).map { Int32($0 % 3) }
            init(_ pair: QuantizerPair) {
                quantizer = PairQuantizer(pair: pair)
                quantizer.mu = 3
                var rng = SplitMix64(seed: 73)
                model = Sequential.mlp(sizes: [6, 8, 3], quantizer: quantizer, rng: &rng)
                model.team = Team(size: 2)
                model.prepare(batch: 9)
                loss = SoftmaxCrossEntropy(classes: 3)
                loss.prepare(batch: 9)
                opt = Adam(parameters: model.parameters, learningRate: 0.05)
                for i in 0..<x.count { x.data[i] = rng.nextUnitFloat() * 2 - 1 }
            }
            func step() -> Double {
                labels.withUnsafeBufferPointer { model.trainStep(input: x, labels: $0, batch: 9, loss: loss, optimizer: opt).loss }
            }
            /// The same step through the step-by-step API, whose forward pass always recomputes w.
            func referenceStep() -> Double {
                labels.withUnsafeBufferPointer { y in
                    let result = loss.forward(logits: model.forward(x, batch: 9), labels: y, batch: 9)
                    model.zeroGrad()
                    model.backward(loss.gradLogits, batch: 9)
                    opt.step()
                    model.afterStep()
                    return result.loss
                }
            }
            func deployEvaluation() {
                _ = labels.withUnsafeBufferPointer { y in model.evaluating(weights: .deploy) { model.countCorrect(input: x, labels: y, batch: 9) } }
            }
            /// w against F(theta) at the current mu.
            func wIsCurrent(_ pair: QuantizerPair) -> Bool {
                model.quantizedLayers.allSatisfy { layer in
                    let theta = layer.weights.latent.value.toArray()
                    var expected = [Float](repeating: 0, count: theta.count)
                    theta.withUnsafeBufferPointer { t in
                        expected.withUnsafeMutableBufferPointer { pair.forward.evaluate(t, mu: quantizer.mu, value: $0, derivative: nil) }
                    }
                    return layer.weights.effective.toArray() == expected
                }
            }
        }
        let plain = Run(pair), evaluated = Run(pair), reference = Run(pair)
        var losses: (plain: [Double], evaluated: [Double], reference: [Double]) = ([], [], [])
        for k in 0..<9 {
            if k == 5 { for run in [plain, evaluated, reference] { run.quantizer.mu = 5 } }
            losses.plain.append(plain.step())
            if k % 2 == 1 { evaluated.deployEvaluation() }
            losses.evaluated.append(evaluated.step())
            losses.reference.append(reference.referenceStep())
            // From the third step on, and again two steps after mu changed,
            // the step left w computed for the next one.
            if [2, 3, 4, 6, 7, 8].contains(k) { #expect(plain.wIsCurrent(pair), "after step \(k + 1)") }
        }
        #expect(losses.plain == losses.reference)
        #expect(losses.evaluated == losses.reference)
        let params = { (run: Run) in run.model.parameters.flatMap { $0.value.toArray() } }
        #expect(params(plain) == params(reference))
        #expect(params(evaluated) == params(reference))
    }
}
