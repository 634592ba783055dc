import ProxTrain

/// A data set spec, as proxlab parsed it, in the form `proxtorch/data.py`
/// loads: every option spelled out with proxlab's defaults filled in.
public enum DataEmitter {
    public static func value(_ spec: DatasetSpec) -> PythonValue {
        var items: [(String, PythonValue)] = [("name", .string(spec.description)), ("kind", .string(spec.kind))]
        switch spec.source {
        case .toy(let toy):
            items += [("n", .int(toy.n)), ("noise", .float(toy.noise)), ("seed", .int(Int(clamping: toy.seed))),
                      ("test", .float(toy.testFraction))]
            switch toy.shape {
            case .circles: items.append(("factor", .float(toy.factor)))
            case .spirals: items.append(("turns", .float(toy.turns)))
            case .blobs: items.append(("k", .int(toy.k)))
            case .moons, .xor: break
            }
        case .fashionMNIST(let directory):
            items.append(("dir", directory.map(PythonValue.string) ?? .none))
        case .idx(let directory):
            items.append(("dir", .string(directory)))
        case .csv(let path, let options):
            let label: PythonValue
            switch options.label {
            case .index(let i): label = .int(i)
            case .name(let n): label = .string(n)
            }
            items += [("path", .string(path)), ("label", label), ("header", options.header.map(PythonValue.bool) ?? .none),
                      ("sep", .string(String(options.delimiter))), ("testfile", options.testFile.map(PythonValue.string) ?? .none),
                      ("test", .float(options.testFraction)), ("seed", .int(Int(clamping: options.seed)))]
        }
        items.append(("std", spec.standardization.map { .string($0.rawValue) } ?? .none))
        return .dict(items)
    }
}
