import Testing
import ProxCore
import ProxPlot
import ProxTUI
import TestHelpers

@Suite struct ScreenTests {
    @Test func wholeScreenAt80x24() {
        assertSnapshot(Fixtures.state(80, 24).render(), named: "screen-80x24")
    }

    @Test func wholeScreenAt160x48() {
        assertSnapshot(Fixtures.state(160, 48).render(), named: "screen-160x48")
    }
}
