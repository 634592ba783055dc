import ProxCore

/// The proximal view as two plots and a few lines of notes: P with the
/// regularizer R it is the proximal map of and R's Moreau envelope M, and F
/// against B o P with the largest gap marked. `proxlab plot --prox` and the
/// workbench's shapes pane draw the same figure.
///
/// R lives on the z axis and P, M on the x axis; both are the real line over
/// the same range, so one picture shows where P sends x and what R charges
/// there. Where R is infinite (between the two points of Q for sign) it is
/// not drawn; a point of R's domain that P reaches only by flat stretches
/// is a marker.
public struct ProximalFigure: Sendable {
    public var view: ProximalView
    public var pair: QuantizerPair

    public init(pair: QuantizerPair, mu: Double, halfRange: Double = 3, samples: Int = 1201) {
        self.pair = pair
        view = ProximalView(pair, mu: mu, halfRange: halfRange, count: samples)
    }

    /// P, R and M over [-h, h].
    public var regularizerPlot: LinePlot {
        let xs = view.xs, h = max(abs(xs.first ?? 3), abs(xs.last ?? 3))
        var series = [PlotSeries("P", xs: xs, ys: view.p)]
        let pieces = view.regularizerPieces(over: xs)
        var line: [(Double, Double)] = [], points: [(Double, Double)] = []
        for piece in pieces {
            if Set(piece.map(\.z)).count == 1, let first = piece.first {
                points.append((first.z, first.r))
            } else {
                if !line.isEmpty { line.append((.nan, .nan)) }
                line += piece.map { ($0.z, $0.r) }
            }
        }
        if !line.isEmpty { series.append(PlotSeries("R", xs: line.map(\.0), ys: line.map(\.1))) }
        if !points.isEmpty {
            series.append(PlotSeries(line.isEmpty ? "R (at Q only)" : "R (points)", xs: points.map(\.0), ys: points.map(\.1),
                                     kind: .markers, marker: "●"))
        }
        if let m = view.envelope { series.append(PlotSeries("M envelope", xs: xs, ys: m)) }
        let top = min(6, max(1.2, view.p.map(abs).filter(\.isFinite).max() ?? 1) * 1.15)
        let jumps: [Double]
        if case .success(let d) = view.derived { jumps = d.jumps.map(\.x) } else { jumps = [] }
        return LinePlot(series: series, xRange: -h...h, yRange: -top...top, verticalMarkers: jumps)
    }

    /// F and B o P, the largest gap marked by a guide.
    public var decompositionPlot: LinePlot {
        let g = view.gap, h = max(abs(g.xs.first ?? 3), abs(g.xs.last ?? 3))
        let series = [PlotSeries("F", xs: g.xs, ys: g.forward), PlotSeries("B o P", xs: g.xs, ys: g.composed)]
        let ys = series.flatMap(\.ys).filter(\.isFinite)
        let lo = max(-6, min(ys.min() ?? -1, -1.2)), hi = min(6, max(ys.max() ?? 1, 1.2))
        let pad = 0.06 * (hi - lo)
        return LinePlot(series: series, xRange: -h...h, yRange: (lo - pad)...(hi + pad),
                        verticalMarkers: g.holds ? [] : [g.largest.x])
    }

    /// Both plots side by side when the rect is wide enough (else stacked),
    /// the notes on the rows below them.
    public func render(into grid: inout CellGrid, rect: Rect, mode: ColorMode, noteStyle: Style = .plain) {
        let notes = view.notes
        let noteRows = min(notes.count, max(0, rect.height - 8))
        let body = rect.inset(bottom: noteRows)
        if body.width >= 70 {
            let left = body.width * 11 / 20
            regularizerPlot.render(into: &grid, rect: Rect(x: body.x, y: body.y, width: left - 1, height: body.height), mode: mode)
            decompositionPlot.render(into: &grid, rect: Rect(x: body.x + left, y: body.y, width: body.width - left, height: body.height), mode: mode)
        } else {
            let top = body.height * 3 / 5
            regularizerPlot.render(into: &grid, rect: Rect(x: body.x, y: body.y, width: body.width, height: top), mode: mode)
            decompositionPlot.render(into: &grid, rect: Rect(x: body.x, y: body.y + top, width: body.width, height: body.height - top), mode: mode)
        }
        for (i, note) in notes.prefix(noteRows).enumerated() {
            let row = Rect(x: rect.x, y: body.maxY + i, width: rect.width, height: 1)
            grid.fill(row, with: .blank)
            _ = grid.put(Self.fit(note, rect.width), x: rect.x, y: row.y, style: noteStyle, clip: row)
        }
    }

    static func fit(_ s: String, _ width: Int) -> String {
        s.count <= width ? s : String(s.prefix(max(0, width - 1))) + "…"
    }
}
