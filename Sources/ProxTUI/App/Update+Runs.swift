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
            // A duel's runs share one control: they pause and resume together.
            let mates = duels.first { $0.runs.contains(run.id) }?.runs ?? [run.id]
            switch run.status {
            case .running, .queued:
                for id in mates where runs.first(where: { $0.id == id })?.status.isActive == true { setStatus(id, .paused) }
                return [.pauseRun(run.id)]
            case .paused:
                for id in mates where runs.first(where: { $0.id == id })?.status == .paused { setStatus(id, .running) }
                return [.resumeRun(run.id)]
            default: notice = "\(run.label) is \(run.status.label)"
            }
        case .character("s"):
            guard let run = selectedRunView, run.status.isActive else { notice = "no active run selected"; return [] }
            return [.cancelRun(run.id)]
        case .character("v"): tiledRuns.toggle()
        case .character("d"):
            guard let run = selectedRunView else { notice = "no run yet: press t to train"; return [] }
            if ledger?.runID == run.id { ledger = nil; return [] }
            guard let folder = run.logDirectory else { notice = "\(run.label) has no run folder (runs are logged with a runs folder)"; return [] }
            guard ledgerPending == nil else { notice = "still measuring a cost ledger"; return [] }
            ledgerPending = run.id
            notice = "measuring the cost ledger of \(run.label): its last weights deployed, packed against float..."
            return [.measureLedger(runID: run.id, folder: folder)]
        case .character("c"):
            runs.removeAll { !$0.status.isActive }
            if let s = selectedRun, !runs.contains(where: { $0.id == s }) { selectedRun = nil }
            if let l = ledger, !runs.contains(where: { $0.id == l.runID }) { ledger = nil }
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

    /// Queues what the launch form describes: a run per seed, or with duel
    /// partners one lockstep duel per seed.
    mutating func launchRuns() -> [Effect] {
        let plans = launchPlans()
        let partners = launch.duel.compactMap { name in duelCandidates.first { $0.name == name }?.pair }
        guard !partners.isEmpty else {
            notice = "\(plans.count) run\(plans.count == 1 ? "" : "s") of \(pair.name) queued on \(launch.value(.dataset))"
            return plans.map { enqueue($0) }
        }
        let effects = plans.map { plan in
            enqueueDuel([plan] + partners.map { p in
                var other = plan
                other.pair = p
                return other
            })
        }
        notice = "\(effects.count) lockstep duel\(effects.count == 1 ? "" : "s") of \(([pair.name] + launch.duel).joined(separator: ", ")) queued on \(launch.value(.dataset))"
        return effects
    }

    /// Queues a sweep of one number with the launch form's settings: a run per
    /// value and seed. A name that does not fit the pair is one line and the
    /// dialog stays open.
    mutating func launchSweep(_ text: String) -> [Effect] {
        let points: [Sweep.Point]
        let axis: SweepAxis
        do {
            axis = try SweepAxis(parsing: text.trimmingCharacters(in: .whitespaces))
            points = try Sweep(axes: [axis]).expand(launchPlans())
        } catch {
            notice = "sweep: \(error.description)"
            return []
        }
        modal = nil
        focus = .runs
        var effects: [Effect] = []
        var ids: [(value: Double, runs: [Int])] = []
        for p in points {
            var here: [Int] = []
            for plan in p.plans {
                let e = enqueue(plan)
                if case .startRun(let id, _) = e { here.append(id) }
                effects.append(e)
            }
            ids.append((p.values[0], here))
        }
        sweeps.append(SweepView(id: (sweeps.last?.id ?? 0) + 1, axis: axis.name, points: ids))
        notice = "sweep of \(axis.name): \(effects.count) runs queued (\(points.count) values x \(points.first?.plans.count ?? 0) seeds)"
        return effects
    }

    /// Adds a duel's runs to the view and asks the runtime to train them in lockstep.
    mutating func enqueueDuel(_ plans: [RunPlan]) -> Effect {
        var ids: [Int] = []
        for plan in plans {
            if case .startRun(let id, _) = enqueue(plan) { ids.append(id) }
        }
        duels.append(DuelView(id: (duels.last?.id ?? 0) + 1, runs: ids, pairs: plans.map(\.pair.name)))
        selectedRun = ids.first
        return .startDuel(ids: ids, plans: plans)
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
