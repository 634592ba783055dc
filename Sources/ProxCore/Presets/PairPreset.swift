import Foundation

/// The JSON form of a pair, one file per method in `presets/quantizers/`.
///
///     {
///       "name": "bnn",
///       "title": "BNN",
///       "description": "one paragraph",
///       "source": "the paper",
///       "forward": "sign",
///       "backward": "clip(1)",
///       "prox": "sign",                 optional
///       "backward_at": "latent",        optional: latent | quantized
///       "schedule": "constant(1)",      optional
///       "clip": 1,                      optional: latent clip c > 0, or null
///       "reset": false,                 optional: theta <- P(theta) after each step
///       "freeze": 0.667                 optional: share of the run after which theta is frozen to sign, or null
///     }
///
/// Loading is strict: an unknown field, a wrong type or an expression that
/// does not parse is reported with the file, the field and the reason,
/// because a silently ignored typo (`"backwards"`) would train another method.
public enum PairPreset {
    public static let fields: [String] = ["name", "title", "description", "source", "forward", "backward",
                                          "prox", "backward_at", "schedule", "clip", "reset", "freeze"]
    static let required: Set<String> = ["name", "description", "source", "forward", "backward"]

    public static func load(path: String) throws(PresetError) -> QuantizerPair {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw PresetError(file: path, reason: FileManager.default.fileExists(atPath: path)
                ? "cannot be read" : "no such file")
        }
        return try decode(data, file: path)
    }

    public static func decode(_ data: Data, file: String) throws(PresetError) -> QuantizerPair {
        let object = try PresetReader(data: data, file: file)
        try object.allowOnly(fields, required: required)
        func expression(_ key: String) throws(PresetError) -> Quantizer? {
            guard let text = try object.string(key) else { return nil }
            do { return try Quantizer(parsing: text) } catch {
                throw PresetError(file: file, field: key, reason: "\(error) in \"\(text)\"")
            }
        }
        let name = try object.string("name")!
        if name.isEmpty { throw PresetError(file: file, field: "name", reason: "must not be empty") }
        var pair = QuantizerPair(name: name, forward: try expression("forward")!, backward: try expression("backward")!,
                                 prox: try expression("prox"))
        pair.title = try object.string("title") ?? name
        pair.summary = try object.string("description")!
        pair.source = try object.string("source")!
        if let at = try object.string("backward_at") {
            guard let point = EvaluationPoint(rawValue: at) else {
                throw PresetError(file: file, field: "backward_at", reason: "expected \"latent\" or \"quantized\", got \"\(at)\"")
            }
            pair.backwardAt = point
        }
        if let text = try object.string("schedule") {
            do { pair.schedule = try Schedule(parsing: text) } catch {
                throw PresetError(file: file, field: "schedule", reason: "\(error) in \"\(text)\"")
            }
        }
        if let c = try object.number("clip") {
            guard c > 0 else { throw PresetError(file: file, field: "clip", reason: "expected a positive number or null, got \(formatNumber(c))") }
            pair.latentClip = c
        }
        pair.resetAfterStep = try object.bool("reset") ?? false
        if let f = try object.number("freeze") {
            guard f >= 0 && f <= 1 else { throw PresetError(file: file, field: "freeze", reason: "expected a share of the run from 0 to 1 or null, got \(formatNumber(f))") }
            pair.freeze = f
        }
        if let problem = pair.problem {
            let field = problem.split(separator: ":").first.map(String.init) ?? ""
            throw PresetError(file: file, field: fields.contains(field) ? field : nil, reason: problem)
        }
        return pair
    }

    /// JSON text with the fields in their documented order, for saving.
    public static func encode(_ pair: QuantizerPair) -> String {
        var lines: [String] = []
        func add(_ key: String, _ value: String) { lines.append("  \(quote(key)): \(value)") }
        add("name", quote(pair.name))
        add("title", quote(pair.title.isEmpty ? pair.name : pair.title))
        add("description", quote(pair.summary))
        add("source", quote(pair.source))
        add("forward", quote(pair.forward.description))
        add("backward", quote(pair.backward.description))
        if let p = pair.prox { add("prox", quote(p.description)) }
        add("backward_at", quote(pair.backwardAt.rawValue))
        add("schedule", quote(pair.schedule.description))
        add("clip", pair.latentClip.map(formatNumber) ?? "null")
        add("reset", pair.resetAfterStep ? "true" : "false")
        if let f = pair.freeze { add("freeze", formatNumber(f)) }
        return "{\n" + lines.joined(separator: ",\n") + "\n}\n"
    }

    /// Writes to a temporary name beside the target and renames it, so a crash
    /// mid-write never leaves half a preset where a whole one was.
    public static func save(_ pair: QuantizerPair, to path: String) throws(PresetError) {
        do { try AtomicFile.write(encode(pair), to: path) } catch {
            throw PresetError(file: path, reason: error.isDiskFull ? "disk full: \(error.reason)" : error.reason)
        }
    }
}

/// String literal escaping for the few JSON writers that keep field order.
public func quote(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
        }
    }
    return out + "\""
}
