import Foundation
import ProxCore
import ProxTrain

/// The workbench minus the terminal: the state, the run runtime, and the
/// effects performed (files written and read, runs queued). The terminal
/// loop feeds it input and draws `state.render()`; tests drive it directly,
/// with a scripted runtime in place of the training threads.
public final class Workbench {
    public private(set) var state: AppState
    public let runs: any RunRuntime
    private let jobs = BackgroundJobs()

    /// Set by a `suspend` effect; the terminal loop takes it (`takeSuspendRequest`).
    public private(set) var suspendRequested = false

    /// Whether Ctrl-Z asked to suspend since the last call.
    public func takeSuspendRequest() -> Bool {
        defer { suspendRequested = false }
        return suspendRequested
    }

    public init(state: AppState, runs: any RunRuntime) {
        self.state = state
        self.runs = runs
    }

    /// Applies a message and performs its effects; returns false once quitting.
    @discardableResult
    public func send(_ message: Message) -> Bool {
        var queue = [message]
        while !queue.isEmpty {
            let m = queue.removeFirst()
            for effect in state.update(m) {
                if let reply = perform(effect) { queue.append(reply) }
            }
        }
        return !state.quitting
    }

    /// Opens a lesson at its first step, performing what the step starts.
    public func start(_ lesson: Lesson) {
        for effect in state.startLesson(lesson) {
            if let reply = perform(effect) { send(reply) }
        }
    }

    /// Stops every run and waits for the training thread and any background
    /// job to end; call it before the process exits (a BLAS call in flight
    /// at exit crashes).
    public func shutdown() {
        runs.shutdown()
        jobs.waitUntilIdle()
        drainRuns()
    }

    /// Takes what the training threads and the background jobs posted and
    /// applies it; true when there was anything (the screen needs drawing).
    @discardableResult
    public func drainRuns() -> Bool {
        let posted = runs.drain()
        for m in posted { send(.run(m)) }
        let answers = jobs.drain()
        for m in answers { send(m) }
        return !posted.isEmpty || !answers.isEmpty
    }

    /// Waits for the background jobs started so far, then applies their answers (for tests).
    public func finishBackgroundJobs() {
        jobs.waitUntilIdle()
        drainRuns()
    }

    func perform(_ effect: Effect) -> Message? {
        switch effect {
        case .startRun(let id, let plan): runs.enqueue(id: id, plan: plan)
        case .startDuel(let ids, let plans): runs.enqueueDuel(ids: ids, plans: plans)
        case .pauseRun(let id): runs.pause(id)
        case .resumeRun(let id): runs.resume(id)
        case .cancelRun(let id): runs.cancel(id)
        case .quit: runs.cancelAll()
        case .suspend: suspendRequested = true
        case .savePair(let pair, let path, let overwrite):
            if state.library.isShipped(path) || Self.isShipped(path) {
                return .saved(path: path, .failed("\(path) is a shipped preset; save the pair under another name, e.g. \(pair.name).json"))
            }
            if !overwrite && FileManager.default.fileExists(atPath: path) { return .saved(path: path, .exists) }
            do {
                try PairPreset.save(pair, to: path)
                return .saved(path: path, .written)
            } catch {
                return .saved(path: path, .failed(error.description))
            }
        case .load(let path):
            return .loaded(Self.load(path))
        case .measureLedger(let id, let folder):
            let started = jobs.start("proxlab-ledger") { .ledger(RunLedger.measure(runID: id, folder: folder)) }
            if !started { return .ledger(.failure(LoadFailure("no cost ledger: the system gave no thread to measure it"))) }
        }
        return nil
    }

    /// Whether `path`, with symbolic links resolved, is in the shipped pairs' folder.
    static func isShipped(_ path: String) -> Bool {
        let folder = URL(fileURLWithPath: PresetLibrary.quantizerDirectory).resolvingSymlinksInPath().path
        let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().deletingLastPathComponent().path
        return folder == target
    }

    /// A pair file, an experiment file (it has a "dataset" field), or a run
    /// folder (it has an events.jsonl).
    public static func load(_ path: String) -> Result<Loaded, LoadFailure> {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            guard let record = RunRecord.read(directory: path) else {
                return .failure(LoadFailure("\(path): a folder without events.jsonl is not a run"))
            }
            return .success(.run(record))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(LoadFailure("\(path): \(FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file")"))
        }
        do {
            let reader = try PresetReader(data: data, file: path)
            if reader.value["dataset"] != nil {
                var e = try Experiment.decode(reader)
                e.threads = 1
                // Checked here, where the file can be named; runs are checked again before they start.
                let plans: [RunPlan]
                do {
                    try e.validate()
                    plans = try RunPlan.plans(for: e)
                } catch { return .failure(LoadFailure("\(path): field '\(error.field)': \(error.reason)")) }
                return .success(.experiment(name: e.name, plans: plans))
            }
            return .success(.pair(LoadedPair(pair: try PairPreset.decode(data, file: path), path: path)))
        } catch {
            return .failure(LoadFailure(error.description))
        }
    }

    /// What the load dialog offers: the shipped pairs and experiments, the
    /// pair files in the working folder, and the runs logged in `runsRoot`.
    public static func catalog(runsRoot: String? = nil) -> PresetCatalog {
        func entries(_ dir: String, summary: (String) -> String) -> [PresetCatalog.Entry] {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
            return names.map { name in
                let path = dir + "/" + name
                return PresetCatalog.Entry(name: String(name.dropLast(5)), path: path, summary: summary(path))
            }
        }
        let pairs = PresetLibrary.builtinPairFiles().compactMap { path -> PresetCatalog.Entry? in
            guard let p = try? PairPreset.load(path: path) else { return nil }
            return PresetCatalog.Entry(name: p.name, path: path, summary: "\(p.title): F = \(p.forward), B = \(p.backward)", pair: p)
        }
        let experiments = entries(PresetLibrary.directory() + "/experiments") { path in
            (try? Experiment.load(path: path)).map { "\($0.dataset), \($0.model), \($0.pairs.count) pairs x \($0.seeds.count) seeds" } ?? ""
        }
        let here = FileManager.default.currentDirectoryPath
        let mine = ((try? FileManager.default.contentsOfDirectory(atPath: here)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
            .compactMap { name -> PresetCatalog.Entry? in
                guard let p = try? PairPreset.load(path: name) else { return nil }
                return PresetCatalog.Entry(name: p.name, path: name, summary: "\(name): F = \(p.forward), B = \(p.backward)", pair: p)
            }
        let runs = ((runsRoot.flatMap { try? RunRecord.all(in: $0) }) ?? []).reversed().map { r in
            let what = r.info.map { "\($0.pair) on \($0.dataset), seed \($0.seed)" } ?? "?"
            let test = r.epochs.last.map { ", test \(formatPercent($0.testAccuracy))" } ?? ""
            return PresetCatalog.Entry(name: r.id, path: r.directory, summary: Text.printable("\(what), \(r.status.rawValue)\(test)"))
        }
        // A broken lesson file is left out here; `proxlab learn FILE` names what is wrong with it.
        let lessons = Lesson.builtinNames().compactMap { try? Lesson.load($0) }
        return PresetCatalog(pairs: pairs, mine: mine, experiments: experiments, runs: Array(runs),
                             shippedFolder: PresetLibrary.quantizerDirectory, lessons: lessons)
    }
}
