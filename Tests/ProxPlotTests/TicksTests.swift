import ProxPlot
import Testing

@Suite("Nice ticks and labels")
struct TicksTests {
    static let cases: [(ClosedRange<Double>, Int, [Double], [String])] = [
        (-1.5...1.5, 5, [-1, 0, 1], ["-1", "0", "1"]),
        (-1.5...1.5, 8, [-1.5, -1, -0.5, 0, 0.5, 1, 1.5], ["-1.5", "-1", "-0.5", "0", "0.5", "1", "1.5"]),
        (-3...3, 7, [-3, -2, -1, 0, 1, 2, 3], ["-3", "-2", "-1", "0", "1", "2", "3"]),
        (0...1, 5, [0, 0.5, 1], ["0", "0.5", "1"]),
        (-0.5...0.5, 5, [-0.4, -0.2, 0, 0.2, 0.4], ["-0.4", "-0.2", "0", "0.2", "0.4"]),
        (0...0.35, 4, [0, 0.1, 0.2, 0.3], ["0", "0.1", "0.2", "0.3"]),   // 3 * 0.1 prints as 0.3
        (0...10_000, 5, [0, 5000, 10_000], ["0", "5e3", "1e4"]),         // "10000" is too wide
        (0...2500, 4, [0, 1000, 2000], ["0", "1000", "2000"]),           // four digits still fit
        (0.001...0.005, 5, [0.001, 0.002, 0.003, 0.004, 0.005], ["1e-3", "2e-3", "3e-3", "4e-3", "5e-3"]),
        (-0.25...1.3, 4, [0, 0.5, 1], ["0", "0.5", "1"]),
        (3.7...3.7, 5, [3.7], ["3.7"]),                                   // empty span: one tick
    ]

    @Test(arguments: cases)
    func niceTicks(range: ClosedRange<Double>, maxCount: Int, values: [Double], labels: [String]) {
        let ticks = NiceTicks(in: range, maxCount: maxCount)
        #expect(ticks.values.count == values.count)
        for (a, b) in zip(ticks.values, values) { #expect(abs(a - b) <= 1e-12 * max(1, abs(b))) }
        #expect(ticks.labels == labels)
    }

    @Test func noNegativeZero() {
        let ticks = NiceTicks(in: -1...1, maxCount: 3)
        #expect(ticks.values == [-1, 0, 1])
        #expect(ticks.values[1].sign == .plus)
    }

    @Test func neverMoreThanMaxCount() {
        for lo in stride(from: -7.3, to: 3, by: 1.37) {
            for span in [0.013, 0.7, 2.9, 41.0, 777.0] {
                for maxCount in 2...12 {
                    let ticks = NiceTicks(in: lo...(lo + span), maxCount: maxCount)
                    #expect(ticks.values.count <= maxCount)
                    #expect(ticks.values.count >= 1)
                }
            }
        }
    }

    static let shortCases: [(Double, String)] = [
        (0, "0"), (1, "1"), (-1.5, "-1.5"), (0.25, "0.25"), (3.14159, "3.14"), (1234, "1234"),
        (123_456, "1.23e5"), (0.000123, "1.23e-4"), (-0.05, "-0.05"), (.nan, "nan"), (-.infinity, "-inf"),
    ]

    @Test(arguments: shortCases)
    func shortLabels(value: Double, label: String) {
        #expect(TickLabel.short(value) == label)
    }
}
