import ProxCore

/// The names of a model's numbers in model.safetensors, one scheme for every
/// reader (resume, `--init-from`, the deployed model, the PyTorch export).
///
/// Layer `I` is the I-th entry of the model's layer list (metadata key
/// `layers`, 0-based), which for the MLP is the index PyTorch's
/// `nn.Sequential` gives the same layers (Linear, BatchNorm1d, ReLU, ...),
/// and names follow PyTorch's `state_dict`:
///
///     I.weight          F32  theta (binarized layers) or the weights: dense [out, in],
///                            conv [out, in, k, k]; batch norm: gamma [C]
///     I.bias            F32  dense/conv bias [out]; batch norm: beta [C]
///     I.running_mean    F32  batch norm [C]
///     I.running_var     F32  batch norm [C] (the unbiased running estimate, as PyTorch keeps it)
///     I.weight_packed   U8   binarized layers: sign(theta), [out, ceil(fan-in / 8)] (`SignPacking`)
///
/// Inside a residual unit `I`, layer J of its body is `I.body.J` and of its
/// shortcut `I.shortcut.J` (a module with two `nn.Sequential` members of
/// those names has the same `state_dict`; bench/torch_resnet.py).
/// A layer with no numbers (activations, pooling, flatten) has no tensors.
/// Training state for `--resume` sits beside them under `optimizer.`
/// (`TrainingCheckpoint`); readers of the model ignore it.
public enum ModelTensors {
    /// Every layer that holds numbers itself, with the prefix of its names,
    /// in `model.parameters` order.
    static func leaves(_ model: Sequential) -> [(prefix: String, layer: any Layer)] {
        func walk(_ layer: any Layer, _ prefix: String) -> [(prefix: String, layer: any Layer)] {
            guard let unit = layer as? Residual else { return [(prefix, layer)] }
            return unit.body.enumerated().flatMap { walk($1, "\(prefix).body.\($0)") }
                + unit.shortcut.enumerated().flatMap { walk($1, "\(prefix).shortcut.\($0)") }
        }
        return model.layers.enumerated().flatMap { walk($1, String($0)) }
    }

    /// Every number the trained network is made of, by name, in layer order:
    /// parameters (by role), then buffers.
    public static func named(_ model: Sequential) -> [(name: String, tensor: Tensor)] {
        leaves(model).flatMap { named($0.layer, prefix: $0.prefix) }
    }

    static func named(_ layer: any Layer, prefix: String) -> [(name: String, tensor: Tensor)] {
        layer.parameters.map { ("\(prefix).\($0.role.tensorName)", $0.value) } + layer.buffers.map { ("\(prefix).\($0.name)", $0.tensor) }
    }

    /// The name of each parameter's tensor, in `model.parameters` order.
    public static func parameterNames(_ model: Sequential) -> [String] {
        leaves(model).flatMap { leaf in leaf.layer.parameters.map { "\(leaf.prefix).\($0.role.tensorName)" } }
    }

    /// Layer by layer, the tensors of `named` and, for a binarized layer,
    /// its packed signs.
    public static func add(_ model: Sequential, to file: inout SafeTensors) {
        for (prefix, layer) in leaves(model) {
            for (name, t) in named(layer, prefix: prefix) {
                file.add(name, floats: UnsafeBufferPointer(start: t.data, count: t.count), shape: t.shape)
            }
            guard let theta = layer.quantizedWeights?.latent.value else { continue }
            let rows = theta.shape.first ?? 1
            let packed = SignPacking.pack(UnsafeBufferPointer(start: theta.data, count: theta.count), rows: rows)
            file.add("\(prefix).weight_packed", dtype: .u8, shape: [rows, SignPacking.bytesPerRow(theta.count / max(rows, 1))], bytes: packed)
        }
    }

    /// Copies every tensor of `named(model)` from `file`, after checking
    /// them all (so on a mismatch the model is left as it was). Extra
    /// tensors in the file are ignored.
    public static func load(_ file: SafeTensors, into model: Sequential, source: String) throws(SafeTensorsError) {
        let tensors = leaves(model).flatMap { leaf in named(leaf.layer, prefix: leaf.prefix).map { ($0.name, $0.tensor, leaf.layer.name) } }
        for (name, t, layer) in tensors {
            guard let e = file[name] else {
                throw SafeTensorsError(file: source, reason: "has no tensor \(name), which layer \(layer) needs: the runs' models differ")
            }
            guard e.dtype == .f32, e.shape == t.shape else {
                throw SafeTensorsError(file: source, reason: "tensor \(name) is \(e.dtype.rawValue) \(e.shape), but layer \(layer) needs F32 \(t.shape): the runs' models differ")
            }
        }
        for (name, t, _) in tensors { file.copyFloats(name, to: t.data) }
    }

    /// The `layers` metadata: one object per layer with its kind and sizes,
    /// so a reader rebuilds the network without proxlab's code.
    public static func layers(_ model: Sequential) -> JSONValue {
        .array(model.layers.map(describe))
    }

    static func describe(_ layer: any Layer) -> JSONValue {
        let shapes: [(key: String, value: JSONValue)] = [
            ("input_shape", .array(layer.inputShape.map { .number(Double($0)) })),
            ("output_shape", .array(layer.outputShape.map { .number(Double($0)) })),
        ]
        var fields: [(key: String, value: JSONValue)]
        func n(_ v: Int) -> JSONValue { .number(Double(v)) }
        switch layer {
        case let d as Dense:
            fields = [("kind", .string("dense")), ("in", n(d.inFeatures)), ("out", n(d.outFeatures)),
                      ("bias", .bool(d.bias != nil)), ("binarized", .bool(d.quantizedWeights != nil))]
        case let c as Conv2d:
            fields = [("kind", .string("conv\(c.kernel)x\(c.kernel)")), ("in", n(c.inChannels)), ("out", n(c.outChannels)),
                      ("padding", n(c.kernel / 2)), ("bias", .bool(c.bias != nil)), ("binarized", .bool(c.quantizedWeights != nil))]
        case let r as Residual:
            fields = [("kind", .string("residual")), ("body", .array(r.body.map(describe))),
                      ("shortcut", .array(r.shortcut.map(describe)))]
        case let b as BatchNorm:
            fields = [("kind", .string("batchnorm")), ("eps", decimal(b.eps)), ("momentum", decimal(b.momentum))]
        case let b as BatchNorm2d:
            fields = [("kind", .string("batchnorm2d")), ("eps", decimal(b.eps)), ("momentum", decimal(b.momentum))]
        case is ReLU: fields = [("kind", .string("relu"))]
        case is Hardtanh: fields = [("kind", .string("hardtanh"))]
        case is Identity: fields = [("kind", .string("identity"))]
        case is MaxPool2x2: fields = [("kind", .string("maxpool2x2"))]
        case is AvgPool2x2: fields = [("kind", .string("avgpool2x2"))]
        case is GlobalAvgPool: fields = [("kind", .string("global_avgpool"))]
        case is Flatten: fields = [("kind", .string("flatten"))]
        case is QuantizedActivation: fields = [("kind", .string("quantize_activations"))]
        default: fields = [("kind", .string(layer.name))]
        }
        return .object(fields + [("name", .string(layer.name))] + shapes)
    }

    /// A Float as the decimal it was written as (1e-05, not 9.99999974737875e-06).
    static func decimal(_ v: Float) -> JSONValue { .number(Double("\(v)") ?? Double(v)) }
}

extension Parameter.Role {
    /// PyTorch's name for the tensor: batch norm's gamma and beta are its `weight` and `bias`.
    public var tensorName: String {
        switch self {
        case .weight, .scale: return "weight"
        case .bias, .shift: return "bias"
        }
    }
}
