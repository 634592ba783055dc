import Foundation
import ProxCore
import ProxTrain
import Testing
import TestHelpers

/// One and two optimizer steps against values computed by hand from the
/// PyTorch update rules (written out in each optimizer's doc comment).
/// Tolerance: relative 1e-6.
@Suite struct OptimTests {
    func parameter(_ values: [Float], grad: [Float]) -> Parameter {
        let p = Parameter(name: "p", role: .weight, shape: [values.count])
        for i in values.indices {
            p.value[i] = values[i]
            p.grad[i] = grad[i]
        }
        return p
    }

    @Test func plainSGD() {
        let p = parameter([1, -2], grad: [0.5, -1])
        SGD(parameters: [p], learningRate: 0.1).step()
        #expect(isClose(Double(p.value[0]), 0.95, rtol: 1e-6))
        #expect(isClose(Double(p.value[1]), -1.9, rtol: 1e-6))
    }

    @Test func sgdMomentumAndDecay() {
        // theta 1, g 0.5, lr 0.1, momentum 0.9, decay 0.01.
        // Step 1: d = 0.5 + 0.01 = 0.51, v = 0.51, theta = 1 - 0.051 = 0.949.
        // Step 2 (same g): d = 0.5 + 0.00949 = 0.50949, v = 0.9 * 0.51 + 0.50949 = 0.96849,
        //                  theta = 0.949 - 0.096849 = 0.852151.
        let p = parameter([1], grad: [0.5])
        let sgd = SGD(parameters: [p], learningRate: 0.1, momentum: 0.9, weightDecay: 0.01)
        sgd.step()
        #expect(isClose(Double(p.value[0]), 0.949, rtol: 1e-6))
        sgd.step()
        #expect(isClose(Double(p.value[0]), 0.852151, rtol: 1e-6))
    }

    @Test func adamFirstStepMovesByLearningRate() {
        // Step 1: m = 0.1 g, v = 0.001 g^2, m-hat = g, v-hat = g^2:
        // theta -= lr * g / (|g| + eps) = lr * sign(g) (up to eps / |g|).
        let p = parameter([1, -1, 0.5], grad: [0.3, -2, 1e-4])
        let adam = Adam(parameters: [p], learningRate: 0.01)
        adam.step()
        #expect(isClose(Double(p.value[0]), 1 - 0.01 * 0.3 / (0.3 + 1e-8), rtol: 1e-6))
        #expect(isClose(Double(p.value[1]), -1 + 0.01 * 2 / (2 + 1e-8), rtol: 1e-6))
        #expect(isClose(Double(p.value[2]), 0.5 - 0.01 * 1e-4 / (1e-4 + 1e-8), rtol: 1e-6))
    }

    @Test func adamSecondStepByHand() {
        // g1 = 1, g2 = -0.5, lr 0.1, betas (0.9, 0.999), eps 1e-8, theta0 = 0.
        // t = 1: theta1 = -0.1 * 1 / (1 + 1e-8).
        // t = 2: m = 0.9 * 0.1 + 0.1 * (-0.5) = 0.04,  v = 0.999 * 0.001 + 0.001 * 0.25 = 0.001249
        //        step = 0.1 / (1 - 0.81) = 0.526315789..., denom = sqrt(0.001249) / sqrt(1 - 0.998001) + 1e-8
        let p = parameter([0], grad: [1])
        let adam = Adam(parameters: [p], learningRate: 0.1)
        adam.step()
        let theta1 = -0.1 / (1 + 1e-8)
        #expect(isClose(Double(p.value[0]), theta1, rtol: 1e-6))
        p.grad[0] = -0.5
        adam.step()
        let denom = 0.001249.squareRoot() / (1 - 0.998001).squareRoot() + 1e-8
        let theta2 = theta1 - 0.1 / (1 - 0.81) * 0.04 / denom
        #expect(isClose(Double(p.value[0]), theta2, rtol: 1e-5))
        #expect(adam.stepCount == 2)
    }

    @Test func adamWeightDecayIsL2() {
        // decay 0.1 on theta 2 with zero gradient: g = 0.2, first step moves by lr.
        let p = parameter([2], grad: [0])
        Adam(parameters: [p], learningRate: 0.05, weightDecay: 0.1).step()
        #expect(isClose(Double(p.value[0]), 2 - 0.05 * 0.2 / (0.2 + 1e-8), rtol: 1e-6))
    }

    /// Many parameters, large enough to be split across threads: every
    /// element follows the scalar Adam formula (relative 1e-5, the gap
    /// between fused and unfused rounding and the 2-ulp square root).
    @Test func adamOverManyBuffersMatchesScalarFormula() {
        var rng = SplitMix64(seed: 51)
        let sizes = [70_000, 3, 40_000, 1]
        let params = sizes.map { n -> Parameter in
            let p = Parameter(name: "p", role: .weight, shape: [n])
            for i in 0..<n {
                p.value[i] = 2 * rng.nextUnitFloat() - 1
                p.grad[i] = 2 * rng.nextUnitFloat() - 1
            }
            return p
        }
        let before = params.map { $0.value.toArray() }
        let grads = params.map { $0.grad.toArray() }
        let adam = Adam(parameters: params, learningRate: 0.01, weightDecay: 0.1)
        adam.step()
        for (k, p) in params.enumerated() {
            for i in 0..<p.count {
                let g = Double(grads[k][i]) + 0.1 * Double(before[k][i])
                let (m, v) = (0.1 * g, 0.001 * g * g)
                let step = 0.01 / 0.1 * m / ((v / 0.001).squareRoot() + 1e-8)
                let expected = Double(before[k][i]) - step
                #expect(isClose(Double(p.value[i]), expected, rtol: 1e-5, atol: 1e-7), "parameter \(k)[\(i)]")
            }
        }
    }
}
