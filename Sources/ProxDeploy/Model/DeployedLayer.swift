import ProxTrain

/// One step of a deployed network, as the model file stores it.
///
/// Activations between steps are either floats, in the trained network's
/// layout ([N, F] or NCHW), or signs: a `SignMatrix` with one row per example
/// ([F] signs) or, for images, one row per pixel (N * H * W rows of C signs,
/// channels packed together so that a 3x3 window is nine runs of C bits).
/// Float steps are the trained network's own layers, rebuilt from their
/// numbers, so they compute exactly what it computes; binary steps are
/// XNOR-popcount products whose batch norm and sign are folded into one
/// threshold per channel (`SignThreshold`).
public enum DeployedLayer: Sendable, Equatable {
    /// Floats to floats: a full-precision layer (or one with sign weights and float inputs).
    case float(FloatLayer)
    /// Floats to signs: sign(x), packed; images become pixel rows.
    case sign(shape: [Int])
    /// Signs to floats: -1 and +1 in the float layout of `shape`.
    case unpack(shape: [Int])
    /// Signs to signs or floats: an XNOR-popcount dense layer.
    case binaryDense(BinaryDense)
    /// Pixel rows of signs to pixel rows of signs, or to NCHW floats: an XNOR-popcount 3x3 convolution.
    case binaryConv(BinaryConv)
    /// Pixel rows to pixel rows: 2x2 max pooling of signs (any +1 wins).
    case signMaxPool(channels: Int, height: Int, width: Int)
    /// Pixel rows to one row per example, pixel by pixel (HWC order).
    case signFlatten(channels: Int, height: Int, width: Int)

    public var name: String {
        switch self {
        case .float(let f): return f.name
        case .sign(let shape): return "sign \(shapeText(shape))"
        case .unpack(let shape): return "unpack \(shapeText(shape))"
        case .binaryDense(let d): return "xnor dense \(d.weights.bits)->\(d.weights.rows)\(d.output.suffix)"
        case .binaryConv(let c): return "xnor conv3x3 \(c.inChannels)->\(c.outChannels)\(c.output.suffix)"
        case .signMaxPool: return "maxpool 2x2 (signs)"
        case .signFlatten: return "flatten (signs)"
        }
    }
}

/// What a binary layer produces.
public enum BinaryOutput: Sendable, Equatable {
    /// sign(g(y)) per channel, g the folded layers (batch norm, activation).
    case signs([SignThreshold])
    /// y as floats, for float layers after it. Exact: the trained network's
    /// product of signs by signs is a sum of +-1, exact in float in any order.
    /// (A layer with a bias stays a float layer: the trained network adds the
    /// bias inside sgemm, whose rounding depends on how OpenBLAS splits the sum.)
    case values

    var suffix: String {
        switch self {
        case .signs: return " + threshold"
        case .values: return ""
        }
    }
}

/// Dense weights [out, in] of signs.
///
/// When the input comes from `signFlatten`, the columns are in HWC order:
/// the converter permuted them from the trained network's NCHW.
public struct BinaryDense: Sendable, Equatable {
    public var weights: PackedSigns
    public var output: BinaryOutput
}

/// Convolution weights [out, 9 * in] of signs, tap-major: bit (ky * 3 + kx) * in + c
/// is the sign of the trained weight [o, c, ky, kx], matching the binary im2col.
public struct BinaryConv: Sendable, Equatable {
    public var inChannels: Int
    public var outChannels: Int
    public var height: Int
    public var width: Int
    public var weights: PackedSigns
    public var output: BinaryOutput
}

/// A full-precision layer: its kind, sizes and numbers.
public struct FloatLayer: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// weight [out, in] (signs when `signWeights`), bias [out] or empty.
        case dense(inputs: Int, outputs: Int)
        /// weight [out, in, 3, 3], bias [out] or empty.
        case conv(inChannels: Int, outChannels: Int, height: Int, width: Int)
        /// tensors gamma, beta, mean, var; [features] or [channels, height, width].
        case batchNorm(shape: [Int], eps: Float)
        case activation(Activation, shape: [Int])
        case maxPool(channels: Int, height: Int, width: Int)
        case flatten(shape: [Int])
        /// sign(x) as floats of -1 and +1: the trained network's activation quantizer in deploy mode.
        case sign(shape: [Int])
    }

    public var kind: Kind
    /// The layer's numbers by name (weight, bias, gamma, beta, mean, var).
    public var tensors: [String: [Float]] = [:]
    /// Weights that are signs (a binary layer given float inputs): stored packed.
    public var signWeights: PackedSigns?

    public init(kind: Kind, tensors: [String: [Float]] = [:], signWeights: PackedSigns? = nil) {
        self.kind = kind
        self.tensors = tensors
        self.signWeights = signWeights
    }

    public var name: String {
        switch kind {
        case .dense(let i, let o): return "dense \(i)->\(o)\(signWeights == nil ? "" : " (sign weights)")"
        case .conv(let i, let o, _, _): return "conv3x3 \(i)->\(o)\(signWeights == nil ? "" : " (sign weights)")"
        case .batchNorm(let shape, _): return shape.count == 1 ? "batchnorm \(shape[0])" : "batchnorm2d \(shape[0])"
        case .activation(let a, _): return a.rawValue
        case .maxPool: return "maxpool 2x2"
        case .flatten: return "flatten"
        case .sign: return "sign"
        }
    }
}

/// Rows of signs as plain words: the stored form of a `SignMatrix`.
public struct PackedSigns: Sendable, Equatable {
    public var rows: Int
    public var bits: Int
    /// rows * ceil(bits / 64) words, row-major.
    public var words: [UInt64]

    public init(rows: Int, bits: Int, words: [UInt64]) {
        self.rows = rows
        self.bits = bits
        self.words = words
    }

    public var wordsPerRow: Int { (bits + 63) / 64 }

    public init(_ m: SignMatrix) {
        self.init(rows: m.rows, bits: m.bits, words: Array(UnsafeBufferPointer(start: m.data, count: m.rows * m.words)))
    }

    public var matrix: SignMatrix {
        let m = SignMatrix(rows: rows, bits: bits)
        let count = min(words.count, rows * m.words)
        words.withUnsafeBufferPointer { if let base = $0.baseAddress, count > 0 { m.data.update(from: base, count: count) } }
        return m
    }
}

/// A deployed layer and the trained layers it stands for (their kinds, without
/// numbers): what the cost ledger times as "the same network in float".
public struct DeployedStep: Sendable, Equatable {
    public var layer: DeployedLayer
    public var replaces: [FloatLayer.Kind]

    public init(_ layer: DeployedLayer, replaces: [FloatLayer.Kind]) {
        self.layer = layer
        self.replaces = replaces
    }
}

/// A deployed network: its steps in order, what it reads and what it predicts.
public struct DeployedModel: Sendable, Equatable {
    /// One example's input shape, [F] or [C, H, W].
    public var inputShape: [Int]
    public var classes: Int
    public var steps: [DeployedStep]
    /// Provenance: the pair, the source run, the model spec.
    public var info: [String: String]

    public init(inputShape: [Int], classes: Int, steps: [DeployedStep], info: [String: String] = [:]) {
        self.inputShape = inputShape
        self.classes = classes
        self.steps = steps
        self.info = info
    }
}

func shapeText(_ shape: [Int]) -> String { shape.map(String.init).joined(separator: "x") }
