import ProxTrain
import ProxTUI
import Synchronization

/// A run runtime without threads: it records what the workbench asked for
/// and hands back the messages a test posts, so a workbench test is a
/// script of keys and training events with no clock in it.
final class ScriptedRuns: RunRuntime {
    enum Call: Equatable {
        case enqueue(Int), duel([Int]), pause(Int), resume(Int), cancel(Int), cancelAll, shutdown
    }

    private struct State: ~Copyable {
        var calls: [Call] = []
        var plans: [Int: RunPlan] = [:]
        var mailbox: [RunMessage] = []
    }
    private let state = Mutex(State())

    var calls: [Call] { state.withLock { $0.calls } }
    func plan(_ id: Int) -> RunPlan? { state.withLock { $0.plans[id] } }

    /// Messages the next `drain` returns, as a training thread would post them.
    func post(_ messages: RunMessage...) { state.withLock { $0.mailbox += messages } }

    func enqueue(id: Int, plan: RunPlan) {
        state.withLock { $0.calls.append(.enqueue(id)); $0.plans[id] = plan }
    }
    func enqueueDuel(ids: [Int], plans: [RunPlan]) {
        state.withLock { s in
            s.calls.append(.duel(ids))
            for (id, p) in zip(ids, plans) { s.plans[id] = p }
        }
    }
    func pause(_ id: Int) { state.withLock { $0.calls.append(.pause(id)) } }
    func resume(_ id: Int) { state.withLock { $0.calls.append(.resume(id)) } }
    func cancel(_ id: Int) { state.withLock { $0.calls.append(.cancel(id)) } }
    func cancelAll() { state.withLock { $0.calls.append(.cancelAll) } }
    func shutdown() { state.withLock { $0.calls.append(.shutdown) } }
    var isBusy: Bool { false }
    func drain() -> [RunMessage] {
        state.withLock { s in
            defer { s.mailbox.removeAll() }
            return s.mailbox
        }
    }
}
