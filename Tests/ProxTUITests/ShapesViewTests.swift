import Testing
import ProxCore
import ProxTUI
import TestHelpers

/// The shapes pane's two teaching views, driven through update: the
/// proximal view (r) and one weight's step (o).
@Suite struct ShapesViewTests {
    static let proxConnect = QuantizerPair(name: "proxconnect", forward: try! Quantizer(parsing: "lq(0, mu - 1)"), backward: .identity,
                                           prox: try! Quantizer(parsing: "lq(0, mu - 1)"), schedule: .linear(1, 200), title: "ProxConnect")

    static func text(_ s: AppState) -> String { s.render().lines.joined(separator: "\n") }

    @Test func rSwitchesToTheProximalViewAndScrubbingMuTightensR() {
        var s = Fixtures.state(120, 40, pair: Self.proxConnect)
        s.press(.char("2"), .char("r"))
        #expect(s.shapes.view == .proximal)
        // mu = 1: P = lq(0, 0) is the identity, R = 0, F = B o P everywhere.
        var t = Self.text(s)
        #expect(t.contains("Shapes: proximal view"))
        #expect(t.contains("R(z) = 0,"), "\(t)")
        #expect(t.contains("F = B o P here"))
        // mu = 200: R = 99.5 d^2, on its way to the indicator of Q.
        s.press(KeyPress(.end))
        t = Self.text(s)
        #expect(t.contains("R(z) = 99.5 d^2"), "\(t)")
        #expect(t.contains("M envelope"))
        // r again: back to the curves.
        s.press(.char("r"))
        #expect(s.shapes.view == .curves)
        #expect(!Self.text(s).contains("R(z)"))
    }

    @Test func theProximalViewOfBNNPlusMarksTheGap() {
        var s = Fixtures.state(120, 40)
        s.press(.char("2"), .char("r"))
        let t = Self.text(s)
        #expect(t.contains("R = indicator of Q"))
        // F = sign but B o P = SS_5(+-1) = +-1.053: the largest gap sits at a point of Q.
        #expect(t.contains("F differs from B o P: largest gap 0.05"), "\(t)")
        assertSnapshot(s.render(), named: "shapes-proximal-bnnplus-120x40")
    }

    @Test func theStepViewMovesThetaAndTurnsUphillWhereBPrimeIsNegative() {
        var s = Fixtures.state(120, 40)
        s.press(.char("2"), .char("o"))
        #expect(s.shapes.view == .step)
        s.press(.char("T"), .ctrl("u"))
        s.type("0.3")
        s.press(KeyPress(.enter))
        #expect(s.modal == nil && s.shapes.theta == 0.3)
        // SS_5'(0.3) > 0: theta moves against g_w = +1.
        var t = Self.text(s)
        #expect(t.contains("downhill (B' > 0)"), "\(t)")
        #expect(t.contains("theta 0.3 <- "))
        // Right four times (0.05 each at x in [-3, 3]): theta = 0.5, past 0.48 where SS_5' < 0.
        for _ in 0..<4 { s.press(KeyPress(.right)) }
        #expect(abs(s.shapes.theta - 0.5) < 1e-12)
        #expect(s.shapes.position == 0, "the arrows move theta, not mu, in the step view")
        t = Self.text(s)
        #expect(t.contains("UPHILL"), "\(t)")
        #expect(t.contains("theta 0.5 -> "))
        // g flips the gradient, and with it the move.
        s.press(.char("g"))
        #expect(s.shapes.gradient == -1)
        #expect(Self.text(s).contains("theta 0.5 <- "))
        assertSnapshot(s.render(), named: "shapes-step-bnnplus-120x40")
    }

    @Test func theStepViewSaysWhereTheClipMaskStopsAWeight() {
        var s = Fixtures.state(120, 40, pair: Fixtures.bnn)
        s.press(.char("2"), .char("o"), .char("T"), .ctrl("u"))
        s.type("1.2")
        s.press(KeyPress(.enter))
        let t = Self.text(s)
        #expect(t.contains("B'(x) = 0"), "\(t)")
        #expect(t.contains("stopped (B' = 0"), "\(t)")
        // The latent clip then pulls theta back to 1.
        #expect(t.contains("theta 1.2 <- 1 "), "\(t)")
        #expect(t.contains("= 1.2, clip(1) -> 1"), "\(t)")
    }

    @Test func aBadThetaIsRefusedWithAMessage() {
        var s = Fixtures.state(120, 40)
        s.press(.char("2"), .char("o"), .char("T"), .ctrl("u"))
        s.type("big")
        s.press(KeyPress(.enter))
        #expect(s.modal != nil)
        #expect(s.notice == "theta must be a number from -50 to 50")
        #expect(s.shapes.theta == 0.5)
    }

    @Test func stepKeysOutsideTheStepViewSaySo() {
        var s = Fixtures.state(120, 40)
        s.press(.char("2"), .char("g"))
        #expect(s.shapes.gradient == 1)
        #expect(s.notice == "g and T belong to the step view: press o first")
    }
}
