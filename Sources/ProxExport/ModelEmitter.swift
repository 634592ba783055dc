import ProxTrain

/// A model spec in the form `proxtorch/models.py` builds from: the family
/// (a key of its `MODELS` table) and its sizes. A new family is a case here
/// and a builder there.
public enum ModelEmitter {
    public static func value(_ spec: ModelSpec) -> PythonValue {
        switch spec {
        case .mlp(let hidden, let activation):
            return .dict([("kind", .string("mlp")), ("hidden", .list(hidden.map(PythonValue.int))),
                          ("activation", .string(activation.rawValue))])
        case .cnn(let activation):
            return .dict([("kind", .string("cnn")), ("widths", .list([16, 32].map(PythonValue.int))),
                          ("activation", .string(activation.rawValue))])
        case .resnet(let widths):
            return .dict([("kind", .string("resnet")), ("widths", .list(widths.map(PythonValue.int))),
                          ("units", .int(Sequential.resnetUnitsPerStage))])
        }
    }
}
