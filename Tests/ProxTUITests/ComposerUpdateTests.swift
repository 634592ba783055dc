import Testing
import ProxCore
import ProxTUI

@Suite struct ComposerUpdateTests {
    @Test func makePrincipledTurnsBNNPlusIntoBNNPlusPlus() {
        var s = Fixtures.state()
        #expect(s.report.verdict == .heuristic)
        s.press(.char("p"))
        #expect(s.pair.forward.description == "signswish(5) . sign")
        #expect(s.report.verdict == .guaranteed)
        #expect(s.report.result("decomposition")?.passed == true)
        #expect(s.report.result("B.monotone")?.passed == false)
        #expect(s.composer.dirty)
    }

    @Test func composeBNNPlusPlusWithThePaletteAndTyping() {
        var s = Fixtures.state()
        // F is selected; the palette's signswish entry composed outside sign: signswish(5) . sign.
        s.press(.char("i"))
        let index = PieceCatalog.all.firstIndex { $0.name == "signswish" }!
        for _ in 0..<index { s.press(KeyPress(.down)) }
        s.press(.char("o"))
        #expect(s.modal == nil)
        #expect(s.pair.forward.description == "signswish(5) . sign")
        #expect(s.report.verdict == .guaranteed)
        // Now make b follow mu in both maps by typing, and give mu a schedule.
        s.press(KeyPress(.enter), .ctrl("u"))
        s.type("signswish(mu) . sign")
        s.press(KeyPress(.enter))
        s.press(KeyPress(.down), KeyPress(.enter), .ctrl("u"))
        s.type("signswish(mu)")
        s.press(KeyPress(.enter))
        for _ in 0..<3 { s.press(KeyPress(.down)) }
        #expect(s.composer.field == .schedule)
        s.press(KeyPress(.enter), .ctrl("u"))
        s.type("linear(5, 50)")
        s.press(KeyPress(.enter))
        #expect(s.pair.backward.description == "signswish(mu)")
        #expect(s.pair.schedule == .linear(5, 50))
        #expect(s.report.verdict == .guaranteed)
        #expect(s.report.mus == [5, 16.25, 27.5, 38.75, 50])
    }

    @Test func aParseErrorStaysInlineWithItsColumn() {
        var s = Fixtures.state()
        s.press(KeyPress(.enter), .ctrl("u"))
        s.type("clip(1) . sgn")
        s.press(KeyPress(.enter))
        #expect(s.composer.editor != nil, "the editor stays open on an error")
        #expect(s.composer.error?.column == 11)
        #expect(s.composer.error?.message.hasPrefix("unknown piece 'sgn'") == true)
        #expect(s.pair.forward == .sign, "the pair is unchanged")
        let lines = s.render().lines
        let row = lines.firstIndex { $0.contains("clip(1) . sgn") }!
        let caret = lines[row + 1]
        let textColumn = lines[row].range(of: "clip(1) . sgn")!.lowerBound.utf16Offset(in: lines[row])
        #expect(caret.firstIndex(of: "^").map { caret.distance(from: caret.startIndex, to: $0) } == textColumn + 10)
        #expect(lines[row + 2].contains("column 11: unknown piece 'sgn'"))
        // Escape leaves the field as it was.
        s.press(KeyPress(.escape))
        #expect(s.composer.editor == nil)
        #expect(s.pair.forward == .sign)
    }

    @Test func parametersMoveInFineAndCoarseSteps() {
        var s = Fixtures.state()
        s.press(KeyPress(.down))
        #expect(s.composer.field == .backward)
        s.press(.char("+"))
        #expect(s.pair.backward.description == "signswish(5.1)")
        s.press(.char("]"), .char("]"))
        #expect(s.pair.backward.description == "signswish(7.1)")
        s.press(.char("-"), .char("["))
        #expect(s.pair.backward.description == "signswish(6)")
        // A step out of the domain is refused with the reason, and the pair is kept.
        var q = Fixtures.state(pair: QuantizerPair(name: "pc", forward: try! Quantizer(parsing: "lq(0, 0.5)"), backward: .identity))
        q.press(KeyPress(.right), .char("["))
        #expect(q.pair.forward.description == "lq(0, -0.5)")
        q.press(.char("["))
        #expect(q.pair.forward.description == "lq(0, -0.5)")
        #expect(q.notice?.contains("r > -1") == true)
    }

    @Test func togglesAndClears() {
        var s = Fixtures.state()
        for _ in 0..<3 { s.press(KeyPress(.down)) }
        #expect(s.composer.field == .backwardAt)
        s.press(KeyPress(.enter))
        #expect(s.pair.backwardAt == .quantized)
        s.press(KeyPress(.up), .char("x"))
        #expect(s.pair.prox == nil)
        #expect(s.report.proxDeclared == false)
    }
}
