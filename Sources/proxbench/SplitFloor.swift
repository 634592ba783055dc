import ProxTrain

/// The products of a step alone, split over a team: the forward product
/// and dW by output features, dx by input features, each member calling
/// single-threaded sgemm, with the model's barriers. The floor `proxbench
/// train` compares the epoch with.
///
/// `tiled` cuts each member's share into the model's fixed tiles, one sgemm
/// call per tile, as `Dense` does for bit-identical results on any number of
/// threads; untiled, each member makes one call on an even share, the
/// fastest split there is and so the floor itself. The two side by side
/// give the price of the tiles.
final class SplitFloor: TeamWork {
    struct Layer {
        let fanIn: Int, fanOut: Int
        let x, w, y, dw, dx: UnsafeMutablePointer<Float>
    }
    let layers: [Layer]
    let steps: Int, batch: Int
    let tiled: Bool

    init(layers: [Layer], steps: Int, batch: Int, tiled: Bool) {
        self.layers = layers
        self.steps = steps
        self.batch = batch
        self.tiled = tiled
    }

    /// A member's calls over `n` features: one per tile, or one on its even share.
    private func calls(_ part: TeamPart, _ n: Int, _ body: (Range<Int>) -> Void) {
        if tiled {
            for t in TeamPart.tiles(of: part.range(n)) { body(t) }
        } else {
            body(part.evenShare(n))
        }
    }

    func run(part: TeamPart) {
        for _ in 0..<steps {
            for l in layers {
                part.barrier()
                calls(part, l.fanOut) { r in
                    GEMM.sgemm(.none, .transpose, m: batch, n: r.count, k: l.fanIn, a: l.x, lda: l.fanIn,
                               b: l.w + r.lowerBound * l.fanIn, ldb: l.fanIn, c: l.y + r.lowerBound, ldc: l.fanOut)
                }
            }
            for (i, l) in layers.enumerated().reversed() {
                calls(part, l.fanOut) { r in
                    GEMM.sgemm(.transpose, .none, m: r.count, n: l.fanIn, k: batch, a: l.y + r.lowerBound, lda: l.fanOut,
                               b: l.x, ldb: l.fanIn, c: l.dw + r.lowerBound * l.fanIn, ldc: l.fanIn)
                }
                if i > 0 {
                    part.barrier()
                    calls(part, l.fanIn) { c in
                        GEMM.sgemm(.none, .none, m: batch, n: c.count, k: l.fanOut, a: l.y, lda: l.fanOut,
                                   b: l.w + c.lowerBound, ldb: l.fanIn, c: l.dx + c.lowerBound, ldc: l.fanIn)
                    }
                }
            }
        }
    }
}
