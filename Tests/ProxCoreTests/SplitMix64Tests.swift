import Testing
import ProxCore

@Suite struct SplitMix64Tests {
    /// Reference outputs of SplitMix64 seeded with 1234567 (Vigna's reference C code).
    @Test func matchesReferenceSequence() {
        var g = SplitMix64(seed: 1234567)
        let expected: [UInt64] = [6457827717110365317, 3203168211198807973, 9817491932198370423]
        #expect([g.next(), g.next(), g.next()] == expected)
    }

    @Test func unitFloatsStayInRange() {
        var g = SplitMix64(seed: 7)
        for _ in 0..<10_000 {
            let u = g.nextUnitFloat()
            #expect(u >= 0 && u < 1)
        }
    }
}
