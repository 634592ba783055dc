import Foundation
import ProxTrain

/// The matrix products of a model's train steps alone, at the model's own
/// shapes: the floor `proxbench train` compares an epoch with.
///
/// Each dense layer makes three products (y = x W^T, dW = dy^T x, dx = dy W)
/// and each convolution three over the whole batch (y = W col, dW = dy
/// col^T, dx = Wf col(dy)), the first layer no dx, with the transposes the
/// layers use, on operands filled once (no unfolding, no copies). On a team,
/// every member takes a share of one axis of each product: the output
/// features (dense y and dx, and dW's rows), the batch's pixels (a
/// convolution's y and dx) or, for a convolution's dW, the pixels it sums
/// over, each member into its own result (the sum of the parts is not
/// counted). `tiled: false` gives each member one call on an even share,
/// the fastest split there is; `tiled: true` cuts the shares into the
/// model's tiles (128 features, or a convolution's tile of examples), one
/// call each, as the layers do.
final class ModelFloor: TeamWork {
    /// One product, row-major C = op(A) op(B), and the axis the team splits.
    struct Product {
        enum Axis { case m, n, k }
        let transA: Transpose, transB: Transpose
        let m: Int, n: Int, k: Int
        let split: Axis
        /// The tile width along `split` that the model uses.
        let tile: Int
        var lda: Int { transA == .none ? k : m }
        var ldb: Int { transB == .none ? n : k }
    }

    let products: [Product]
    let steps: Int
    var tiled = false
    private var a: [UnsafeMutablePointer<Float>] = [], b: [UnsafeMutablePointer<Float>] = []
    /// Per product, one result buffer per member (a k split writes a whole C each).
    private var c: [[UnsafeMutablePointer<Float>]] = []

    init(model: Sequential, batch: Int, steps: Int, members: Int) {
        var products: [Product] = []
        let leaves = model.layers.flatMap(\.leaves)
        for (i, leaf) in leaves.enumerated() {
            let needsDx = i > 0
            if let d = leaf as? Dense {
                let (fin, fout, w) = (d.inFeatures, d.outFeatures, TeamPart.tileWidth)
                products.append(Product(transA: .none, transB: .transpose, m: batch, n: fout, k: fin, split: .n, tile: w))
                products.append(Product(transA: .transpose, transB: .none, m: fout, n: fin, k: batch, split: .m, tile: w))
                if needsDx { products.append(Product(transA: .none, transB: .none, m: batch, n: fin, k: fout, split: .n, tile: w)) }
            } else if let cv = leaf as? Conv2d {
                let taps = cv.kernel * cv.kernel, pixels = batch * cv.height * cv.width
                let tile = cv.tileExamples * cv.height * cv.width
                let (cin, cout) = (cv.inChannels * taps, cv.outChannels)
                products.append(Product(transA: .none, transB: .none, m: cout, n: pixels, k: cin, split: .n, tile: tile))
                products.append(Product(transA: .none, transB: .transpose, m: cout, n: cin, k: pixels, split: .k, tile: tile))
                if needsDx {
                    products.append(Product(transA: .none, transB: .none, m: cv.inChannels, n: pixels, k: cout * taps,
                                            split: .n, tile: tile))
                }
            }
        }
        self.products = products
        self.steps = steps
        for p in products {
            a.append(Self.buffer(p.m * p.k))
            b.append(Self.buffer(p.k * p.n))
            c.append((0..<max(1, members)).map { _ in Self.buffer(p.m * p.n) })
        }
    }

    deinit {
        for p in a + b + c.flatMap({ $0 }) { p.deallocate() }
    }

    private static func buffer(_ n: Int) -> UnsafeMutablePointer<Float> {
        let p = UnsafeMutablePointer<Float>.allocate(capacity: max(1, n))
        p.initialize(repeating: 0.01, count: max(1, n))
        return p
    }

    /// Multiply-adds of one step.
    var multiplyAdds: Int { products.reduce(0) { $0 + $1.m * $1.n * $1.k } }

    func run(part: TeamPart) {
        for _ in 0..<steps {
            for (i, p) in products.enumerated() {
                part.barrier()
                let length = p.split == .m ? p.m : p.split == .n ? p.n : p.k
                let share = tiled ? part.range(length, tile: p.tile) : part.evenShare(length)
                if tiled {
                    for t in TeamPart.tiles(of: share, width: p.tile) { call(p, a[i], b[i], c[i][part.rank], t) }
                } else if !share.isEmpty {
                    call(p, a[i], b[i], c[i][part.rank], share)
                }
            }
        }
    }

    /// The product restricted to `r` along its split axis.
    private func call(_ p: Product, _ a: UnsafeMutablePointer<Float>, _ b: UnsafeMutablePointer<Float>,
                      _ c: UnsafeMutablePointer<Float>, _ r: Range<Int>) {
        var (a, b, c, m, n, k) = (a, b, c, p.m, p.n, p.k)
        let lo = r.lowerBound
        switch p.split {
        case .m:
            a += p.transA == .none ? lo * p.lda : lo
            c += lo * p.n
            m = r.count
        case .n:
            b += p.transB == .none ? lo : lo * p.ldb
            c += lo
            n = r.count
        case .k:
            a += p.transA == .none ? lo : lo * p.lda
            b += p.transB == .none ? lo * p.ldb : lo
            k = r.count
        }
        GEMM.sgemm(p.transA, p.transB, m: m, n: n, k: k, a: a, lda: p.lda, b: b, ldb: p.ldb, c: c, ldc: p.n)
    }

    struct Times {
        /// Wall seconds on a team in even shares, and the lead member's CPU seconds.
        var team = Double.infinity, teamCPU = Double.infinity
        /// The same in the model's tiles.
        var tiled = Double.infinity, tiledCPU = Double.infinity
        /// Wall seconds of the whole products on OpenBLAS's own threads.
        var blas = Double.infinity
        /// The floor: the fastest way.
        var best: Double { min(team, tiled, blas) }
    }

    /// `steps` steps of products: on a team of `threads` in even shares and
    /// in the model's tiles, and on `threads` OpenBLAS threads (the minimum of three each).
    static func measure(model: Sequential, batch: Int, steps: Int, threads: Int) -> Times {
        let floor = ModelFloor(model: model, batch: batch, steps: steps, members: threads)
        BLAS.setThreads(1)
        let team = Team(size: threads)
        var t = Times()
        for _ in 0..<3 {
            floor.tiled = false
            let even = Bench.minimumTimes(repeats: 1) { team.run(floor) }
            floor.tiled = true
            let tiles = Bench.minimumTimes(repeats: 1) { team.run(floor) }
            (t.team, t.teamCPU) = (min(t.team, even.wall), min(t.teamCPU, even.cpu))
            (t.tiled, t.tiledCPU) = (min(t.tiled, tiles.wall), min(t.tiledCPU, tiles.cpu))
        }
        floor.tiled = false
        BLAS.setThreads(threads)
        t.blas = Bench.minimumSeconds(repeats: 3) { floor.run(part: .whole) }
        BLAS.setThreads(1)
        return t
    }
}
