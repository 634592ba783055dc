import ProxCore

extension AppState {
    mutating func composerKey(_ press: KeyPress) -> [Effect] {
        let fields = ComposerState.Field.allCases
        switch press.key {
        case .up:
            composer.field = fields[max(0, composer.field.rawValue - 1)]
            composer.parameterIndex = 0
        case .down:
            composer.field = fields[min(fields.count - 1, composer.field.rawValue + 1)]
            composer.parameterIndex = 0
        case .enter, .character("e"):
            switch composer.field {
            case .backwardAt:
                var p = pair
                p.backwardAt = p.backwardAt == .latent ? .quantized : .latent
                setPair(p)
            case .reset:
                var p = pair
                p.resetAfterStep.toggle()
                setPair(p)
            default:
                composer.editor = TextField(composer.text(of: composer.field))
                composer.error = nil
            }
        case .left:
            composer.parameterIndex = max(0, composer.parameterIndex - 1)
        case .right:
            let count = NumberLiterals.find(in: composer.text(of: composer.field)).count
            composer.parameterIndex = min(max(0, count - 1), composer.parameterIndex + 1)
        case .character("+"), .character("="): nudge(0.1)
        case .character("-"), .character("_"): nudge(-0.1)
        case .character("]"): nudge(1)
        case .character("["): nudge(-1)
        case .character("i"):
            if [.forward, .backward, .prox].contains(composer.field) { modal = .palette(selected: 0) }
            else { notice = "the palette builds F, B or P: choose one of those fields" }
        case .character("S"): modal = .sweep(TextField(sweepSuggestion()))
        case .character("x"):
            var p = pair
            switch composer.field {
            case .prox: p.prox = nil
            case .clip: p.latentClip = nil
            default: notice = "only P and clip can be cleared"; return []
            }
            setPair(p)
        default: break
        }
        return []
    }

    /// The sweep the composer's selection suggests: its selected number from
    /// half to twice its value (F.N, B.N, P.N as `proxlab sweep` names it),
    /// else the learning rate.
    func sweepSuggestion() -> String {
        let field: String
        switch composer.field {
        case .forward: field = "F"
        case .backward: field = "B"
        case .prox: field = "P"
        default: return "lr=0.001:0.1:5:log"
        }
        guard let v = NumberLiterals.value(in: composer.text(of: composer.field), index: composer.parameterIndex) else {
            return "lr=0.001:0.1:5:log"
        }
        let (lo, hi) = v == 0 ? (-1.0, 1.0) : (min(v / 2, v * 2), max(v / 2, v * 2))
        return "\(field).\(composer.parameterIndex + 1)=\(formatCompact(lo)):\(formatCompact(hi)):5"
    }

    /// F = B o P (docs/THEORY.md section 4, synthesis). The pair is renamed so its
    /// runs and its saved file are told apart from the original's.
    mutating func makePrincipled() {
        let before = pair.forward
        var p = pair.principled()
        guard p.forward != before else { notice = "F is already B o P"; return }
        if !p.name.hasSuffix("-principled") {
            p.name += "-principled"
            p.title = (p.title.isEmpty ? pair.name : p.title) + " principled"
        }
        setPair(p)
        notice = "F = B o P = \(pair.forward)"
    }

    /// Moves the selected number of the selected field and applies the text
    /// when it still parses; otherwise says why and keeps the pair.
    mutating func nudge(_ delta: Double) {
        guard composer.field.isText else { return }
        let text = composer.text(of: composer.field)
        guard let moved = NumberLiterals.nudge(text, index: composer.parameterIndex, by: delta) else {
            notice = "no number to adjust in this field"
            return
        }
        do {
            try commit(moved, to: composer.field)
        } catch {
            notice = error.message
        }
    }

    /// Applies text to a field: parses it, validates the pair along its
    /// schedule, and replaces the pair only when both succeed.
    mutating func commit(_ text: String, to field: ComposerState.Field) throws(ParseError) {
        var p = pair
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        switch field {
        case .forward: p.forward = try Quantizer(parsing: text)
        case .backward: p.backward = try Quantizer(parsing: text)
        case .prox: p.prox = trimmed.isEmpty ? nil : try Quantizer(parsing: text)
        case .schedule: p.schedule = try Schedule(parsing: text)
        case .clip:
            if trimmed.isEmpty || trimmed == "none" { p.latentClip = nil } else {
                guard let c = Double(trimmed), c > 0, c.isFinite else {
                    throw ParseError("clip must be a positive number (or empty for none)", column: 1, text: text)
                }
                p.latentClip = c
            }
        case .backwardAt, .reset: return
        }
        if let problem = p.problem { throw ParseError(problem, column: 1, text: text) }
        setPair(p)
    }

    /// Keys while a field is being typed into.
    mutating func editKey(_ press: KeyPress) -> [Effect] {
        guard var editor = composer.editor else { return [] }
        switch press.key {
        case .escape:
            composer.editor = nil
            composer.error = nil
        case .enter:
            do {
                try commit(editor.text, to: composer.field)
                composer.editor = nil
                composer.error = nil
            } catch {
                composer.error = error
            }
        default:
            if press == .ctrl("c") { composer.editor = nil; return requestQuit() }
            if editor.handle(press) {
                composer.editor = editor
                composer.error = nil
            }
        }
        return []
    }
}
