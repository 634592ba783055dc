import Foundation
import ProxCore

/// Trains one run and reports it as events (docs/THEORY.md sections 2 and 6).
///
/// A trainer has identity: it owns the model, its buffers and the log of one
/// run, and lives on one thread. The step allocates nothing: every buffer is
/// made in `init`. The same seed gives bit-identical metrics (same data order,
/// same initial weights, same BLAS thread count).
public final class Trainer {
    public let plan: RunPlan
    public let dataset: Dataset
    public let model: Sequential
    public let quantizer: PairQuantizer
    public let activationQuantizer: PairQuantizer?
    public let stepsPerEpoch: Int
    /// The cores the run may use: the experiment's `threads`, at most the active cores.
    public let threads: Int
    /// A batch's mean cross-entropy past this ends the run as diverged: a
    /// loss of 10^4 nats puts the true class e^-10000 below the rest, and a
    /// run there only grows its weights until the numbers overflow (its
    /// table would print losses of 7.5e29). Chance level is ln(classes) < 10.
    public static let divergedLoss = 1e4
    /// Examples per evaluation batch: large batches make evaluation cheap.
    public static let evaluationBatch = 500

    private let loss: SoftmaxCrossEntropy
    /// Rebuilt, fresh, when a pretrained run starts binarizing.
    var optimizer: any Optimizer
    let input: Tensor
    private let labels: UnsafeMutableBufferPointer<Int32>
    /// The training batches, copied into `input` as the first part of each step.
    private let loader: BatchLoader
    let metrics: LatentMetrics
    /// Set again when a run resumes in its old folder.
    var log: RunLog?
    /// Where a resumed run continues; nil for a new run.
    var resumePoint: TrainingState?
    /// A resumed run's original setup, for its checkpoints' metadata.
    var checkpointSetup: JSONValue?

    /// - Parameter logRoot: the runs folder, or nil to keep no log (tests, benchmarks).
    public init(plan: RunPlan, dataset: Dataset, logRoot: String?) throws {
        self.plan = plan
        self.dataset = dataset
        let e = plan.experiment
        // Before anything is allocated: a setting that cannot run is an ExperimentProblem naming its field.
        try e.validate(for: dataset)
        quantizer = PairQuantizer(pair: plan.pair)
        activationQuantizer = plan.activationPair.map { PairQuantizer(pair: $0) }
        var rng = SplitMix64(seed: Permutation.derivedSeed(plan.seed, stream: 1))
        do {
            model = try e.model.build(featureCount: dataset.featureCount, imageShape: dataset.imageShape,
                                      classes: dataset.classCount, binarize: e.binarize, quantizer: quantizer,
                                      activationQuantizer: activationQuantizer, dataName: dataset.name, rng: &rng)
        } catch {
            throw RunFailure(reason: error.message, epoch: 0, step: 0, log: nil)
        }
        // A team splits every product itself in fixed tiles (see `TeamPart`),
        // and each call to sgemm stays on its caller's thread: OpenBLAS's own
        // threads would split a product by their count and round it
        // differently, so they stay off and a run gives the same bits on any
        // number of threads. More members than active cores would only spin
        // at the barriers.
        threads = min(e.threads, Self.activeCores)
        let members = model.teamSize(batch: e.batch, available: threads)
        model.team = Team(size: members)
        BLAS.setThreads(1)
        let capacity = max(e.batch, Self.evaluationBatch)
        model.prepare(batch: capacity)
        loss = SoftmaxCrossEntropy(classes: dataset.classCount)
        loss.prepare(batch: capacity)
        optimizer = Self.makeOptimizer(e, parameters: model.parameters)
        input = Tensor(shape: [capacity, dataset.featureCount])
        labels = .allocate(capacity: capacity)
        let sampler = BatchSampler(count: dataset.train.count, batchSize: e.batch,
                                   seed: Permutation.derivedSeed(plan.seed, stream: 2))
        stepsPerEpoch = sampler.batchCount
        loader = BatchLoader(sampler: sampler, split: dataset.train, features: input.buffer, labels: labels)
        metrics = LatentMetrics(model: model, quantizer: quantizer)
        if let source = e.initFrom { try loadInitialWeights(from: source) }
        let setup = plan.setupJSON.adding("machine", Self.machineJSON(threads: threads, team: members))
        log = try logRoot.map {
            try RunLog(root: $0, pair: plan.pair.name, dataset: DatasetName.short(e.dataset), seed: plan.seed, setup: setup)
        }
    }

    deinit { labels.deallocate() }

    /// The cores this process may run on now.
    public static var activeCores: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// What the run ran on, for its experiment.json: the threads of a step
    /// and the OpenBLAS kernel family, so two logs that differ can be told apart.
    static func machineJSON(threads: Int, team: Int) -> JSONValue {
        .object([("threads", .number(Double(threads))), ("team", .number(Double(team))),
                 ("blas_core", .string(BLAS.coreName)), ("active_cores", .number(Double(activeCores)))])
    }

    public var logDirectory: String? { log?.directory }

    /// Runs every epoch, calling `onEvent` on this thread for each event, and
    /// returns the summary (or the failure). Cancellation and pause are read
    /// between steps.
    @discardableResult
    public func run(control: RunControl = RunControl(), onEvent: (TrainingEvent) -> Void = { _ in }) -> Result<RunSummary, RunFailure> {
        let e = plan.experiment
        let begin = resumePoint ?? TrainingState()
        let totalEpochs = e.pretrain + e.epochs
        var step = begin.step, learningRateSum = begin.learningRateSum
        var epochSeconds: [Double] = []
        var last: EpochMetrics?
        func emit(_ event: TrainingEvent) {
            log?.append(event)
            onEvent(event)
        }
        /// Writes what was emitted; a write that fails (a full disk) ends the
        /// run as failed, its reason the last line of the log when room allows.
        func persist() -> RunFailure? {
            guard let log else { return nil }
            do { try log.flush() } catch {
                return end(RunFailure(reason: "\(error); the log ends at the last event that fit",
                                      epoch: epochSeconds.count, step: step, log: log.directory))
            }
            return nil
        }
        /// Ends the run on a failure of the disk: the failure is the log's
        /// last line, in the room the log kept for it.
        func end(_ failure: RunFailure) -> RunFailure {
            log?.finish(with: .failed(failure))
            onEvent(.failed(failure))
            return failure
        }
        func summary(epochs: Int) -> RunSummary {
            RunSummary(pair: plan.pair.name, dataset: e.dataset, seed: plan.seed, last: last, epochs: epochs,
                       epochSeconds: epochSeconds, log: log?.directory)
        }
        emit(.started(RunInfo(id: log?.id ?? "\(plan.pair.name)-s\(plan.seed)", pair: plan.pair.name, dataset: e.dataset,
                              model: e.model.description, seed: plan.seed, epochs: totalEpochs, stepsPerEpoch: stepsPerEpoch,
                              logDirectory: log?.directory, memory: model.memoryTable, resumedFrom: resumePoint?.epoch)))
        if let failure = persist() { return .failure(failure) }
        metrics.rememberSigns()
        for epoch in begin.epoch..<totalEpochs {
            let span = PhaseSpan(epoch: epoch, of: e, stepsPerEpoch: stepsPerEpoch)
            if e.pretrain > 0 && (epoch == begin.epoch || epoch == span.firstEpoch) {
                enter(span, at: epoch)
                if epoch == span.firstEpoch { learningRateSum = 0 }
            }
            loader.sampler.startEpoch(epoch)
            let start = DispatchTime.now().uptimeNanoseconds
            var lossSum = 0.0, correct = 0, seen = 0
            var windowLoss = 0.0, windowSteps = 0, windowStart = start
            var mu = 0.0, lr = 0.0
            for b in 0..<stepsPerEpoch {
                while control.isPaused && !control.isCancelled { usleep(20_000) }
                if control.isCancelled {
                    emit(.cancelled(summary(epochs: epoch)))
                    if let failure = persist() { return .failure(failure) }
                    return .success(summary(epochs: epoch))
                }
                let progress = span.phase == .pretrain ? TrainingProgress(fraction: 0)
                    : TrainingProgress(fraction: span.fraction(step: step), epoch: epoch - span.firstEpoch, learningRateSum: learningRateSum)
                lr = e.learningRateSchedule.rate(base: e.learningRate, fraction: span.learningRateFraction(step: step))
                optimizer.learningRate = Float(lr)
                // The freeze counts the phase's steps (the binarized ones after a pretrain).
                quantizer.follow(progress, learningRate: lr, step: step - span.firstStep, of: span.steps)
                activationQuantizer?.follow(progress, learningRate: lr, step: step - span.firstStep, of: span.steps)
                mu = quantizer.mu
                loader.batch = b
                let rows = loader.rows
                let (l, c) = model.trainStep(input: input, labels: UnsafeBufferPointer(labels), batch: rows,
                                             loss: loss, optimizer: optimizer, filling: loader)
                if !(l <= Self.divergedLoss) {
                    let what = l.isNaN ? "became NaN" : l.isInfinite ? "became infinite" : "reached \(formatCompact(l)), past \(formatNumber(Self.divergedLoss)),"
                    let failure = RunFailure(
                        reason: "loss \(what) at epoch \(epoch + 1), step \(step + 1) (mu = \(formatNumber(mu)), lr = \(formatNumber(lr))): the run diverged; lower the learning rate or check the pair",
                        epoch: epoch + 1, step: step + 1, log: log?.directory)
                    emit(.failed(failure))
                    return .failure(persist() ?? failure)
                }
                learningRateSum += lr
                step += 1
                lossSum += l
                correct += c
                seen += rows
                windowLoss += l
                windowSteps += 1
                if step % e.logEvery == 0 {
                    let now = DispatchTime.now().uptimeNanoseconds
                    let seconds = Double(now - windowStart) / 1e9
                    emit(.step(StepMetrics(step: step, epoch: epoch + 1, loss: windowLoss / Double(windowSteps),
                                           accuracy: Double(correct) / Double(max(seen, 1)), mu: mu, learningRate: lr,
                                           examplesPerSecond: seconds > 0 ? Double(windowSteps * e.batch) / seconds : 0)))
                    windowLoss = 0; windowSteps = 0; windowStart = now
                }
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            epochSeconds.append(seconds)
            let test = evaluate(dataset.test, weights: .forward)
            let deploy = evaluate(dataset.test, weights: .deploy)
            let latent = metrics.measure(mu: mu)
            var m = EpochMetrics(epoch: epoch + 1, trainLoss: lossSum / Double(stepsPerEpoch),
                                 trainAccuracy: Double(correct) / Double(max(seen, 1)), testAccuracy: test, deployAccuracy: deploy,
                                 flipRatio: latent.flipRatio, saturation: latent.saturation, atClip: latent.atClip,
                                 quantizationGap: latent.quantizationGap, mu: mu, learningRate: lr,
                                 examplesPerSecond: Double(seen) / seconds, seconds: seconds,
                                 latentHistogram: latent.histogram, histogramRange: latent.histogramRange, phase: span.phase)
            m.boundary = decisionBoundary()
            last = m
            emit(.epoch(m))
            if let failure = persist() { return .failure(failure) }
            if let failure = saveCheckpoint(TrainingState(epoch: epoch + 1, step: step, learningRateSum: learningRateSum)) {
                return .failure(end(failure))
            }
        }
        let s = summary(epochs: totalEpochs)
        emit(.finished(s))
        if let failure = persist() { return .failure(failure) }
        return .success(s)
    }

    /// Accuracy on a split in evaluation mode, with F(theta) or sign(theta) weights.
    public func evaluate(_ split: DataSplit, weights: WeightMode) -> Double {
        guard split.count > 0 else { return .nan }
        let sampler = BatchSampler(count: split.count, batchSize: Self.evaluationBatch, seed: 0, dropLast: false, shuffles: false)
        let correct = model.evaluating(weights: weights) { () -> Int in
            var total = 0
            for b in 0..<sampler.batchCount {
                let rows = sampler.gather(batch: b, from: split, features: input.buffer, labels: labels)
                total += model.countCorrect(input: input, labels: UnsafeBufferPointer(labels), batch: rows)
            }
            return total
        }
        return Double(correct) / Double(split.count)
    }
}

/// Short data-set names for run folders and run lists: `moons:noise=0.1` -> `moons`.
public enum DatasetName {
    public static func short(_ spec: String) -> String {
        let base = spec.split(separator: ":").first.map(String.init) ?? spec
        if base == "idx" || base == "csv" {
            return (spec.split(separator: "/").last.map(String.init) ?? base).replacingOccurrences(of: ".csv", with: "")
        }
        return base
    }
}
