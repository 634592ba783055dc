import Foundation
import ProxCore
import ProxPlot

/// `proxlab plot`: the shapes of a pair (F, B and B' together, P when asked)
/// or of one expression (f and f'), drawn with braille in the terminal.
enum PlotCommand {
    static let usage = """
    usage: proxlab plot <preset-name | preset-file | expression> [--mu V] [--range A:B]
                        [--yrange A:B] [--size WxH] [--series F,B,dB,P] [--prox]

    Draws a pair's forward map F, backward map B and its derivative B' (the
    multiplier of the backward pass) over a range, at one mu (default: the
    start of the pair's schedule). The region where B' < 0 is shaded and the
    kinks are marked. An expression draws f and f'. Colour only on a terminal,
    never with NO_COLOR; without colour the series differ by marker.

    --prox draws the proximal view instead: P beside the regularizer R whose
    proximal map it is (closed form for lq and sign, otherwise derived from P
    by R'(z) = P^-1(z) - z), R's Moreau envelope M, and F against B o P with
    the largest gap marked; an expression is taken as P.

    examples:
      proxlab plot bnnplus
      proxlab plot bnnplusplus --mu 20 --series F,dB
      proxlab plot 'lq(0.3, 0)' --range -2:2 --size 60x14
      proxlab plot proxconnect --prox --mu 10
    """

    static func run(_ args: [String]) throws(CLIError) -> (output: String, status: Int32) {
        let a = try Arguments(args, command: "plot", options: ["mu", "range", "yrange", "size", "series"], flags: ["prox"])
        guard let target = a.positionals.first else { throw CLIError("proxlab plot: give a preset name, a preset file or an expression") }
        if a.positionals.count > 1 { throw CLIError("proxlab plot: unexpected argument '\(a.positionals[1])' (quote the expression)") }
        if a.has("prox") { return try proximal(target, a) }
        let range = try interval(a["range"], name: "range") ?? (-3...3)
        let yRange = try interval(a["yrange"], name: "yrange")
        let (width, height) = try size(a["size"] ?? "72x20")
        let samples = 4 * width
        let xs = (0..<samples).map { range.lowerBound + (range.upperBound - range.lowerBound) * Double($0) / Double(samples - 1) }
        var series: [PlotSeries] = []
        var title: String
        var kinks: [Double]
        var negative: Int?
        if let pair = try CLI.loadPair(target, command: "plot") {
            try CLI.validate(pair, command: "plot")
            let mu = try a.number("mu", command: "plot") ?? pair.schedule.checkPoints.first ?? 1
            try CLI.validate(pair.forward, mu: mu, what: "forward", command: "plot")
            try CLI.validate(pair.backward, mu: mu, what: "backward", command: "plot")
            let wanted = try seriesList(a["series"] ?? (pair.prox != nil && pair.prox != pair.forward ? "F,B,dB,P" : "F,B,dB"))
            let f = sample(pair.forward, xs, mu), b = sample(pair.backward, xs, mu)
            for name in wanted {
                switch name {
                case "F": series.append(PlotSeries("F = \(pair.forward)", xs: xs, ys: f.values))
                case "B": series.append(PlotSeries("B = \(pair.backward)", xs: xs, ys: b.values))
                case "dB":
                    negative = series.count
                    series.append(PlotSeries("B'", xs: xs, ys: b.derivatives))
                default: series.append(PlotSeries("P = \(pair.effectiveProx)", xs: xs, ys: sample(pair.effectiveProx, xs, mu).values))
                }
            }
            kinks = pair.forward.kinks(mu: mu) + pair.backward.kinks(mu: mu)
            title = "\(pair.title.isEmpty ? pair.name : pair.title) at mu = \(formatNumber(mu))"
        } else {
            // A near miss of a preset's name is that, not an expression with an unknown piece.
            if (try? Quantizer(parsing: target)) == nil, target.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }),
               let preset = CLI.presetSuggestion(target),
               Suggestion.distance(target, preset) < PieceCatalog.all.map({ Suggestion.distance(target, $0.name) }).min() ?? .max {
                throw CLI.noPreset(target, command: "plot")
            }
            let q = try CLI.parseExpression(target, what: "expression", command: "plot")
            let mu = try a.number("mu", command: "plot") ?? 1
            try CLI.validate(q, mu: mu, what: "expression", command: "plot")
            if a["series"] != nil { throw CLIError("proxlab plot: --series applies to pairs; an expression draws f and f'") }
            let s = sample(q, xs, mu)
            series = [PlotSeries("f = \(q)", xs: xs, ys: s.values), PlotSeries("f'", xs: xs, ys: s.derivatives)]
            negative = 1
            kinks = q.kinks(mu: mu)
            title = "\(q) at mu = \(formatNumber(mu))"
        }
        var plot = LinePlot(series: series, xRange: range, yRange: yRange ?? autoRange(series),
                            verticalMarkers: Array(Set(kinks.filter { range.contains($0) })).sorted(),
                            negativeRegion: negative.map { LinePlot.NegativeRegion(series: $0, label: "B' < 0") })
        if negative != nil, series.count == 2 { plot.negativeRegion?.label = "f' < 0" }
        let mode: ColorMode = Output.colorAllowed ? ColorMode.detect(environment: ProcessInfo.processInfo.environment) : .none
        let grid = plot.render(width: width, height: height, mode: mode)
        let body = mode == .none ? grid.lines.map { trimRight($0) }.joined(separator: "\n") : grid.ansiText(mode: mode)
        return (title + "\n" + body + "\n", 0)
    }

    /// `--prox`: the proximal view of a pair, or of an expression taken as P.
    static func proximal(_ target: String, _ a: Arguments) throws(CLIError) -> (output: String, status: Int32) {
        for option in ["series", "yrange"] where a[option] != nil {
            throw CLIError("proxlab plot: --\(option) does not apply to --prox")
        }
        let range = try interval(a["range"], name: "range") ?? (-3...3)
        guard range.lowerBound == -range.upperBound else {
            throw CLIError("proxlab plot: --prox needs a range symmetric around 0, e.g. -2:2, got '\(a["range"] ?? "")'")
        }
        let (width, height) = try size(a["size"] ?? "100x22")
        let pair: QuantizerPair
        if let p = try CLI.loadPair(target, command: "plot") {
            try CLI.validate(p, command: "plot")
            pair = p
        } else {
            // A near miss of a preset's name is that, not an expression with an unknown piece.
            if (try? Quantizer(parsing: target)) == nil, target.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }),
               let preset = CLI.presetSuggestion(target),
               Suggestion.distance(target, preset) < PieceCatalog.all.map({ Suggestion.distance(target, $0.name) }).min() ?? .max {
                throw CLI.noPreset(target, command: "plot")
            }
            let q = try CLI.parseExpression(target, what: "expression", command: "plot")
            pair = QuantizerPair(name: target, forward: q, backward: .identity, prox: q)
        }
        let mu = try a.number("mu", command: "plot") ?? pair.schedule.checkPoints.first ?? 1
        try CLI.validate(pair.effectiveProx, mu: mu, what: "prox", command: "plot")
        try CLI.validate(pair.forward, mu: mu, what: "forward", command: "plot")
        try CLI.validate(pair.backward, mu: mu, what: "backward", command: "plot")
        let figure = ProximalFigure(pair: pair, mu: mu, halfRange: range.upperBound)
        let mode: ColorMode = Output.colorAllowed ? ColorMode.detect(environment: ProcessInfo.processInfo.environment) : .none
        var grid = CellGrid(width: width, height: height)
        figure.render(into: &grid, rect: grid.bounds, mode: mode)
        let body = mode == .none ? grid.lines.map { trimRight($0) }.joined(separator: "\n") : grid.ansiText(mode: mode)
        let title = "\(pair.title.isEmpty ? pair.name : pair.title) at mu = \(formatNumber(mu)): P and its regularizer R, F against B o P"
        return (title + "\n" + body + "\n", 0)
    }

    static func sample(_ q: Quantizer, _ xs: [Double], _ mu: Double) -> (values: [Double], derivatives: [Double]) {
        let (v, d) = q.evaluate(xs.map { Float($0) }, mu: mu)
        return (v.map(Double.init), d.map(Double.init))
    }

    /// Data range padded a little, but never wider than [-6, 6]: a B' peak of
    /// 50 would flatten every other curve, so it is clipped at the edge.
    static func autoRange(_ series: [PlotSeries]) -> ClosedRange<Double> {
        let ys = series.flatMap(\.ys).filter(\.isFinite)
        let lo = max(-6, min(ys.min() ?? -1, -1.2)), hi = min(6, max(ys.max() ?? 1, 1.2))
        let pad = 0.06 * (hi - lo)
        return (lo - pad)...(hi + pad)
    }

    static func interval(_ text: String?, name: String) throws(CLIError) -> ClosedRange<Double>? {
        guard let text else { return nil }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let lo = Double(parts[0]), let hi = Double(parts[1]), lo.isFinite, hi.isFinite, lo < hi else {
            throw CLIError("proxlab plot: --\(name) expects A:B with A < B, e.g. -3:3, got '\(text)'")
        }
        return lo...hi
    }

    static func size(_ text: String) throws(CLIError) -> (Int, Int) {
        let parts = text.lowercased().split(separator: "x")
        guard parts.count == 2, let w = Int(parts[0]), let h = Int(parts[1]), (24...1000).contains(w), (6...500).contains(h) else {
            throw CLIError("proxlab plot: --size expects WxH with W in 24...1000 and H in 6...500, e.g. 72x20, got '\(text)'")
        }
        return (w, h)
    }

    static func seriesList(_ text: String) throws(CLIError) -> [String] {
        var out: [String] = []
        for raw in text.split(separator: ",") {
            let s = raw.trimmingCharacters(in: .whitespaces)
            let name = s == "B'" ? "dB" : s
            guard ["F", "B", "dB", "P"].contains(name) else {
                throw CLIError("proxlab plot: --series item '\(s)' is not one of F, B, dB, P")
            }
            out.append(name)
        }
        return out
    }

    static func trimRight(_ s: String) -> String {
        var s = Substring(s)
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
