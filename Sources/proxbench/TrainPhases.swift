import Foundation
import ProxCore
import ProxTrain

/// Where a training step's time goes: `proxbench train --phases`.
///
/// The step of `Sequential.trainStep` taken apart on a team, with the lead
/// member timing each layer's forward and backward pass, the loss and the
/// update over an epoch of random batches (a member's time includes its
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
        let work = TimedStep(pair: pair, threads: threads)
        let team = Team(size: threads)
        work.model.team = team
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<steps {
            work.model.zeroGrad()
            work.adam.prepareStep()
            team.run(work)
        }
        let total = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        func s(_ ns: UInt64) -> String { String(format: "%7.3f s", Double(ns) / 1e9) }
        print("phases of \(steps) steps (\(pairName), batch \(TimedStep.batch), a team of \(threads)): \(String(format: "%.3f", total)) s")
        for (i, layer) in work.model.layers.enumerated() {
            print("  \(layer.name.padding(toLength: 28, withPad: " ", startingAt: 0)) forward \(s(work.forward[i]))   backward \(s(work.backward[i]))")
        }
        print("  loss \(s(work.lossTime))   update \(s(work.updateTime))   after-step \(s(work.afterTime))")
        let whole = Bench.minimumSeconds(repeats: 2) {
            for _ in 0..<steps {
                work.model.trainStep(input: work.input, labels: UnsafeBufferPointer(work.labels), batch: TimedStep.batch,
                                     loss: work.loss, optimizer: work.adam)
            }
        }
        print(String(format: "  %d whole train steps (Sequential.trainStep, the update fused with the clip and the next w): %.3f s", steps, whole))
        let floor = TrainBench.sgemmFloor(threads: threads, steps: steps, batch: TimedStep.batch, sizes: TimedStep.sizes)
        print(String(format: "  the products alone, in even shares on the team: %.3f s (in the model's tiles: %.3f s); on %d OpenBLAS thread%@: %.3f s",
                     floor.team, floor.tiled, threads, threads == 1 ? "" : "s", floor.blas))
        return 0
    }
}

/// `SequentialStep` with a stopwatch on the lead member.
private final class TimedStep: TeamWork {
    static let batch = 100
    static let sizes = [784, 512, 512, 10]
    let model: Sequential
    let loss = SoftmaxCrossEntropy(classes: 10)
    let adam: Adam
    let input = Tensor(shape: [batch, 784])
    let labels: UnsafeMutableBufferPointer<Int32> = .allocate(capacity: batch)
    var forward: [UInt64], backward: [UInt64]
    var lossTime: UInt64 = 0, updateTime: UInt64 = 0, afterTime: UInt64 = 0

    init(pair: QuantizerPair, threads: Int) {
        var rng = SplitMix64(seed: 1)
        model = Sequential.mlp(sizes: Self.sizes, quantizer: PairQuantizer(pair: pair), rng: &rng)
        model.prepare(batch: Self.batch)
        loss.prepare(batch: Self.batch)
        adam = Adam(parameters: model.parameters)
        for i in 0..<input.count { input.data[i] = rng.nextUnitFloat() * 2 - 1 }
        for i in 0..<Self.batch { labels[i] = Int32(i % 10) }
        forward = Array(repeating: 0, count: model.layers.count)
        backward = forward
    }

    deinit { labels.deallocate() }

    func run(part: TeamPart) {
        let lead = part.isLead, n = Self.batch
        var t = DispatchTime.now().uptimeNanoseconds
        func lap(_ total: inout UInt64) {
            guard lead else { return }
            let u = DispatchTime.now().uptimeNanoseconds
            total += u - t
            t = u
        }
        var x = input
        for (i, layer) in model.layers.enumerated() {
            x = layer.forward(x, batch: n, part: part)
            lap(&forward[i])
        }
        part.barrier()
        if lead { _ = loss.forward(logits: x, labels: UnsafeBufferPointer(labels), batch: n) }
        part.barrier()
        lap(&lossTime)
        var g = loss.gradLogits
        for i in model.layers.indices.reversed() {
            let next = model.layers[i].backward(g, batch: n, needsInputGradient: i > 0, part: part)
            lap(&backward[i])
            guard let next else { break }
            g = next
        }
        part.barrier()
        adam.update(part: part)
        lap(&updateTime)
        for (_, _, q) in model.quantizedLayers { q.afterStep(elements: q.latent.rows(for: part)) }
        lap(&afterTime)
    }
}
