import ProxTrain

/// What the workbench asks of whatever trains its runs: the real
/// `RunManager` (training threads) or, in tests, a scripted fake that
/// records the calls and posts the events a test writes, so update tests
/// never wait on threads or the clock.
public protocol RunRuntime: AnyObject, Sendable {
    /// Queues a run; it starts when the runs before it have finished.
    func enqueue(id: Int, plan: RunPlan)
    /// Queues a lockstep duel: the plans (2 to 4 pairs, one seed and setup)
    /// train from the same initial weights and batches; `ids[i]` is plan i's run.
    func enqueueDuel(ids: [Int], plans: [RunPlan])
    func pause(_ id: Int)
    func resume(_ id: Int)
    /// Stops a running run between steps, or drops a queued one.
    func cancel(_ id: Int)
    func cancelAll()
    /// Cancels everything and waits until no training thread is left.
    func shutdown()
    /// Whether anything is still training or queued.
    var isBusy: Bool { get }
    /// Everything posted since the last call, in order.
    func drain() -> [RunMessage]
}
