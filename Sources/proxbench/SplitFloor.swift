import ProxTrain

/// The products of a step split over a team the way the model splits them
/// (`Dense`): the forward product and dW by output features, dx by input
/// features, each member calling single-threaded sgemm, with the model's
/// barriers. The floor `proxbench train` compares the epoch with.
final class SplitFloor: TeamWork {
    struct Layer {
        let fanIn: Int, fanOut: Int
        let x, w, y, dw, dx: UnsafeMutablePointer<Float>
    }
    let layers: [Layer]
    let steps: Int, batch: Int

    init(layers: [Layer], steps: Int, batch: Int) {
        self.layers = layers
        self.steps = steps
        self.batch = batch
    }

    func run(part: TeamPart) {
        for _ in 0..<steps {
            for l in layers {
                let r = part.range(l.fanOut)
                part.barrier()
                GEMM.sgemm(.none, .transpose, m: batch, n: r.count, k: l.fanIn, a: l.x, lda: l.fanIn,
                           b: l.w + r.lowerBound * l.fanIn, ldb: l.fanIn, c: l.y + r.lowerBound, ldc: l.fanOut)
            }
            for (i, l) in layers.enumerated().reversed() {
                let r = part.range(l.fanOut)
                GEMM.sgemm(.transpose, .none, m: r.count, n: l.fanIn, k: batch, a: l.y + r.lowerBound, lda: l.fanOut,
                           b: l.x, ldb: l.fanIn, c: l.dw + r.lowerBound * l.fanIn, ldc: l.fanIn)
                if i > 0 {
                    part.barrier()
                    let c = part.range(l.fanIn)
                    GEMM.sgemm(.none, .none, m: batch, n: c.count, k: l.fanOut, a: l.y, lda: l.fanOut,
                               b: l.w + c.lowerBound, ldb: l.fanIn, c: l.dx + c.lowerBound, ldc: l.fanIn)
                }
            }
        }
    }
}
