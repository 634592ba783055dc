import ProxTrain

extension DeployedModel {
    /// Checks that the steps chain: each one's input is what the step before
    /// it produces (floats or signs, of the right shape), and the last
    /// produces `classes` floats. A model from the converter always does; a
    /// file may not, and a network built from a broken graph would read past
    /// its buffers, so the file reader calls this first.
    public func validate() throws(DeployError) {
        enum Value: Equatable { case floats([Int]), signs([Int]) }
        var value = Value.floats(inputShape)
        func fail(_ s: Int, _ what: String) -> DeployError {
            DeployError("step \(s) (\(steps[s].layer.name)) \(what)")
        }
        for (s, step) in steps.enumerated() {
            func expect(_ v: Value) throws(DeployError) {
                guard value == v else { throw fail(s, "expects \(describe(v)), but is given \(describe(value))") }
            }
            switch step.layer {
            case .float(let f):
                try expect(.floats(f.inputShape))
                if case .maxPool(_, let h, let w) = f.kind, h < 2 || w < 2 { throw fail(s, "pools an image smaller than 2x2") }
                value = .floats(outputShape(f.kind))
            case .sign(let shape):
                try expect(.floats(shape))
                value = .signs(shape)
            case .unpack(let shape):
                try expect(.signs(shape))
                value = .floats(shape)
            case .binaryDense(let d):
                try expect(.signs([d.weights.bits]))
                try checkOutput(d.output, channels: d.weights.rows, s)
                value = d.output == .values ? .floats([d.weights.rows]) : .signs([d.weights.rows])
            case .binaryConv(let c):
                try expect(.signs([c.inChannels, c.height, c.width]))
                try checkOutput(c.output, channels: c.outChannels, s)
                let shape = [c.outChannels, c.height, c.width]
                value = c.output == .values ? .floats(shape) : .signs(shape)
            case .signMaxPool(let c, let h, let w):
                try expect(.signs([c, h, w]))
                guard h >= 2, w >= 2 else { throw fail(s, "pools an image smaller than 2x2") }
                value = .signs([c, h / 2, w / 2])
            case .signFlatten(let c, let h, let w):
                try expect(.signs([c, h, w]))
                value = .signs([c * h * w])
            }
        }
        guard value == .floats([classes]) else {
            throw DeployError("the last step gives \(describe(value)), not the \(classes) class scores")
        }

        func checkOutput(_ o: BinaryOutput, channels: Int, _ s: Int) throws(DeployError) {
            if case .signs(let t) = o, t.count != channels { throw fail(s, "has \(t.count) thresholds for \(channels) channels") }
        }
        func describe(_ v: Value) -> String {
            switch v {
            case .floats(let s): return "floats \(shapeText(s))"
            case .signs(let s): return "signs \(shapeText(s))"
            }
        }
    }

    /// One example's output shape of a float layer.
    func outputShape(_ kind: FloatLayer.Kind) -> [Int] {
        switch kind {
        case .dense(_, let o): return [o]
        case .conv(_, let o, let h, let w): return [o, h, w]
        case .batchNorm(let shape, _), .activation(_, let shape), .sign(let shape): return shape
        case .maxPool(let c, let h, let w): return [c, h / 2, w / 2]
        case .flatten(let shape): return [shape.reduce(1, *)]
        }
    }
}
