import ProxCore
import ProxTrain

/// The workbench's one state transition: (state, message) -> (state, effects).
///
/// Pure: it reads no clock, no file and no terminal. Effects (start a run,
/// write a file) go back to the runtime, whose results come back as messages.
extension AppState {
    public mutating func update(_ message: Message) -> [Effect] {
        let effects = handle(message)
        // An open lesson step checks its condition against the new state.
        checkLesson()
        return effects
    }

    mutating func handle(_ message: Message) -> [Effect] {
        switch message {
        case .tick:
            return []
        case .input(.resize(let w, let h)):
            width = w
            height = h
            return []
        case .input(.mouse(let m)):
            return mouse(m)
        case .input(.hangup):
            return quit()
        case .input(.paste(let text)):
            notice = nil
            paste(text)
            return []
        case .input(.key(let press)) where press == .ctrl("z"):
            // Suspending is the runtime's: it leaves curses mode, stops, and redraws on SIGCONT.
            return [.suspend]
        case .input(.key(let press)):
            notice = nil
            if let modal { return key(press, modal: modal) }
            if composer.editor != nil { return editKey(press) }
            if let effects = lessonKey(press) { return effects }
            if lessonBlocks(press) { return [] }
            lessonSaw(press)
            if let effects = globalKey(press) { return effects }
            switch focus {
            case .composer: return composerKey(press)
            case .shapes: return shapesKey(press)
            case .checks: return checksKey(press)
            case .runs, .data: return runsKey(press)
            }
        case .run(let m):
            apply(m)
            return []
        case .saved(let path, .written):
            composer.path = path
            composer.dirty = false
            notice = "saved \(path)"
            return []
        case .saved(let path, .exists):
            modal = .confirmOverwrite(path: path)
            return []
        case .saved(_, .failed(let reason)):
            notice = "not saved: \(reason)"
            return []
        case .loaded(.success(.pair(let loaded))):
            composer = ComposerState(pair: loaded.pair, path: loaded.path)
            setPair(loaded.pair, dirty: false)
            shapes.position = 0
            shapes.muOverride = nil
            notice = "loaded \(loaded.pair.title.isEmpty ? loaded.pair.name : loaded.pair.title) from \(loaded.path)"
            return []
        case .loaded(.success(.experiment(let name, let plans))):
            notice = "experiment \(name): \(plans.count) run\(plans.count == 1 ? "" : "s") queued"
            focus = .runs
            return plans.map { enqueue($0) }
        case .loaded(.success(.run(let record))):
            let id = nextRunID
            nextRunID += 1
            let used = Set(runs.map(\.colorIndex))
            runs.append(RunView(id: id, record: record, colorIndex: (0..<64).first { !used.contains($0) } ?? id))
            selectedRun = id
            focus = .runs
            notice = "run \(record.id) loaded from its log" + (record.skippedNote.map { "; \($0)" } ?? "")
            return []
        case .loaded(.failure(let f)):
            notice = f.message
            return []
        case .ledger(.failure(let f)):
            ledgerPending = nil
            notice = f.message
            return []
        case .ledger(.success(let l)):
            ledgerPending = nil
            ledger = runs.contains { $0.id == l.runID } ? l : nil
            if ledger != nil { notice = nil }
            return []
        }
    }

    /// Pasted text goes into the field being edited, as text only; with no
    /// field open it is dropped (it must never act as keys: a paste of
    /// "clip(1)", newline, "qy" would otherwise quit).
    mutating func paste(_ text: String) {
        switch modal {
        case .save(var field)?:
            field.insert(pasted: text)
            modal = .save(field)
        case .typeMu(var field)?:
            field.insert(pasted: text)
            modal = .typeMu(field)
        case .typeTheta(var field)?:
            field.insert(pasted: text)
            modal = .typeTheta(field)
        case .sweep(var field)?:
            field.insert(pasted: text)
            modal = .sweep(field)
        case .load(let selected, var field?)?:
            field.insert(pasted: text)
            modal = .load(selected: selected, path: field)
        case nil where composer.editor != nil:
            composer.editor?.insert(pasted: text)
        default:
            notice = "pasted text goes into a field: press Enter on F, B or P (or open a dialog's field) first"
        }
    }

    /// Keys that work in every pane; nil when the key is not one of them.
    mutating func globalKey(_ press: KeyPress) -> [Effect]? {
        switch (press.key, press.modifiers) {
        case (.character("c"), .control), (.character("q"), []):
            return requestQuit()
        case (.tab, _):
            cycleFocus(press.modifiers.contains(.shift) ? -1 : 1)
        case (.backTab, _):
            cycleFocus(-1)
        case (.character("?"), _):
            modal = .help
        case (.character("l"), []):
            modal = .load(selected: 0, path: nil)
        case (.character("w"), []):
            modal = .save(TextField(defaultSavePath))
        case (.character("t"), []):
            modal = .launch
        case (.character("p"), []):
            makePrincipled()
        case (.character("L"), _):
            guard !library.lessons.isEmpty else { notice = "no lessons: presets/lessons has no lesson files"; return [] }
            modal = .lessons(selected: 0)
        case (.character(let c), []) where ("1"..."5").contains(c):
            focus = Pane(rawValue: Int(String(c))! - 1) ?? focus
        default:
            return nil
        }
        return []
    }

    /// Quits at once when nothing would be lost; asks first while the pair
    /// has unsaved changes or runs are training or queued.
    mutating func requestQuit() -> [Effect] {
        if composer.dirty || activeRunCount > 0 {
            modal = .confirmQuit
            return []
        }
        return quit()
    }

    /// Quits: active runs are stopped (the runtime joins their thread before
    /// the process exits), and the status bar says so for the last frame.
    mutating func quit() -> [Effect] {
        quitting = true
        modal = nil
        let n = activeRunCount
        if n > 0 { notice = "stopping \(n) run\(n == 1 ? "" : "s"): their logs end with cancelled" }
        return [.quit]
    }

    /// Runs training, paused or queued.
    public var activeRunCount: Int { runs.filter(\.status.isActive).count }

    mutating func cycleFocus(_ step: Int) {
        let layout = Layout(width: width, height: height, focus: focus)
        var candidates = Pane.allCases
        // In two-column layouts runs and data share a slot: Tab visits both.
        if layout.panes[.data] == nil && layout.panes[.runs] == nil { candidates = [.composer, .shapes, .checks] }
        // Panes the lesson hides are skipped.
        if let lesson { candidates.removeAll { p in lesson.current.hidden.contains { $0.pane == p } } }
        guard !candidates.isEmpty else { return }
        let i = candidates.firstIndex(of: focus) ?? 0
        focus = candidates[(i + step + candidates.count) % candidates.count]
    }

    mutating func mouse(_ m: MouseEvent) -> [Effect] {
        switch m.button {
        case .wheelUp: scrub(by: 0.02)
        case .wheelDown: scrub(by: -0.02)
        case .left where m.kind == .press && modal == nil:
            if let pane = Layout(width: width, height: height, focus: focus).pane(at: m.x, m.y),
               lesson?.current.hidden.contains(where: { $0.pane == pane }) != true { focus = pane }
        default: break
        }
        return []
    }

    mutating func apply(_ m: RunMessage) {
        switch m {
        case .data(let id, let preview):
            if let i = runs.firstIndex(where: { $0.id == id }) { runs[i].preview = preview }
        case .event(let id, let event):
            guard let i = runs.firstIndex(where: { $0.id == id }) else { return }
            runs[i].apply(event)
            if case .failed(let f) = event { notice = "\(runs[i].label) failed: \(f.reason)" }
        case .error(let id, let message):
            guard let i = runs.firstIndex(where: { $0.id == id }) else { return }
            runs[i].status = .failed(message)
            notice = "\(runs[i].label): \(message)"
        case .duel(let ids, let comparison):
            guard let i = duels.firstIndex(where: { $0.runs == ids }) else { return }
            duels[i].epochs.removeAll { $0.epoch == comparison.epoch }
            duels[i].epochs.append(comparison)
        }
    }
}
