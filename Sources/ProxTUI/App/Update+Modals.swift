import Foundation
import ProxCore
import ProxTrain

extension AppState {
    /// Keys while a dialog is open: it gets them all.
    mutating func key(_ press: KeyPress, modal current: Modal) -> [Effect] {
        if press.key == .escape && current != .confirmQuit {
            modal = nil
            return []
        }
        switch current {
        case .help:
            modal = nil
        case .palette(let selected):
            return paletteKey(press, selected)
        case .load(let selected, let path):
            return loadKey(press, selected, path)
        case .launch:
            return launchKey(press)
        case .sweep(var field):
            if press.key == .enter { return launchSweep(field.text) }
            _ = field.handle(press)
            modal = .sweep(field)
        case .lessons(let selected):
            switch press.key {
            case .up: modal = .lessons(selected: max(0, selected - 1))
            case .down: modal = .lessons(selected: min(library.lessons.count - 1, selected + 1))
            case .enter where library.lessons.indices.contains(selected): return startLesson(library.lessons[selected])
            default: break
            }
        case .save(var field):
            if press.key == .enter {
                let path = field.text.trimmingCharacters(in: .whitespaces)
                guard !path.isEmpty else { notice = "give a file name"; return [] }
                modal = nil
                return [.savePair(pairForSaving(path), path: path, overwrite: false)]
            }
            _ = field.handle(press)
            modal = .save(field)
        case .confirmOverwrite(let path):
            switch press.key {
            case .character("y"), .character("Y"):
                modal = nil
                return [.savePair(pairForSaving(path), path: path, overwrite: true)]
            case .character("n"), .character("N"):
                modal = .save(TextField(path))
            default: break
            }
        case .confirmQuit:
            switch press.key {
            case .character("y"), .character("Y"), .character("q"):
                return quit()
            case .character("c") where press.modifiers.contains(.control):
                return quit()
            case .character("n"), .character("N"), .escape:
                modal = nil
            default: break
            }
        case .typeMu(var field):
            if press.key == .enter {
                guard let v = Double(field.text.trimmingCharacters(in: .whitespaces)), v.isFinite else {
                    notice = "mu must be a number"
                    return []
                }
                if let problem = [pair.forward, pair.backward, pair.effectiveProx].compactMap({ $0.domainError(mu: v) }).first {
                    notice = problem
                    return []
                }
                shapes.muOverride = v
                modal = nil
                return []
            }
            _ = field.handle(press)
            modal = .typeMu(field)
        case .typeTheta(var field):
            if press.key == .enter {
                guard let v = Double(field.text.trimmingCharacters(in: .whitespaces)), v.isFinite, abs(v) <= 50 else {
                    notice = "theta must be a number from -50 to 50"
                    return []
                }
                shapes.theta = v
                // The weight stays in view.
                if abs(v) > shapes.halfRange { shapes.halfRange = min(50, abs(v) * 1.25) }
                modal = nil
                return []
            }
            _ = field.handle(press)
            modal = .typeTheta(field)
        }
        return []
    }

    /// The pair named after the file it is saved to, so it loads back under that name.
    func pairForSaving(_ path: String) -> QuantizerPair {
        var p = pair
        let base = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        if !base.isEmpty { p.name = base }
        if p.summary.isEmpty { p.summary = "Composed in the proxlab workbench." }
        if p.source.isEmpty { p.source = "proxlab workbench" }
        return p
    }

    mutating func paletteKey(_ press: KeyPress, _ selected: Int) -> [Effect] {
        let pieces = PieceCatalog.all
        switch press.key {
        case .up: modal = .palette(selected: max(0, selected - 1))
        case .down: modal = .palette(selected: min(pieces.count - 1, selected + 1))
        case .enter, .character("r"), .character("o"), .character("n"), .character("+"), .character("*"):
            let piece = pieces[selected].example
            let current = composer.text(of: composer.field)
            let wrap = { (s: String) in s.contains("+") ? "(\(s))" : s }
            let text: String
            switch press.key {
            case .character("o"): text = current.isEmpty ? piece : "\(piece) . \(wrap(current))"
            case .character("n"): text = current.isEmpty ? piece : "\(wrap(current)) . \(piece)"
            case .character("+"): text = current.isEmpty ? piece : "\(current) + \(piece)"
            case .character("*"): text = current.isEmpty ? "2 * \(piece)" : "2 * \(current.contains(" ") ? "(\(current))" : current)"
            default: text = piece
            }
            do {
                try commit(text, to: composer.field)
                modal = nil
                notice = "\(composer.field.label) = \(composer.text(of: composer.field))"
            } catch {
                notice = error.message
            }
        default: break
        }
        return []
    }

    /// The load dialog's entries: pairs, experiments, then "type a path".
    public var loadEntries: [(label: String, path: String?)] {
        var entries: [(label: String, path: String?)] = []
        for (kind, list) in [("pair ", library.pairs), ("mine ", library.mine), ("exp  ", library.experiments), ("run  ", library.runs)] {
            entries += list.map { (label: "\(kind) \($0.name): \($0.summary)", path: Optional($0.path)) }
        }
        return entries + [(label: "path  type a path to a pair, an experiment or a run folder...", path: nil)]
    }

    mutating func loadKey(_ press: KeyPress, _ selected: Int, _ path: TextField?) -> [Effect] {
        if var field = path {
            if press.key == .enter {
                let p = field.text.trimmingCharacters(in: .whitespaces)
                modal = nil
                return p.isEmpty ? [] : [.load(path: p)]
            }
            _ = field.handle(press)
            modal = .load(selected: selected, path: field)
            return []
        }
        let entries = loadEntries
        switch press.key {
        case .up: modal = .load(selected: max(0, selected - 1), path: nil)
        case .down: modal = .load(selected: min(entries.count - 1, selected + 1), path: nil)
        case .enter:
            if let p = entries[selected].path {
                modal = nil
                return [.load(path: p)]
            }
            modal = .load(selected: selected, path: TextField(""))
        default: break
        }
        return []
    }

    mutating func launchKey(_ press: KeyPress) -> [Effect] {
        let fields = LaunchForm.Field.allCases
        switch press.key {
        case .up: launch.field = fields[max(0, launch.field.rawValue - 1)]
        case .down, .tab: launch.field = fields[min(fields.count - 1, launch.field.rawValue + 1)]
        case .left where launch.field == .duel, .right where launch.field == .duel, .character(" ") where launch.field == .duel:
            duelKey(press)
        case .left, .character("-"): launch.step(-1)
        case .right, .character("+"), .character(" "): launch.step(1)
        case .enter:
            modal = nil
            focus = .runs
            return launchRuns()
        default: break
        }
        return []
    }

    /// The duel field: Left/Right point at a preset, Space adds or removes it.
    mutating func duelKey(_ press: KeyPress) {
        let names = duelCandidates.map(\.name)
        guard !names.isEmpty else { notice = "no presets to duel with"; return }
        let cursor = min(launch.duelCursor, names.count - 1)
        switch press.key {
        case .left: launch.duelCursor = (cursor - 1 + names.count) % names.count
        case .right: launch.duelCursor = (cursor + 1) % names.count
        default:
            let name = names[cursor]
            if let i = launch.duel.firstIndex(of: name) {
                launch.duel.remove(at: i)
            } else if launch.duel.count + 1 >= Lockstep.pairLimit.upperBound {
                notice = "a duel has at most \(Lockstep.pairLimit.upperBound) pairs: remove one first (Space on it)"
            } else {
                launch.duel.append(name)
            }
        }
    }

    /// Presets the duel field offers: the catalog's pairs other than the current one.
    var duelCandidates: [(name: String, pair: QuantizerPair)] {
        (library.pairs + library.mine).compactMap { e in e.pair.map { (e.name, $0) } }.filter { $0.name != pair.name }
    }
}
