import Foundation
import ProxCore
import ProxTrain

/// Where a training step's time goes: `proxbench train --phases`.
///
/// The real step, `Sequential.trainStep`, on a team, with a `StepHook` on
/// the lead member that times each layer's forward and backward pass, the
/// loss and the update over random batches (a member's time includes its
/// waits at barriers), next to the products alone. Finds what to work on;
/// the epoch figure itself comes from `proxbench train`.
enum TrainPhases {
    static func run(_ args: [String]) -> Int32 {
        let threads = Int(Bench.option(args, "threads") ?? "") ?? 2
        let steps = Int(Bench.option(args, "steps") ?? "") ?? 600
        let pairName = Bench.option(args, "pair") ?? "bc"
        let pair: QuantizerPair
        do {
            guard let p = try PresetLibrary.resolvePair(pairName) else {
                FileHandle.standardError.write(Data("proxbench train --phases: no pair named '\(pairName)'\n".utf8))
                return 2
            }
            pair = p
        } catch {
            FileHandle.standardError.write(Data("proxbench train --phases: \(error)\n".utf8))
            return 2
        }
        BLAS.setThreads(1)
        let batch = 100, spec: ModelSpec
        do { spec = try Bench.modelSpec(args) } catch {
            FileHandle.standardError.write(Data("proxbench train --phases: \(error.message)\n".utf8))
            return 2
        }
        // Fashion-MNIST's shapes, random pixels: the time of a step does not depend on them.
        let image = ImageShape(channels: 1, height: 28, width: 28)
        var rng = SplitMix64(seed: 1)
        let model: Sequential
        do {
            model = try spec.build(featureCount: image.count, imageShape: image, classes: 10, binarize: .all,
                                   quantizer: PairQuantizer(pair: pair), dataName: "fashion-mnist", rng: &rng)
        } catch {
            FileHandle.standardError.write(Data("proxbench train --phases: \(error.message)\n".utf8))
            return 2
        }
        model.team = Team(size: threads)
        model.prepare(batch: batch)
        let loss = SoftmaxCrossEntropy(classes: 10)
        loss.prepare(batch: batch)
        let adam = Adam(parameters: model.parameters)
        let input = Tensor(shape: [batch, image.count])
        for i in 0..<input.count { input.data[i] = rng.nextUnitFloat() * 2 - 1 }
        let labels = (0..<batch).map { Int32($0 % 10) }
        func train() {
            labels.withUnsafeBufferPointer { y in
                for _ in 0..<steps { model.trainStep(input: input, labels: y, batch: batch, loss: loss, optimizer: adam) }
            }
        }
        let timer = PhaseTimer(layers: model.steps.count)
        model.stepHook = timer
        let start = DispatchTime.now().uptimeNanoseconds
        timer.start()
        train()
        let total = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        model.stepHook = nil
        func s(_ ns: UInt64) -> String { String(format: "%7.3f s", Double(ns) / 1e9) }
        print("phases of \(steps) steps (\(spec), \(pairName), batch \(batch), a team of \(threads)): \(String(format: "%.3f", total)) s")
        for (i, layer) in model.steps.enumerated() {
            print("  \(layer.name.padding(toLength: 28, withPad: " ", startingAt: 0)) forward \(s(timer.forward[i]))   backward \(s(timer.backward[i]))")
        }
        print("  loss \(s(timer.loss))   update (with the clip and the next w) \(s(timer.update))   between steps \(s(timer.between))")
        let whole = Bench.minimumTimes(repeats: 2) { train() }
        print(String(format: "  %d train steps without the hook: %.3f s (the lead's CPU time: %.3f s)", steps, whole.wall, whole.cpu))
        let floor = ModelFloor.measure(model: model, batch: batch, steps: steps, threads: threads)
        print(String(format: "  the products alone, in even shares on the team: %.3f s (lead's CPU %.3f s); in the model's tiles: %.3f s (CPU %.3f s); on %d OpenBLAS thread%@: %.3f s",
                     floor.team, floor.teamCPU, floor.tiled, floor.tiledCPU, threads, threads == 1 ? "" : "s", floor.blas))
        return 0
    }
}

/// Laps of the lead member, summed per phase; the time from the end of one
/// step to the start of the next (the caller's bookkeeping) and the batch copy are `between`.
private final class PhaseTimer: StepHook {
    var forward: [UInt64], backward: [UInt64]
    var loss: UInt64 = 0, update: UInt64 = 0, between: UInt64 = 0
    private var last: UInt64 = 0

    init(layers: Int) {
        forward = Array(repeating: 0, count: layers)
        backward = forward
    }

    func start() { last = DispatchTime.now().uptimeNanoseconds }

    func passed(_ phase: StepPhase, part: TeamPart) {
        guard part.isLead else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        let lap = now - last
        last = now
        switch phase {
        case .start, .fill: between += lap
        case .forward(let i): forward[i] += lap
        case .loss: loss += lap
        case .backward(let i): backward[i] += lap
        case .update: update += lap
        }
    }
}
