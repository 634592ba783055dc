import ProxCore
import Testing

/// The one number formatter: each form as people read it, and a number that
/// does not fit its column falls back to the compact form instead of running
/// into the next one (a loss of 7.5e29 once printed as 74916330849.38%).
@Suite struct NumberFormatTests {
    @Test func percentagesFixedAndWholeNumbers() {
        #expect(formatPercent(0.8612) == "86.12%")
        #expect(formatPercent(0.8612, decimals: 1) == "86.1%")
        #expect(formatPercent(0.00001, decimals: nil) == "0.001%")
        #expect(formatPercent(1e-9, decimals: nil) == "0%")
        #expect(formatPercent(.nan) == "-" && formatPercent(.infinity) == "-")
        #expect(formatFixed(0.41234, decimals: 4) == "0.4123")
        #expect(formatFixed(.nan, decimals: 4) == "NaN" && formatFixed(-.infinity, decimals: 4) == "-inf")
        #expect(formatWhole(2_836_778.4) == "2836778")
        #expect(formatWhole(.infinity) == "inf" && formatWhole(.nan) == "NaN" && formatWhole(1e300) == "1e+300")
    }

    @Test func aNumberTooWideForItsColumnTurnsCompact() {
        #expect(formatFixed(7.5e29, decimals: 4, width: 10) == "7.5e+29")
        #expect(formatPercent(749_163_308.4938, width: 10) == "7.49e+10%")
        #expect(formatPercent(749_163_308.4938) == "74916330849.38%")
        #expect(formatWhole(12_345_678_901, width: 10) == "1.23e+10")
        #expect(formatFixed(12345.678, decimals: 2, width: 8) == "12345.68")
        #expect(formatFixed(123456.789, decimals: 2, width: 8) == "1.23e+05")
        // Four significant digits would be wider still: the fixed form stays.
        #expect(formatPercent(0.1234, decimals: 1, width: 4) == "12.3%")
        // Whatever the magnitude, a ten-character column holds the number.
        let awkward: [Double] = [0, -0.0, 1e-300, 0.5, -3.25, 99999.99, 1e5, 7.5e29, -7.5e29, 1.7e308, -1.7e308, .nan, .infinity, -.infinity]
        let tooWide = awkward.filter { formatFixed($0, decimals: 4, width: 10).count > 10 || formatWhole($0, width: 10).count > 10 }
        #expect(tooWide.isEmpty, "too wide for 10 columns: \(tooWide)")
        let shares = awkward.filter { abs($0) < 1e300 }
        #expect(shares.allSatisfy { formatPercent($0, width: 10).count <= 10 }, "\(shares.map { formatPercent($0, width: 10) })")
    }
}
