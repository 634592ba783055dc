import Foundation
import ProxCore
import ProxTrain

/// The end-of-experiment table: per pair, the mean and spread over seeds of
/// the final loss, test and deploy accuracy and flip ratio.
enum Comparison {
    static func lines(_ runs: [RunSummary]) -> [String] {
        var order: [String] = []
        var groups: [String: [RunSummary]] = [:]
        for r in runs {
            if groups[r.pair] == nil { order.append(r.pair) }
            groups[r.pair, default: []].append(r)
        }
        var rows = [["pair", "seeds", "final loss", "test acc", "deploy acc", "flip ratio"]]
        for pair in order {
            let g = groups[pair]!
            rows.append([Text.printable(pair), String(g.count), spread(g.map(\.finalLoss), percent: false),
                         spread(g.map(\.testAccuracy), percent: true), spread(g.map(\.deployAccuracy), percent: true),
                         spread(g.map(\.flipRatio), percent: true)])
        }
        return ["", "comparison (mean +- standard deviation over seeds):"] + table(rows, gap: 3)
    }

    /// "86.12% +- 0.31" (the spread in percentage points) or "0.4123 +- 0.0100";
    /// the spread is the sample standard deviation, omitted for one seed.
    static func spread(_ values: [Double], percent: Bool) -> String {
        var s = percent ? formatPercent(Spread.mean(values), width: 10) : formatFixed(Spread.mean(values), decimals: 4, width: 10)
        if values.count > 1 {
            let sd = Spread.standardDeviation(values)
            s += " +- " + formatFixed(percent ? sd * 100 : sd, decimals: percent ? 2 : 4, width: 10)
        }
        return s
    }
}
