import Foundation
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
    /// files; a name that is neither is reported with the field it came
    /// from, for the caller to name the file or the flag that gave it.
    public static func plans(for e: Experiment) throws(ExperimentProblem) -> [RunPlan] {
        let activation = try e.activationPair.map { (n: String) throws(ExperimentProblem) in try resolve(n, field: "activation_pair") }
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

    /// A preset name or pair file; one that is neither is reported with the field it came from.
    static func resolve(_ name: String, field: String) throws(ExperimentProblem) -> QuantizerPair {
        let pair: QuantizerPair?
        do { pair = try PresetLibrary.resolvePair(name) } catch { throw ExperimentProblem(field: field, reason: "\(error)") }
        guard let pair else {
            throw ExperimentProblem(field: field, reason: "no preset named '\(name)' in \(PresetLibrary.quantizerDirectory)")
        }
        return pair
    }

    /// The setup written to the run's experiment.json: this pair and seed only,
    /// with the pair as its preset file spells it (every field, expressions
    /// included) so the log explains itself and a resumed run
    /// (`RunPlan(setup:file:)`) trains the same pair.
    public var setupJSON: JSONValue {
        var e = experiment
        e.pairs = [pair.name]
        e.seeds = [seed]
        let pairJSON = (try? JSONValue(parsing: PairPreset.encode(pair))) ?? .string(pair.name)
        return e.json.adding("pair", pairJSON)
    }

    /// The plan a run's experiment.json describes: the experiment's fields
    /// and the pair spelled out there, so that a resumed run does not depend
    /// on today's presets. Other keys (the machine) are records, not setup.
    public init(setup: JSONValue, file: String) throws(PresetError) {
        guard case .object(let fields) = setup else { throw PresetError(file: file, reason: "expected a JSON object") }
        var e = try Experiment.decode(PresetReader(value: .object(fields.filter { Experiment.fields.contains($0.key) }), file: file))
        guard case .object(var pairFields)? = setup["pair"] else {
            throw PresetError(file: file, field: "pair", reason: "missing: the run's pair is not spelled out")
        }
        for key in ["description", "source"] where setup["pair"]?[key] == nil { pairFields.append((key, .string(""))) }
        let pair = try PairPreset.decode(Data(JSONValue.object(pairFields).compactText.utf8), file: file + " (pair)")
        let activation = try e.activationPair.map { (n: String) throws(PresetError) in
            do throws(ExperimentProblem) { return try Self.resolve(n, field: "activation_pair") } catch { throw PresetError(file: file, field: error.field, reason: error.reason) }
        }
        guard let seed = e.seeds.first else { throw PresetError(file: file, field: "seeds", reason: "needs the run's seed") }
        e.pairs = [pair.name]
        self.init(experiment: e, pair: pair, activationPair: activation, seed: seed)
    }
}
