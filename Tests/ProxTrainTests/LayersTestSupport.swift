import ProxCore
import ProxTrain
import TestHelpers

// Shared by the layer, optimizer and model tests: seeded tensors and a
// central-difference gradient check in Double.

/// A tensor of the given shape with entries uniform in [-scale, scale).
func randomTensor(_ shape: [Int], scale: Float = 1, rng: inout SplitMix64) -> Tensor {
    let t = Tensor(shape: shape)
    for i in 0..<t.count { t[i] = (2 * rng.nextUnitFloat() - 1) * scale }
    return t
}

/// Entries uniform in [-scale, scale) but at least `gap` away from each of `kinks`,
/// so that a finite difference never straddles a kink.
func randomTensor(_ shape: [Int], scale: Float = 1, avoiding kinks: [Float], gap: Float,
                  rng: inout SplitMix64) -> Tensor {
    let t = Tensor(shape: shape)
    for i in 0..<t.count {
        var v: Float
        repeat { v = (2 * rng.nextUnitFloat() - 1) * scale } while kinks.contains { abs(v - $0) < gap }
        t[i] = v
    }
    return t
}

/// One gradient entry that disagrees with its finite difference.
struct GradientMismatch: CustomStringConvertible {
    let what: String
    let index: Int
    let analytic: Double
    let numeric: Double
    var description: String { "\(what)[\(index)]: analytic \(analytic), numeric \(numeric)" }
}

/// Tolerances of every layer gradient check: the loss is a sum of Float
/// outputs (rounding about 1e-6 absolute), divided by 2h, plus the O(h^2)
/// truncation error of the central difference.
struct GradientTolerance {
    var step: Float = 1e-2
    var rtol: Double = 1e-2
    var atol: Double = 2e-3
}

/// Compares a layer's backward pass with central differences of the scalar
/// loss L = sum_i r_i y_i (r random, accumulated in Double), for the input
/// and every parameter (the latent theta of a quantized layer; those of the
/// sub-layers of a layer that contains others). Returns the
/// mismatches, empty when the check passes.
func gradientCheck(_ layer: any Layer, input: Tensor, batch: Int, tolerance: GradientTolerance = .init(),
                   rng: inout SplitMix64) -> [GradientMismatch] {
    layer.prepare(batch: batch)
    let outCount = batch * layer.outputSize
    let r = (0..<outCount).map { _ in Double(2 * rng.nextUnitFloat() - 1) }
    func loss() -> Double {
        let y = layer.forward(input, batch: batch)
        var s: Double = 0
        for i in 0..<outCount { s += r[i] * Double(y[i]) }
        return s
    }
    _ = layer.forward(input, batch: batch)
    let gradOut = Tensor(shape: [batch, layer.outputSize], values: r.map { Float($0) })
    layer.zeroGrad()
    let gx = layer.backward(gradOut, batch: batch, needsInputGradient: true)
    let inputGrad = gx.map { Array($0.toArray().prefix(batch * layer.inputSize)) } ?? []
    let paramGrads = layer.leaves.flatMap(\.parameters).map { $0.grad.toArray() }

    var bad: [GradientMismatch] = []
    func numeric(_ t: Tensor, _ i: Int) -> Double {
        let saved = t[i]
        let up = saved + tolerance.step, down = saved - tolerance.step
        t[i] = up
        let lp = loss()
        t[i] = down
        let lm = loss()
        t[i] = saved
        return (lp - lm) / (Double(up) - Double(down))
    }
    func compare(_ what: String, _ analytic: [Float], _ t: Tensor, count: Int) {
        for i in 0..<count {
            let a = Double(analytic[i]), n = numeric(t, i)
            if !isClose(a, n, rtol: tolerance.rtol, atol: tolerance.atol) {
                bad.append(GradientMismatch(what: what, index: i, analytic: a, numeric: n))
            }
        }
    }
    compare("input", inputGrad, input, count: batch * layer.inputSize)
    let parameters = layer.leaves.flatMap(\.parameters)
    for (k, (p, g)) in zip(parameters, paramGrads).enumerated() { compare("\(p.name) \(k)", g, p.value, count: p.count) }
    return bad
}

