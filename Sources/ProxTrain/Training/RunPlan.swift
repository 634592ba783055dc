import ProxCore

/// One run of an experiment: a resolved pair and one seed.
public struct RunPlan: Sendable {
    public var experiment: Experiment
    public var pair: QuantizerPair
    public var activationPair: QuantizerPair?
    public var seed: UInt64

    public init(experiment: Experiment, pair: QuantizerPair, activationPair: QuantizerPair? = nil, seed: UInt64) {
        self.experiment = experiment
        self.pair = pair
        self.activationPair = activationPair
        self.seed = seed
    }

    /// Every (pair, seed) of the experiment, pairs resolved from presets or
    /// files; a name that is neither is reported with the field it came from.
    public static func plans(for e: Experiment) throws(PresetError) -> [RunPlan] {
        func resolve(_ name: String, field: String) throws(PresetError) -> QuantizerPair {
            guard let pair = try PresetLibrary.resolvePair(name) else {
                throw PresetError(file: e.name, field: field, reason: "no preset named '\(name)' in \(PresetLibrary.quantizerDirectory)")
            }
            return pair
        }
        let activation = try e.activationPair.map { (n: String) throws(PresetError) in try resolve(n, field: "activation_pair") }
        var plans: [RunPlan] = []
        for name in e.pairs {
            var pair = try resolve(name, field: "pairs")
            if let at = e.backwardAt { pair.backwardAt = at }
            for seed in e.seeds {
                plans.append(RunPlan(experiment: e, pair: pair, activationPair: activation, seed: seed))
            }
        }
        return plans
    }

    /// The setup written to the run's experiment.json: this pair and seed only,
    /// with the pair's expressions spelled out so the log explains itself.
    public var setupJSON: JSONValue {
        var e = experiment
        e.pairs = [pair.name]
        e.seeds = [seed]
        guard case .object(var fields) = e.json else { return e.json }
        fields.append(("pair", .object([
            ("name", .string(pair.name)), ("forward", .string(pair.forward.description)),
            ("backward", .string(pair.backward.description)), ("prox", pair.prox.map { .string($0.description) } ?? .null),
            ("backward_at", .string(pair.backwardAt.rawValue)), ("schedule", .string(pair.schedule.description)),
            ("clip", pair.latentClip.map(JSONValue.number) ?? .null), ("reset", .bool(pair.resetAfterStep)),
        ])))
        return .object(fields)
    }
}
