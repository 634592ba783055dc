import ProxTrain

/// What flows between the steps of a deployed network.
enum StageValue {
    case floats(Tensor)
    case signs(SignMatrix)
}

/// A step of a `DeployedNetwork` with its buffers (made by `prepare`, so a forward pass allocates nothing).
protocol Stage: AnyObject {
    func prepare(batch: Int)
    func run(_ input: StageValue, batch: Int, team: Team?) -> StageValue
}

extension StageValue {
    var floats: Tensor {
        guard case .floats(let t) = self else { preconditionFailure("a float step was given signs") }
        return t
    }

    var signs: SignMatrix {
        guard case .signs(let s) = self else { preconditionFailure("a sign step was given floats") }
        return s
    }
}

/// Rows a sign matrix needs per example: one, or one per pixel for images.
func signRows(_ shape: [Int]) -> Int { shape.count == 3 ? shape[1] * shape[2] : 1 }
/// Signs per row: the features, or the channels of a pixel.
func signBits(_ shape: [Int]) -> Int { shape.count == 3 ? shape[0] : shape.reduce(1, *) }

/// The trained network's own layer (see `FloatLayer.makeLayer`), run as a
/// one-layer `Sequential`, so that on a team it is shared as the trainer
/// shares it (Dense by fixed tiles of features, a convolution by tiles of
/// examples) and its output has the same bits on any team: the float first
/// layer of a binary network is most of its pass.
final class FloatStage: Stage {
    let model: Sequential
    /// Inputs an example below which a layer without products (batch norm,
    /// pooling) costs less than waking the team: the MLP's 512-wide batch norm
    /// takes 5 us a batch, the CNN's 16x28x28 one 120 us.
    static let teamElements = 4096
    private let shares: Bool

    init(_ f: FloatLayer) {
        let layer = f.makeLayer()
        model = Sequential([layer])
        model.setTraining(false)
        shares = layer.multiplyAdds > 0 || layer.inputSize >= Self.teamElements
    }

    func prepare(batch: Int) { model.prepare(batch: batch) }

    func run(_ input: StageValue, batch: Int, team: Team?) -> StageValue {
        if shares, let team, model.team !== team { model.team = team }
        return .floats(model.forward(input.floats, batch: batch))
    }
}

/// Floats to packed signs.
final class SignStage: Stage {
    let shape: [Int]
    var out = SignMatrix(rows: 0, bits: 0)
    init(shape: [Int]) { self.shape = shape }
    func prepare(batch: Int) {
        if out.rows < batch * signRows(shape) { out = SignMatrix(rows: batch * signRows(shape), bits: signBits(shape)) }
    }
    func run(_ input: StageValue, batch n: Int, team: Team?) -> StageValue {
        let x = input.floats.data
        if shape.count == 3 {
            SignImages.pack(x, images: n, channels: shape[0], height: shape[1], width: shape[2], into: out)
        } else {
            let f = signBits(shape)
            for r in 0..<n { out.pack(row: r, from: x + r * f) }
        }
        return .signs(out)
    }
}

/// Packed signs to floats of -1 and +1.
final class UnpackStage: Stage {
    let shape: [Int]
    var out = Tensor(shape: [0])
    init(shape: [Int]) { self.shape = shape }
    func prepare(batch: Int) {
        if out.shape[0] < batch { out = Tensor(shape: [batch] + shape) }
    }
    func run(_ input: StageValue, batch n: Int, team: Team?) -> StageValue {
        let s = input.signs
        if shape.count == 3 {
            SignImages.unpack(s, images: n, channels: shape[0], height: shape[1], width: shape[2], into: out.data)
        } else {
            let f = signBits(shape)
            for r in 0..<n { s.unpack(row: r, into: out.data + r * f) }
        }
        return .floats(out)
    }
}

/// 2x2 max pooling of pixel rows.
final class SignMaxPoolStage: Stage {
    let channels: Int, height: Int, width: Int
    var out = SignMatrix(rows: 0, bits: 0)
    init(channels: Int, height: Int, width: Int) { (self.channels, self.height, self.width) = (channels, height, width) }
    func prepare(batch: Int) {
        let rows = batch * (height / 2) * (width / 2)
        if out.rows < rows { out = SignMatrix(rows: rows, bits: channels) }
    }
    func run(_ input: StageValue, batch n: Int, team: Team?) -> StageValue {
        SignImages.maxPool(input.signs, images: n, height: height, width: width, into: out)
        return .signs(out)
    }
}

/// Pixel rows to one row per example.
final class SignFlattenStage: Stage {
    let channels: Int, pixels: Int
    var out = SignMatrix(rows: 0, bits: 0)
    init(channels: Int, height: Int, width: Int) { (self.channels, pixels) = (channels, height * width) }
    func prepare(batch: Int) {
        if out.rows < batch { out = SignMatrix(rows: batch, bits: channels * pixels) }
    }
    func run(_ input: StageValue, batch n: Int, team: Team?) -> StageValue {
        SignImages.flatten(input.signs, images: n, pixels: pixels, into: out)
        return .signs(out)
    }
}
