import Foundation
import Testing
import ProxCore
import ProxTUI
import ProxTrain

@Suite struct AppUpdateTests {
    static let bnnPlusPlus = QuantizerPair(name: "bnnplusplus", forward: try! Quantizer(parsing: "signswish(mu) . sign"),
                                           backward: try! Quantizer(parsing: "signswish(mu)"), prox: .sign,
                                           schedule: .linear(5, 50), latentClip: 1, title: "BNN++")

    @Test func scrubbingMuMovesThePlotInTheSameFrame() {
        var s = Fixtures.state(pair: Self.bnnPlusPlus)
        s.press(.char("2"))
        #expect(s.focus == .shapes)
        #expect(s.mu == 5)
        #expect(s.render().lines[2].contains("mu = 5 "))
        for _ in 0..<10 { s.press(KeyPress(.right)) }
        #expect(abs(s.mu - 14) < 1e-9)
        #expect(s.render().lines[2].contains("mu = 14 "))
        s.press(KeyPress(.end))
        #expect(s.mu == 50)
        // The wheel scrubs too, from anywhere.
        s.send([.input(.mouse(MouseEvent(x: 5, y: 5, button: .wheelDown)))])
        #expect(abs(s.mu - 49.1) < 1e-9)
        // A typed mu.
        s.press(.char("m"), .ctrl("u"))
        s.type("20")
        s.press(KeyPress(.enter))
        #expect(s.mu == 20)
    }

    @Test func focusFollowsTabDigitsAndClicks() {
        var s = Fixtures.state(120, 40)
        s.press(KeyPress(.tab))
        #expect(s.focus == .shapes)
        s.press(KeyPress(.backTab), KeyPress(.backTab))
        #expect(s.focus == .data)
        s.press(.char("3"))
        #expect(s.focus == .checks)
        let layout = Layout(width: 120, height: 40, focus: s.focus)
        let r = layout.panes[.composer]!
        s.send([.input(.mouse(MouseEvent(x: r.x + 2, y: r.y + 2, button: .left)))])
        #expect(s.focus == .composer)
    }

    @Test func quittingWithUnsavedChangesAsksFirst() {
        var s = Fixtures.state()
        #expect(s.press(.char("q")).contains { if case .quit = $0 { return true }; return false })
        var t = Fixtures.state()
        t.press(.char("p"))
        #expect(t.press(.char("q")).isEmpty)
        #expect(t.modal == .confirmQuit)
        t.press(.char("n"))
        #expect(t.modal == nil && !t.quitting)
        t.press(.ctrl("c"))
        #expect(t.modal == .confirmQuit)
        let effects = t.press(.char("y"))
        #expect(effects.contains { if case .quit = $0 { return true }; return false })
        #expect(t.quitting)
    }

    @Test func quittingWhileRunsAreActiveAsksAndSaysWhatStops() {
        var s = Fixtures.state(100, 30)
        s.press(.char("t"))
        let started = s.press(KeyPress(.enter))
        #expect(started.count == 1)
        #expect(s.runs.map(\.status) == [.queued])
        // Nothing unsaved, but a queued run: q asks.
        #expect(s.press(.char("q")).isEmpty)
        #expect(s.modal == .confirmQuit)
        let text = s.render().lines.joined(separator: "\n")
        #expect(text.contains("1 is queued: quitting stops it."), "\(text)")
        #expect(!text.contains("not saved"))
        // n (or Esc) goes back without stopping anything.
        s.press(.char("n"))
        #expect(s.modal == nil && !s.quitting)
        // Once it trains, the dialog counts it as training; y quits and says it stops.
        s.send([.run(.event(run: s.runs[0].id, .started(RunInfo(id: "r", pair: "bnnplus", dataset: "moons", model: "mlp:32,32", seed: 0,
                                                                   epochs: 30, stepsPerEpoch: 16, memory: []))))])
        s.press(.char("q"))
        #expect(s.render().lines.joined(separator: "\n").contains("1 run is training: quitting stops it."))
        let effects = s.press(.char("y"))
        #expect(effects.contains { if case .quit = $0 { return true }; return false })
        #expect(s.quitting)
        #expect(s.notice == "stopping 1 run: their logs end with cancelled")
        // With nothing active and nothing unsaved, q quits at once.
        var idle = Fixtures.state()
        #expect(idle.press(.char("q")).count == 1 && idle.quitting)
    }

    /// A paste is text for the open field, one line, never keys: the
    /// issue's paste of "clip(1)", newline, "qy" must not quit.
    @Test func aPasteIsTextOnlyAndOnlyForAField() {
        var s = Fixtures.state()
        s.press(KeyPress(.down), KeyPress(.enter), .ctrl("u"))
        #expect(s.send([.input(.paste("clip(1)\nqy"))]).isEmpty)
        #expect(s.composer.editor?.text == "clip(1) qy" && !s.quitting && s.modal == nil)
        s.press(KeyPress(.escape))
        // CRLF is one break, tabs are spaces, escapes and other controls are dropped.
        s.press(.char("w"), .ctrl("u"))
        s.send([.input(.paste("my\r\npair\t.json\u{1B}[31m"))])
        #expect(s.modal == .save(TextField("my pair .json[31m")))
        s.press(KeyPress(.escape))
        // With no field open a paste does nothing but say where it goes.
        let before = s.pair
        #expect(s.send([.input(.paste("qy"))]).isEmpty)
        #expect(!s.quitting && s.modal == nil && s.pair == before)
        #expect(s.notice?.hasPrefix("pasted text goes into a field") == true)
    }

    @Test func ctrlZAsksTheRuntimeToSuspendFromAnywhere() {
        var s = Fixtures.state()
        #expect(s.press(.ctrl("z")).count == 1)
        if case .suspend? = s.press(.ctrl("z")).first {} else { Issue.record("no suspend effect") }
        s.press(.char("w"))
        if case .suspend? = s.press(.ctrl("z")).first {} else { Issue.record("no suspend effect in a dialog") }
        #expect(s.modal != nil, "the dialog stays open across a suspend")
    }

    @Test func saveAsksBeforeOverwriting() throws {
        var s = Fixtures.state()
        s.press(.char("p"))
        s.press(.char("w"))
        guard case .save(let field) = s.modal else { Issue.record("no save prompt"); return }
        // Loaded from a shipped preset: the proposal is a new file of the user's, named after the pair.
        #expect(field.text == "bnnplus-principled.json")
        var effects = s.press(KeyPress(.enter))
        guard case .savePair(let pair, let path, let overwrite) = effects.first else { Issue.record("no save effect"); return }
        #expect(path == "bnnplus-principled.json" && !overwrite)
        #expect(pair.forward.description == "signswish(5) . sign")
        s.send([.saved(path: path, .exists)])
        #expect(s.modal == .confirmOverwrite(path: path))
        effects = s.press(.char("y"))
        guard case .savePair(_, _, true) = effects.first else { Issue.record("no overwrite"); return }
        s.send([.saved(path: path, .written)])
        #expect(!s.composer.dirty)
        #expect(s.notice == "saved \(path)")
    }

    @Test func resizeBelowTheMinimumAndBackKeepsTheState() {
        var s = Fixtures.state(100, 30)
        s.press(.char("p"), .char("2"))
        s.send([.input(.resize(width: 60, height: 16))])
        let small = s.render().lines.joined(separator: "\n")
        #expect(small.contains("needs at least 80x24"))
        #expect(small.contains("60x16"))
        s.send([.input(.resize(width: 100, height: 30))])
        #expect(s.focus == .shapes)
        #expect(s.pair.forward.description == "signswish(5) . sign")
        #expect(s.render().lines[0].contains("guaranteed"))
    }

    @Test func helpListsEveryKeyOfTheKeymap() {
        var s = Fixtures.state(120, 50)
        s.press(.char("?"))
        let text = s.render().lines.joined(separator: "\n")
        for binding in Keymap.global + Keymap.panes.values.flatMap({ $0 }) {
            #expect(text.contains(binding.action), "help misses \(binding.keys)")
        }
        s.press(.char("x"))
        #expect(s.modal == nil)
    }
}
