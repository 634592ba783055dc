import Foundation
import ProxTrain
import Synchronization

/// Runs training off the UI thread, one run after another, and hands the
/// events to the UI through a mailbox it drains each tick.
///
/// The UI never waits while it runs: `enqueue`, `pause`, `resume` and
/// `cancel` return at once, and `drain` takes whatever arrived. A worker
/// thread exists while the queue has work. Data sets are loaded on the worker
/// and cached by spec, so a queue of runs on Fashion-MNIST reads it once.
/// Only `shutdown` waits: the process must not exit while the worker is
/// inside a BLAS call (see `JoinableThread`).
public final class RunManager: RunRuntime {
    /// One run, or a lockstep duel (several plans, one control: pausing or
    /// stopping any run of a duel pauses or stops all of them).
    private struct Job: Sendable {
        let ids: [Int]
        let plans: [RunPlan]
        let control: RunControl
        var id: Int { ids[0] }
        var plan: RunPlan { plans[0] }
    }

    private struct Shared: ~Copyable {
        var queue: [Job] = []
        var controls: [Int: RunControl] = [:]
        var mailbox: [RunMessage] = []
        var worker: JoinableThread?
        var workerRunning = false
        var datasets: [String: Dataset] = [:]
    }

    private let shared = Mutex(Shared())
    private let logRoot: String?

    /// - Parameter logRoot: the runs folder (as `proxlab train` uses), or nil for no logs.
    public init(logRoot: String?) { self.logRoot = logRoot }

    /// Queues a run; it starts when the runs before it have finished.
    public func enqueue(id: Int, plan: RunPlan) { enqueue(Job(ids: [id], plans: [plan], control: RunControl())) }

    public func enqueueDuel(ids: [Int], plans: [RunPlan]) {
        guard ids.count == plans.count, !ids.isEmpty else { return }
        enqueue(Job(ids: ids, plans: plans, control: RunControl()))
    }

    private func enqueue(_ job: Job) {
        let control = job.control
        let (start, finished) = shared.withLock { s -> (Bool, JoinableThread?) in
            s.queue.append(job)
            for id in job.ids { s.controls[id] = control }
            if s.workerRunning { return (false, nil) }
            s.workerRunning = true
            defer { s.worker = nil }
            return (true, s.worker)
        }
        guard start else { return }
        // The previous worker has left its loop; joining it only reaps it.
        finished?.join()
        let thread = JoinableThread(name: "proxlab-trainer") { [self] in work() }
        if let thread {
            shared.withLock { $0.worker = thread }
        } else {
            let dropped = shared.withLock { s -> [Job] in
                defer { s.queue.removeAll(); s.workerRunning = false }
                return s.queue
            }
            for job in dropped {
                for id in job.ids { post(.error(run: id, "cannot start a training thread: the system has no thread to give")) }
            }
        }
    }

    public func pause(_ id: Int) { shared.withLock { $0.controls[id] }?.pause() }
    public func resume(_ id: Int) { shared.withLock { $0.controls[id] }?.resume() }

    /// Stops a running run between steps, or drops a queued one.
    public func cancel(_ id: Int) {
        let dropped = shared.withLock { s -> Job? in
            guard let i = s.queue.firstIndex(where: { $0.ids.contains(id) }) else { return nil }
            return s.queue.remove(at: i)
        }
        if let dropped { cancelled(dropped) }
        shared.withLock { $0.controls[id] }?.cancel()
    }

    /// Cancels every run: queued ones are dropped (reported as cancelled),
    /// the running one stops at its next step and logs `cancelled`.
    public func cancelAll() {
        let (dropped, controls) = shared.withLock { s -> ([Job], [RunControl]) in
            defer { s.queue.removeAll() }
            return (s.queue, Array(s.controls.values))
        }
        controls.forEach { $0.cancel() }
        dropped.forEach(cancelled)
    }

    /// Cancels every run and waits until the worker thread has ended: its
    /// run's log then ends with `cancelled`, and no BLAS call is in flight
    /// when the process exits. The wait is one training step (or the data
    /// set load under way), since the trainer reads the flag between steps.
    public func shutdown() {
        cancelAll()
        let worker = shared.withLock { $0.worker }
        worker?.join()
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

    /// Every run of a job that never took a step, reported cancelled.
    private func cancelled(_ job: Job) {
        for (id, plan) in zip(job.ids, job.plans) { post(.event(run: id, .cancelled(Self.notStarted(plan)))) }
    }

    /// The summary of a run that never took a step.
    static func notStarted(_ plan: RunPlan) -> RunSummary {
        RunSummary(pair: plan.pair.name, dataset: plan.experiment.dataset, seed: plan.seed, epochs: 0, finalLoss: .nan,
                   testAccuracy: .nan, deployAccuracy: .nan, flipRatio: .nan, epochSeconds: [], log: nil)
    }

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
                for id in job.ids { post(.error(run: id, "dataset \(spec): \(error)")) }
                return
            }
        }
        guard let dataset else { return }
        // Cancelled while the data loaded: no log folder for a run that never stepped.
        if job.control.isCancelled {
            cancelled(job)
            return
        }
        for id in job.ids { post(.data(run: id, DataPreview(dataset))) }
        if job.ids.count > 1 {
            duel(job, dataset)
            return
        }
        do {
            let trainer = try Trainer(plan: job.plan, dataset: dataset, logRoot: logRoot)
            trainer.run(control: job.control) { event in post(.event(run: job.id, event)) }
        } catch {
            post(.error(run: job.id, "\(error)"))
        }
    }

    /// A lockstep duel on this thread: the events of trainer i go to run
    /// `ids[i]`, each comparison to all of them.
    private func duel(_ job: Job, _ dataset: Dataset) {
        do {
            let duel = try Lockstep(plans: job.plans, dataset: dataset, logRoot: logRoot)
            duel.run(control: job.control, onEvent: { [self] i, event in post(.event(run: job.ids[i], event)) },
                     onComparison: { [self] c in post(.duel(runs: job.ids, c)) })
        } catch {
            for id in job.ids { post(.error(run: id, "\(error)")) }
        }
    }
}
