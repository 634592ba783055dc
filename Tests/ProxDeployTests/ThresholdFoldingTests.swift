import ProxCore
import ProxDeploy
import ProxTrain
import Testing

/// Batch norm (and an activation) followed by sign, folded into one integer
/// threshold per channel, against the float layers themselves.
@Suite struct ThresholdFoldingTests {
    @Test func stepsBecomeThresholds() {
        let up = SignThreshold.fit(positive: [false, false, true, true], lowest: -2)
        #expect(up == SignThreshold(ascending: true, value: 0))
        let down = SignThreshold.fit(positive: [true, true, true, false], lowest: -2)
        #expect(down == SignThreshold(ascending: false, value: 0))
        #expect(SignThreshold.fit(positive: [true, true], lowest: -1)?.sign(-1) == 1)
        #expect(SignThreshold.fit(positive: [false, false], lowest: -1).map { [$0.sign(-1), $0.sign(0)] } == [-1, -1])
        #expect(SignThreshold.fit(positive: [false, true, false], lowest: -1) == nil, "not a step")
    }

    /// Random batch norms: positive, negative and zero gamma; channels whose
    /// running mean is a reachable integer with beta 0, so that some outputs
    /// are exactly 0 (sign(0) = +1); with and without hardtanh after it.
    @Test(arguments: [Activation.identity, .hardtanh])
    func foldedThresholdsEqualBatchNormThenSign(activation: Activation) throws {
        var rng = SplitMix64(seed: 11)
        let (n, k, c) = (300, 65, 29)
        let (x, xf) = randomSignMatrix(rows: n, bits: k, rng: &rng)
        let (w, wf) = randomSignMatrix(rows: c, bits: k, rng: &rng)
        let norm = BatchNorm(c)
        for j in 0..<c {
            let kind = j % 4
            norm.gamma.value[j] = kind == 3 ? 0 : (kind == 1 ? -1 : 1) * (0.1 + 2 * rng.nextUnitFloat())
            let tie = j % 3 == 0
            norm.beta.value[j] = tie ? 0 : 2 * rng.nextUnitFloat() - 1
            norm.runningMean[j] = tie ? Float(2 * Int(rng.next() % 5) - 3) : 6 * rng.nextUnitFloat() - 3
            norm.runningVar[j] = 0.5 + 40 * rng.nextUnitFloat()
        }
        norm.setTraining(false)
        let act = activation.layer(shape: [c])
        func floatSigns(_ y: Tensor, rows: Int) -> (signs: [Float], zeros: Int) {
            norm.prepare(batch: rows)
            act.prepare(batch: rows)
            let z = act.forward(norm.forward(y, batch: rows), batch: rows)
            let values = Array(z.toArray()[0..<(rows * c)])
            return (values.map { $0 >= 0 ? 1 : -1 }, values.filter { $0 == 0 }.count)
        }
        let dots = integerProduct(xf, wf, rows: n, inner: k, outputs: c)
        let y = Tensor(shape: [n, c], values: dots.map(Float.init))
        let (expected, zeros) = floatSigns(y, rows: n)
        #expect(zeros > 10, "the test needs exact ties, got \(zeros)")

        let thresholds = try ThresholdFolding.fold(channels: c, inner: k) { input, m in
            norm.prepare(batch: m)
            act.prepare(batch: m)
            return act.forward(norm.forward(input, batch: m), batch: m)
        }
        #expect(thresholds.enumerated().allSatisfy { j, t in j % 4 != 1 || !t.ascending || thresholds[j].value > k },
                "a negative gamma gives a descending threshold")
        for form in PopcountForm.supported {
            let kernel = XnorKernel(weights: PackedWeights(w), form: form)
            kernel.setThresholds(PopcountThresholds(thresholds, inner: k))
            let out = SignMatrix(rows: n, bits: c)
            kernel.signs(x, rows: n, into: out)
            var actual: [Float] = []
            for r in 0..<n { for j in 0..<c { actual.append(out.sign(row: r, j)) } }
            #expect(mismatch(expected, actual) == nil, "\(form): \(mismatch(expected, actual)!)")
        }
    }
}
