import ProxCore
import ProxTrain

extension AppState {
    mutating func runsKey(_ press: KeyPress) -> [Effect] {
        let ids = runs.map(\.id)
        let current = selectedRun.flatMap { ids.firstIndex(of: $0) } ?? (ids.count - 1)
        switch press.key {
        case .up where !ids.isEmpty: selectedRun = ids[max(0, current - 1)]
        case .down where !ids.isEmpty: selectedRun = ids[min(ids.count - 1, current + 1)]
        case .character(" "):
            guard let run = selectedRunView else { notice = "no run yet: press t to train"; return [] }
            switch run.status {
            case .running, .queued: setStatus(run.id, .paused); return [.pauseRun(run.id)]
            case .paused: setStatus(run.id, .running); return [.resumeRun(run.id)]
            default: notice = "\(run.label) is \(run.status.label)"
            }
        case .character("s"):
            guard let run = selectedRunView, run.status.isActive else { notice = "no active run selected"; return [] }
            return [.cancelRun(run.id)]
        case .character("v"): tiledRuns.toggle()
        case .character("c"):
            runs.removeAll { !$0.status.isActive }
            if let s = selectedRun, !runs.contains(where: { $0.id == s }) { selectedRun = nil }
        default: break
        }
        return []
    }

    mutating func setStatus(_ id: Int, _ status: RunView.Status) {
        if let i = runs.firstIndex(where: { $0.id == id }) { runs[i].status = status }
    }

    /// Adds a run to the view and asks the runtime to queue it.
    mutating func enqueue(_ plan: RunPlan) -> Effect {
        let id = nextRunID
        nextRunID += 1
        let used = Set(runs.map(\.colorIndex))
        let color = (0..<64).first { !used.contains($0) } ?? id
        runs.append(RunView(id: id, plan: plan, colorIndex: color))
        selectedRun = id
        return .startRun(id: id, plan: plan)
    }

    /// The runs the launch form describes, for the current pair.
    func launchPlans() -> [RunPlan] {
        let f = launch
        var e = Experiment(name: "workbench", dataset: f.value(.dataset), pairs: [pair.name])
        e.model = (try? ModelSpec(parsing: f.value(.model))) ?? .mlp(hidden: [32, 32])
        e.binarize = BinarizePolicy(rawValue: f.value(.binarize)) ?? .exceptFirst
        e.epochs = LaunchForm.epochChoices[f.epochs]
        e.pretrain = LaunchForm.pretrainChoices[f.pretrain]
        e.batch = LaunchForm.batchChoices[f.batch]
        e.learningRate = LaunchForm.rateChoices[f.lr]
        e.seeds = (0..<UInt64(LaunchForm.seedChoices[f.seeds])).map { $0 }
        e.threads = 1
        e.logEvery = e.dataset.hasPrefix("fashion") || e.dataset.hasPrefix("idx") ? 20 : 2
        var p = pair
        if f.backwardAt > 0 { p.backwardAt = f.backwardAt == 1 ? .latent : .quantized }
        return e.seeds.map { RunPlan(experiment: e, pair: p, activationPair: nil, seed: $0) }
    }
}
