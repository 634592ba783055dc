import Foundation
import ProxTrain
import Synchronization

/// Runs training off the UI thread, one run after another, and hands the
/// events to the UI through a mailbox it drains each tick.
///
/// The UI never waits: `enqueue`, `pause`, `resume` and `cancel` return at
/// once, and `drain` takes whatever arrived. A worker thread exists while the
/// queue has work. Data sets are loaded on the worker and cached by spec, so a
/// queue of runs on Fashion-MNIST reads it once.
public final class RunManager: Sendable {
    private struct Job: Sendable {
        let id: Int
        let plan: RunPlan
        let control: RunControl
    }

    private struct Shared: ~Copyable {
        var queue: [Job] = []
        var controls: [Int: RunControl] = [:]
        var mailbox: [RunMessage] = []
        var workerRunning = false
        var datasets: [String: Dataset] = [:]
    }

    private let shared = Mutex(Shared())
    private let logRoot: String?

    /// - Parameter logRoot: the runs folder (as `proxlab train` uses), or nil for no logs.
    public init(logRoot: String?) { self.logRoot = logRoot }

    /// Queues a run; it starts when the runs before it have finished.
    public func enqueue(id: Int, plan: RunPlan) {
        let control = RunControl()
        let startWorker = shared.withLock { s -> Bool in
            s.queue.append(Job(id: id, plan: plan, control: control))
            s.controls[id] = control
            if s.workerRunning { return false }
            s.workerRunning = true
            return true
        }
        if startWorker {
            let thread = Thread { [self] in work() }
            thread.name = "proxlab-trainer"
            thread.start()
        }
    }

    public func pause(_ id: Int) { shared.withLock { $0.controls[id] }?.pause() }
    public func resume(_ id: Int) { shared.withLock { $0.controls[id] }?.resume() }

    /// Stops a running run between steps, or drops a queued one.
    public func cancel(_ id: Int) {
        let dropped = shared.withLock { s -> Bool in
            let before = s.queue.count
            s.queue.removeAll { $0.id == id }
            return s.queue.count != before
        }
        if dropped {
            post(.event(run: id, .cancelled(RunSummary(pair: "", dataset: "", seed: 0, epochs: 0, finalLoss: .nan,
                                                        testAccuracy: .nan, deployAccuracy: .nan, flipRatio: .nan,
                                                        epochSeconds: [], log: nil))))
        }
        shared.withLock { $0.controls[id] }?.cancel()
    }

    /// Cancels everything (on quit).
    public func cancelAll() {
        let controls = shared.withLock { s -> [RunControl] in
            s.queue.removeAll()
            return Array(s.controls.values)
        }
        controls.forEach { $0.cancel() }
    }

    /// Whether a worker is still training or has runs queued.
    public var isBusy: Bool { shared.withLock { $0.workerRunning } }

    /// Everything posted since the last call, in order.
    public func drain() -> [RunMessage] {
        shared.withLock { s in
            let out = s.mailbox
            s.mailbox.removeAll(keepingCapacity: true)
            return out
        }
    }

    private func post(_ m: RunMessage) { shared.withLock { $0.mailbox.append(m) } }

    private func work() {
        while true {
            let next = shared.withLock { s -> Job? in
                if s.queue.isEmpty {
                    s.workerRunning = false
                    return nil
                }
                return s.queue.removeFirst()
            }
            guard let job = next else { return }
            run(job)
        }
    }

    private func run(_ job: Job) {
        let spec = job.plan.experiment.dataset
        var dataset = shared.withLock { $0.datasets[spec] }
        if dataset == nil {
            do {
                let loaded = try DatasetSpec.parse(spec).load()
                shared.withLock { $0.datasets[spec] = loaded }
                dataset = loaded
            } catch {
                post(.error(run: job.id, "dataset \(spec): \(error)"))
                return
            }
        }
        guard let dataset else { return }
        post(.data(run: job.id, DataPreview(dataset)))
        do {
            let trainer = try Trainer(plan: job.plan, dataset: dataset, logRoot: logRoot)
            trainer.run(control: job.control) { event in post(.event(run: job.id, event)) }
        } catch {
            post(.error(run: job.id, "\(error)"))
        }
    }
}
