import ProxCore
import ProxTrain

/// The `graph` metadata of a deployed model file: each step as a JSON
/// object, written and read here, so the two cannot drift apart.
///
///     {"step": "float", "layer": {"kind": "dense", "in": 784, "out": 512, "bias": false}, "sign_weights": false,
///      "replaces": [{"kind": "dense", "in": 784, "out": 512}]}
///     {"step": "sign", "shape": [512], "replaces": [...]}
///     {"step": "xnor_dense", "in": 512, "out": 512, "output": "signs", "replaces": [...]}
///     {"step": "xnor_conv3x3", "in": 16, "out": 32, "height": 14, "width": 14, "output": "signs", ...}
///     {"step": "unpack" | "sign_maxpool2x2" | "sign_flatten", ...}
///
/// Layer kinds: dense {in, out}, conv3x3 {in, out, height, width}, batchnorm
/// {shape, eps}, relu / hardtanh / identity {shape}, maxpool2x2 {channels,
/// height, width}, flatten {shape}, sign {shape}.
enum DeployedGraph {
    /// Sizes a file may declare: past this a size is a broken file, not a model.
    static let maximumSize = 1 << 24

    static func number(_ v: Int) -> JSONValue { .number(Double(v)) }
    static func shapeJSON(_ s: [Int]) -> JSONValue { .array(s.map(number)) }

    static func json(_ kind: FloatLayer.Kind) -> JSONValue {
        switch kind {
        case .dense(let i, let o): return .object([("kind", .string("dense")), ("in", number(i)), ("out", number(o))])
        case .conv(let i, let o, let h, let w):
            return .object([("kind", .string("conv3x3")), ("in", number(i)), ("out", number(o)), ("height", number(h)), ("width", number(w))])
        case .batchNorm(let shape, let eps):
            return .object([("kind", .string("batchnorm")), ("shape", shapeJSON(shape)), ("eps", .number(Double("\(eps)") ?? Double(eps)))])
        case .activation(let a, let shape): return .object([("kind", .string(a.rawValue)), ("shape", shapeJSON(shape))])
        case .maxPool(let c, let h, let w):
            return .object([("kind", .string("maxpool2x2")), ("channels", number(c)), ("height", number(h)), ("width", number(w))])
        case .flatten(let shape): return .object([("kind", .string("flatten")), ("shape", shapeJSON(shape))])
        case .sign(let shape): return .object([("kind", .string("sign")), ("shape", shapeJSON(shape))])
        }
    }

    static func json(_ step: DeployedStep) -> JSONValue {
        var fields: [(key: String, value: JSONValue)]
        switch step.layer {
        case .float(let f):
            var layer = json(f.kind)
            if case .dense = f.kind { layer = layer.adding("bias", .bool(f.tensors["bias"] != nil)) }
            if case .conv = f.kind { layer = layer.adding("bias", .bool(f.tensors["bias"] != nil)) }
            fields = [("step", .string("float")), ("layer", layer), ("sign_weights", .bool(f.signWeights != nil))]
        case .sign(let shape): fields = [("step", .string("sign")), ("shape", shapeJSON(shape))]
        case .unpack(let shape): fields = [("step", .string("unpack")), ("shape", shapeJSON(shape))]
        case .binaryDense(let d):
            fields = [("step", .string("xnor_dense")), ("in", number(d.weights.bits)), ("out", number(d.weights.rows)),
                      ("output", .string(outputName(d.output)))]
        case .binaryConv(let c):
            fields = [("step", .string("xnor_conv3x3")), ("in", number(c.inChannels)), ("out", number(c.outChannels)),
                      ("height", number(c.height)), ("width", number(c.width)), ("output", .string(outputName(c.output)))]
        case .signMaxPool(let c, let h, let w):
            fields = [("step", .string("sign_maxpool2x2")), ("channels", number(c)), ("height", number(h)), ("width", number(w))]
        case .signFlatten(let c, let h, let w):
            fields = [("step", .string("sign_flatten")), ("channels", number(c)), ("height", number(h)), ("width", number(w))]
        }
        return .object(fields + [("replaces", .array(step.replaces.map(json)))])
    }

    static func outputName(_ o: BinaryOutput) -> String {
        if case .signs = o { return "signs" }
        return "values"
    }

    /// The float tensors a layer kind stores, in file order.
    static func floatTensorNames(_ kind: FloatLayer.Kind) -> [String] {
        switch kind {
        case .dense, .conv: return ["weight", "bias"]
        case .batchNorm: return ["gamma", "beta", "mean", "var"]
        default: return []
        }
    }

    // MARK: - Reading

    static func size(_ v: JSONValue?, _ what: String) throws(DeployError) -> Int {
        guard let n = v?.numberValue, n == n.rounded(), n >= 1, n <= Double(maximumSize) else {
            throw DeployError("'\(what)' is \(v.map(\.compactText) ?? "missing"), expected a whole number in 1...\(maximumSize)")
        }
        return Int(n)
    }

    static func shape(_ v: JSONValue?) -> [Int]? {
        guard let items = v?.arrayValue, items.count == 1 || items.count == 3 else { return nil }
        var dims: [Int] = []
        for item in items {
            guard let n = item.numberValue, n == n.rounded(), n >= 1, n <= Double(maximumSize) else { return nil }
            dims.append(Int(n))
        }
        return dims.reduce(1, *) <= maximumSize ? dims : nil
    }

    static func shape(_ v: JSONValue?, _ what: String) throws(DeployError) -> [Int] {
        guard let s = shape(v) else { throw DeployError("'\(what)' is \(v.map(\.compactText) ?? "missing"), expected [F] or [C, H, W]") }
        return s
    }

    static func kind(_ v: JSONValue) throws(DeployError) -> FloatLayer.Kind {
        guard let name = v["kind"]?.stringValue else { throw DeployError("a layer without a 'kind'") }
        switch name {
        case "dense": return .dense(inputs: try size(v["in"], "in"), outputs: try size(v["out"], "out"))
        case "conv3x3":
            return .conv(inChannels: try size(v["in"], "in"), outChannels: try size(v["out"], "out"),
                         height: try size(v["height"], "height"), width: try size(v["width"], "width"))
        case "batchnorm":
            guard let eps = v["eps"]?.numberValue, eps > 0, eps < 1 else { throw DeployError("batchnorm 'eps' must be a number in (0, 1)") }
            return .batchNorm(shape: try shape(v["shape"], "shape"), eps: Float(eps))
        case "maxpool2x2":
            return .maxPool(channels: try size(v["channels"], "channels"), height: try size(v["height"], "height"),
                            width: try size(v["width"], "width"))
        case "flatten": return .flatten(shape: try shape(v["shape"], "shape"))
        case "sign": return .sign(shape: try shape(v["shape"], "shape"))
        default:
            guard let a = Activation(rawValue: name) else { throw DeployError("unknown layer kind '\(Text.printable(name))'") }
            return .activation(a, shape: try shape(v["shape"], "shape"))
        }
    }

    static func step(_ v: JSONValue, tensors t: TensorSource) throws(DeployError) -> DeployedStep {
        guard let name = v["step"]?.stringValue else { throw DeployError("no 'step' kind") }
        var replaces: [FloatLayer.Kind] = []
        for item in v["replaces"]?.arrayValue ?? [] { replaces.append(try kind(item)) }
        let layer: DeployedLayer
        switch name {
        case "float":
            guard let l = v["layer"] else { throw DeployError("a float step without its 'layer'") }
            var f = FloatLayer(kind: try kind(l))
            let signWeights = v["sign_weights"]?.boolValue ?? false
            let bias = l["bias"]?.boolValue ?? false
            switch f.kind {
            case .dense(let i, let o):
                if signWeights { f.signWeights = try t.signs("weight_packed", rows: o, bits: i) } else {
                    f.tensors["weight"] = try t.floats("weight", shape: [o, i])
                }
                if bias { f.tensors["bias"] = try t.floats("bias", shape: [o]) }
            case .conv(let i, let o, _, _):
                if signWeights { f.signWeights = try t.signs("weight_packed", rows: o, bits: 9 * i) } else {
                    f.tensors["weight"] = try t.floats("weight", shape: [o, i, 3, 3])
                }
                if bias { f.tensors["bias"] = try t.floats("bias", shape: [o]) }
            case .batchNorm(let shape, _):
                for n in floatTensorNames(f.kind) { f.tensors[n] = try t.floats(n, shape: [shape[0]]) }
                if let v = f.tensors["var"], v.contains(where: { !($0 >= 0) }) { throw DeployError("a batch norm variance is negative or NaN") }
            default: break
            }
            layer = .float(f)
        case "sign": layer = .sign(shape: try shape(v["shape"], "shape"))
        case "unpack": layer = .unpack(shape: try shape(v["shape"], "shape"))
        case "xnor_dense":
            let (i, o) = (try size(v["in"], "in"), try size(v["out"], "out"))
            let weights = try t.signs("weight_packed", rows: o, bits: i)
            layer = .binaryDense(BinaryDense(weights: weights, output: try output(v, t, channels: o, inner: i)))
        case "xnor_conv3x3":
            let (i, o) = (try size(v["in"], "in"), try size(v["out"], "out"))
            let (h, w) = (try size(v["height"], "height"), try size(v["width"], "width"))
            let weights = try t.signs("weight_packed", rows: o, bits: 9 * i)
            layer = .binaryConv(BinaryConv(inChannels: i, outChannels: o, height: h, width: w, weights: weights,
                                           output: try output(v, t, channels: o, inner: 9 * i)))
        case "sign_maxpool2x2", "sign_flatten":
            let (c, h, w) = (try size(v["channels"], "channels"), try size(v["height"], "height"), try size(v["width"], "width"))
            layer = name == "sign_flatten" ? .signFlatten(channels: c, height: h, width: w) : .signMaxPool(channels: c, height: h, width: w)
        default: throw DeployError("unknown step kind '\(Text.printable(name))'")
        }
        return DeployedStep(layer, replaces: replaces)
    }

    static func output(_ v: JSONValue, _ t: TensorSource, channels: Int, inner: Int) throws(DeployError) -> BinaryOutput {
        switch v["output"]?.stringValue {
        case "signs": return .signs(try t.thresholds(channels: channels, inner: inner))
        case "values": return .values
        default: throw DeployError("'output' must be \"signs\" or \"values\"")
        }
    }
}
