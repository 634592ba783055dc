import Foundation
import ProxCore
import ProxTrain

/// The deployed model file: a safetensors file (`SafeTensors`) that a
/// deployed network loads without the run it came from.
///
/// Tensors, S being the step's index in the graph:
///
///     S.weight_packed   U64  [rows, ceil(bits / 64)]  signs, bit i of a row = bit i % 64 of word i / 64,
///                            1 for -1, padding zero: a binary layer's weights, or a float
///                            layer's sign weights (`SignMatrix`)
///     S.threshold       I32  [C]   a binary layer's folded batch norm: +1 when y >= t (or y <= t)
///     S.descending      U8   [C]   1 where +1 means y <= t (a negative gamma)
///     S.weight, S.bias  F32        a float layer's weights and bias
///     S.gamma, S.beta, S.mean, S.var   F32 [C]   a float batch norm (evaluation statistics)
///
/// `__metadata__`: `format` = proxlab-deployed/1, `graph` (JSON: one object
/// per step, its kind, sizes, and the trained layers it replaces),
/// `input_shape` (JSON), `classes`, and provenance (`source`, `pair`,
/// `model`, `dataset`, `deploy_accuracy`). Written atomically (a temporary
/// file, then a rename). A file that fails any check is refused with one
/// line naming it and the first problem.
public enum DeployedModelFile {
    public static let format = "proxlab-deployed/1"
    static let reserved: Set<String> = ["format", "graph", "input_shape", "classes"]

    /// Refuses (before anything is written) a model its own reader would
    /// refuse, so a file proxlab writes is always one proxlab reads.
    public static func write(_ model: DeployedModel, to path: String) throws(SafeTensorsError) {
        let file = encode(model)
        _ = try decode(file, file: path)
        try file.write(to: path)
    }

    public static func read(path: String) throws(SafeTensorsError) -> DeployedModel {
        try decode(try SafeTensors.read(path: path), file: path)
    }

    public static func encode(_ model: DeployedModel) -> SafeTensors {
        var file = SafeTensors()
        var graph: [JSONValue] = []
        for (s, step) in model.steps.enumerated() {
            graph.append(DeployedGraph.json(step))
            switch step.layer {
            case .float(let f):
                if let w = f.signWeights { addSigns(w, "\(s).weight_packed", to: &file) }
                for name in DeployedGraph.floatTensorNames(f.kind) {
                    if let values = f.tensors[name] { file.add("\(s).\(name)", floats: values, shape: shape(of: name, f.kind, values.count)) }
                }
            case .binaryDense(let d):
                addSigns(d.weights, "\(s).weight_packed", to: &file)
                addThresholds(d.output, s, to: &file)
            case .binaryConv(let c):
                addSigns(c.weights, "\(s).weight_packed", to: &file)
                addThresholds(c.output, s, to: &file)
            case .sign, .unpack, .signMaxPool, .signFlatten: break
            }
        }
        for (key, value) in model.info where !reserved.contains(key) { file.metadata[key] = value }
        file.metadata["format"] = format
        file.metadata["graph"] = JSONValue.array(graph).compactText
        file.metadata["input_shape"] = JSONValue.array(model.inputShape.map { .number(Double($0)) }).compactText
        file.metadata["classes"] = String(model.classes)
        return file
    }

    /// A float tensor's shape as PyTorch stores it: weights [out, in] or [out, in, 3, 3], vectors [n].
    static func shape(of name: String, _ kind: FloatLayer.Kind, _ count: Int) -> [Int] {
        guard name == "weight" else { return [count] }
        switch kind {
        case .dense(let i, let o): return [o, i]
        case .conv(let i, let o, _, _): return [o, i, 3, 3]
        default: return [count]
        }
    }

    static func addSigns(_ p: PackedSigns, _ name: String, to file: inout SafeTensors) {
        file.add(name, integers: p.words, shape: [p.rows, p.wordsPerRow])
    }

    static func addThresholds(_ output: BinaryOutput, _ s: Int, to file: inout SafeTensors) {
        guard case .signs(let t) = output else { return }
        file.add("\(s).threshold", integers: t.map { Int32($0.value) }, shape: [t.count])
        file.add("\(s).descending", integers: t.map { UInt8($0.ascending ? 0 : 1) }, shape: [t.count])
    }

    public static func decode(_ file: SafeTensors, file path: String) throws(SafeTensorsError) -> DeployedModel {
        func fail(_ reason: String) -> SafeTensorsError { SafeTensorsError(file: path, reason: reason) }
        let meta = file.metadata
        guard meta["format"] == format else {
            throw fail("format is \(meta["format"].map { "'\($0)'" } ?? "missing"), expected '\(format)': not a deployed model (make one with proxlab deploy RUN)")
        }
        func json(_ key: String) throws(SafeTensorsError) -> JSONValue {
            guard let text = meta[key] else { throw fail("metadata '\(key)' is missing") }
            do { return try JSONValue(parsing: text) } catch { throw fail("metadata '\(key)' is not JSON: \(error)") }
        }
        let graph = try json("graph"), inputShape = try json("input_shape")
        guard let items = graph.arrayValue, !items.isEmpty else { throw fail("metadata 'graph' has no steps") }
        guard let shape = DeployedGraph.shape(inputShape) else { throw fail("metadata 'input_shape' is not a shape") }
        guard let classes = meta["classes"].flatMap({ Int($0) }), classes >= 1, classes <= DeployedGraph.maximumSize else {
            throw fail("metadata 'classes' is \(meta["classes"].map { "'\($0)'" } ?? "missing"), expected a whole number >= 1")
        }
        var steps: [DeployedStep] = []
        for (s, item) in items.enumerated() {
            do {
                steps.append(try DeployedGraph.step(item, tensors: TensorSource(file: file, prefix: "\(s).")))
            } catch {
                throw fail("step \(s): \(error.message)")
            }
        }
        var info = meta
        for key in reserved { info[key] = nil }
        let model = DeployedModel(inputShape: shape, classes: classes, steps: steps, info: info)
        do { try model.validate() } catch { throw fail(error.message) }
        return model
    }
}

/// The tensors of one step, looked up with their checks.
struct TensorSource {
    let file: SafeTensors
    let prefix: String

    func signs(_ name: String, rows: Int, bits: Int) throws(DeployError) -> PackedSigns {
        let words = (bits + 63) / 64
        let full = prefix + name
        guard let e = file[full] else { throw DeployError("has no tensor \(full)") }
        guard e.dtype == .u64, e.shape == [rows, words], let values = file.integers(full, as: UInt64.self) else {
            throw DeployError("tensor \(full) is \(e.dtype.rawValue) \(e.shape), expected U64 [\(rows), \(words)]")
        }
        if bits % 64 != 0 {
            let mask = UInt64.max << UInt64(bits % 64)
            for r in 0..<rows where values[r * words + words - 1] & mask != 0 {
                throw DeployError("tensor \(full) has bits set past the \(bits) signs of row \(r)")
            }
        }
        return PackedSigns(rows: rows, bits: bits, words: values)
    }

    /// A float tensor of exactly `shape` (PyTorch's layout, as `encode`
    /// writes it), every number finite: a NaN weight has no sign to deploy.
    func floats(_ name: String, shape: [Int]) throws(DeployError) -> [Float] {
        let full = prefix + name
        guard let e = file[full] else { throw DeployError("has no tensor \(full)") }
        guard e.dtype == .f32, e.shape == shape, let values = file.floats(full) else {
            throw DeployError("tensor \(full) is \(e.dtype.rawValue) \(e.shape), expected F32 \(shape)")
        }
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw DeployError("tensor \(full) holds \(values[bad]) at index \(bad)")
        }
        return values
    }

    func has(_ name: String) -> Bool { file[prefix + name] != nil }

    func thresholds(channels: Int, inner: Int) throws(DeployError) -> [SignThreshold] {
        let t = prefix + "threshold", d = prefix + "descending"
        guard let te = file[t], te.dtype == .i32, te.shape == [channels], let values = file.integers(t, as: Int32.self) else {
            throw DeployError("needs an I32 [\(channels)] tensor \(t)")
        }
        guard let de = file[d], de.dtype == .u8, de.shape == [channels], let down = file.integers(d, as: UInt8.self) else {
            throw DeployError("needs a U8 [\(channels)] tensor \(d)")
        }
        var result: [SignThreshold] = []
        for (v, flag) in zip(values, down) {
            guard flag <= 1 else { throw DeployError("tensor \(d) holds \(flag), expected 0 or 1") }
            guard abs(Int(v)) <= inner + 1 else { throw DeployError("threshold \(v) lies outside -\(inner + 1)...\(inner + 1)") }
            result.append(SignThreshold(ascending: flag == 0, value: Int(v)))
        }
        return result
    }
}
