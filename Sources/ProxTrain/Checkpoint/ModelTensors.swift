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
///                            conv [out, in, 3, 3]; batch norm: gamma [C]
///     I.bias            F32  dense/conv bias [out]; batch norm: beta [C]
///     I.running_mean    F32  batch norm [C]
///     I.running_var     F32  batch norm [C] (the unbiased running estimate, as PyTorch keeps it)
///     I.weight_packed   U8   binarized layers: sign(theta), [out, ceil(fan-in / 8)] (`SignPacking`)
///
/// A layer with no numbers (activations, pooling, flatten) has no tensors.
/// Training state for `--resume` sits beside them under `optimizer.`
/// (`TrainingCheckpoint`); readers of the model ignore it.
public enum ModelTensors {
    /// Every number the trained network is made of, by name, in layer order:
    /// parameters (by role), then buffers.
    public static func named(_ model: Sequential) -> [(name: String, tensor: Tensor)] {
        model.layers.indices.flatMap { named(model.layers[$0], index: $0) }
    }

    static func named(_ layer: any Layer, index i: Int) -> [(name: String, tensor: Tensor)] {
        layer.parameters.map { ("\(i).\($0.role.tensorName)", $0.value) } + layer.buffers.map { ("\(i).\($0.name)", $0.tensor) }
    }

    /// The name of each parameter's tensor, in `model.parameters` order.
    public static func parameterNames(_ model: Sequential) -> [String] {
        model.layers.enumerated().flatMap { i, layer in layer.parameters.map { "\(i).\($0.role.tensorName)" } }
    }

    /// Layer by layer, the tensors of `named` and, for a binarized layer,
    /// its packed signs.
    public static func add(_ model: Sequential, to file: inout SafeTensors) {
        for (i, layer) in model.layers.enumerated() {
            for (name, t) in named(layer, index: i) {
                file.add(name, floats: UnsafeBufferPointer(start: t.data, count: t.count), shape: t.shape)
            }
            guard let theta = layer.quantizedWeights?.latent.value else { continue }
            let rows = theta.shape.first ?? 1
            let packed = SignPacking.pack(UnsafeBufferPointer(start: theta.data, count: theta.count), rows: rows)
            file.add("\(i).weight_packed", dtype: .u8, shape: [rows, SignPacking.bytesPerRow(theta.count / max(rows, 1))], bytes: packed)
        }
    }

    /// Copies every tensor of `named(model)` from `file`, after checking
    /// them all (so on a mismatch the model is left as it was). Extra
    /// tensors in the file are ignored.
    public static func load(_ file: SafeTensors, into model: Sequential, source: String) throws(SafeTensorsError) {
        let tensors = named(model)
        for (name, t) in tensors {
            let layer = Int(name.prefix { $0 != "." }).map { model.layers[$0].name } ?? "?"
            guard let e = file[name] else {
                throw SafeTensorsError(file: source, reason: "has no tensor \(name), which layer \(layer) needs: the runs' models differ")
            }
            guard e.dtype == .f32, e.shape == t.shape else {
                throw SafeTensorsError(file: source, reason: "tensor \(name) is \(e.dtype.rawValue) \(e.shape), but layer \(layer) needs F32 \(t.shape): the runs' models differ")
            }
        }
        for (name, t) in tensors { file.copyFloats(name, to: t.data) }
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
            fields = [("kind", .string("conv3x3")), ("in", n(c.inChannels)), ("out", n(c.outChannels)), ("padding", n(1)),
                      ("bias", .bool(c.bias != nil)), ("binarized", .bool(c.quantizedWeights != nil))]
        case let b as BatchNorm:
            fields = [("kind", .string("batchnorm")), ("eps", decimal(b.eps)), ("momentum", decimal(b.momentum))]
        case let b as BatchNorm2d:
            fields = [("kind", .string("batchnorm2d")), ("eps", decimal(b.eps)), ("momentum", decimal(b.momentum))]
        case is ReLU: fields = [("kind", .string("relu"))]
        case is Hardtanh: fields = [("kind", .string("hardtanh"))]
        case is Identity: fields = [("kind", .string("identity"))]
        case is MaxPool2x2: fields = [("kind", .string("maxpool2x2"))]
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
