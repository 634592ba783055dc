import Foundation
import ProxCore

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
        case .left, .character("-"): launch.step(-1)
        case .right, .character("+"), .character(" "): launch.step(1)
        case .enter:
            modal = nil
            focus = .runs
            let plans = launchPlans()
            notice = "\(plans.count) run\(plans.count == 1 ? "" : "s") of \(pair.name) queued on \(launch.value(.dataset))"
            return plans.map { enqueue($0) }
        default: break
        }
        return []
    }
}
