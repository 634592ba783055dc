import Foundation
import ProxCore
import ProxTrain

/// A lesson file that cannot be used: one line naming the file, the step
/// (from 1) and the field, e.g.
/// `presets/lessons/x.json: step 3: field 'wait.mu_at_least': expected a number, got a string`.
public struct LessonError: Error, Sendable, Equatable, CustomStringConvertible {
    public let file: String
    public let step: Int?
    public let field: String?
    public let reason: String

    public init(file: String, step: Int? = nil, field: String? = nil, reason: String) {
        self.file = file
        self.step = step
        self.field = field
        self.reason = reason
    }

    public var description: String {
        var s = file
        if let step { s += ": step \(step)" }
        if let field { s += ": field '\(field)'" }
        return s + ": " + reason
    }
}

extension Lesson {
    public static let fields = ["name", "title", "description", "steps"]
    public static let stepFields = ["title", "text", "set", "wait", "hide"]
    public static let setFields = ["pair", "forward", "backward", "prox", "schedule", "backward_at", "mu", "range", "theta", "focus",
                                   "view", "dataset", "model", "epochs", "run", "lockstep"]
    public static let waitFields = ["key", "focus", "view", "mu_at_least", "mu_at_most", "verdict", "backward_at",
                                    "runs_started", "runs_finished"]

    /// The built-in lessons' folder.
    public static var directory: String { PresetLibrary.directory() + "/lessons" }

    /// A lesson by name (in `presets/lessons`) or by path.
    public static func load(_ nameOrPath: String) throws(LessonError) -> Lesson {
        let path = nameOrPath.hasSuffix(".json") || nameOrPath.contains("/") ? nameOrPath : directory + "/\(nameOrPath).json"
        guard let data = FileManager.default.contents(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw LessonError(file: path, reason: exists ? "cannot be read" : "no such lesson file (lessons: \(builtinNames().joined(separator: ", ")))")
        }
        return try decode(data, file: path)
    }

    public static func builtinNames() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".json") }
            .map { String($0.dropLast(5)) }.sorted()
    }

    public static func decode(_ data: Data, file: String) throws(LessonError) -> Lesson {
        let top: PresetReader
        do { top = try PresetReader(data: data, file: file) } catch { throw LessonError(file: file, field: error.field, reason: error.reason) }
        let (name, title, summary, items): (String, String, String, [JSONValue])
        do {
            try top.allowOnly(fields, required: ["name", "title", "steps"])
            name = try top.string("name")!
            title = try top.string("title")!
            summary = try top.string("description") ?? ""
        } catch { throw LessonError(file: file, field: error.field, reason: error.reason) }
        guard let array = top.value["steps"]?.arrayValue, !array.isEmpty else {
            throw LessonError(file: file, field: "steps", reason: "expected a non-empty array of steps")
        }
        items = array
        var steps: [LessonStep] = []
        for (i, item) in items.enumerated() {
            do { steps.append(try step(item, file: file)) } catch {
                throw LessonError(file: file, step: i + 1, field: error.field, reason: error.reason)
            }
        }
        return Lesson(name: name, title: title, summary: summary, steps: steps, file: file)
    }

    /// One step; errors carry the field's dotted path (`set.pair`, `wait.key`).
    static func step(_ item: JSONValue, file: String) throws(PresetError) -> LessonStep {
        guard case .object = item else { throw PresetError(file: file, reason: "expected a JSON object, got \(item.kindName)") }
        let r = PresetReader(value: item, file: file)
        try r.allowOnly(stepFields, required: ["title", "text"])
        var step = LessonStep(title: try r.string("title")!, text: try r.string("text")!)
        if let set = item["set"], !set.isNull { step.setup = try setup(set, file: file) }
        if let wait = item["wait"], !wait.isNull { step.wait = try condition(wait, file: file) }
        for name in try r.strings("hide") ?? [] {
            guard let control = LessonControl(rawValue: name) else {
                throw PresetError(file: file, field: "hide", reason: "unknown control '\(name)'; controls: \(LessonControl.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            step.hidden.insert(control)
        }
        return step
    }

    static func nested(_ value: JSONValue, _ prefix: String, file: String) throws(PresetError) -> PresetReader {
        guard case .object = value else { throw PresetError(file: file, field: prefix, reason: "expected a JSON object, got \(value.kindName)") }
        return PresetReader(value: value, file: file)
    }

    /// Runs `body`, prefixing a failing field with `prefix.`.
    static func within<T>(_ prefix: String, _ body: () throws(PresetError) -> T) throws(PresetError) -> T {
        do { return try body() } catch {
            throw PresetError(file: error.file, field: error.field.map { "\(prefix).\($0)" } ?? prefix, reason: error.reason)
        }
    }

    static func setup(_ value: JSONValue, file: String) throws(PresetError) -> LessonSetup {
        let r = try nested(value, "set", file: file)
        return try within("set") { () throws(PresetError) -> LessonSetup in
            try r.allowOnly(setFields, required: [])
            var s = LessonSetup()
            if let name = try r.string("pair") { s.pair = try preset(name, field: "pair", file: file) }
            func expression(_ key: String) throws(PresetError) -> Quantizer? {
                guard let text = try r.string(key) else { return nil }
                do { return try Quantizer(parsing: text) } catch {
                    throw PresetError(file: file, field: key, reason: "column \(error.column): \(error.message)")
                }
            }
            s.forward = try expression("forward")
            s.backward = try expression("backward")
            s.prox = try expression("prox")
            if let text = try r.string("schedule") {
                do throws(ParseError) { s.schedule = try Schedule(parsing: text) } catch {
                    throw PresetError(file: file, field: "schedule", reason: "column \(error.column): \(error.message)")
                }
            }
            if let at = try r.string("backward_at") {
                guard let p = EvaluationPoint(rawValue: at) else { throw PresetError(file: file, field: "backward_at", reason: "expected latent or quantized, got \"\(at)\"") }
                s.backwardAt = p
            }
            s.mu = try r.number("mu")
            if let range = try r.number("range") {
                guard range >= 0.25 && range <= 50 else { throw PresetError(file: file, field: "range", reason: "expected a half range from 0.25 to 50, got \(formatNumber(range))") }
                s.range = range
            }
            s.theta = try r.number("theta")
            if let focus = try r.string("focus") { s.focus = try pane(focus, field: "focus", file: file) }
            if let view = try r.string("view") { s.view = try shapesView(view, field: "view", file: file) }
            if let d = try r.string("dataset") {
                guard LaunchForm.datasets.contains(d) else {
                    throw PresetError(file: file, field: "dataset", reason: "\"\(d)\" is not one of the launch form's data sets: \(LaunchForm.datasets.joined(separator: ", "))")
                }
                s.dataset = d
            }
            if let m = try r.string("model") {
                guard LaunchForm.models.contains(m) else {
                    throw PresetError(file: file, field: "model", reason: "\"\(m)\" is not one of the launch form's models: \(LaunchForm.models.joined(separator: ", "))")
                }
                s.model = m
            }
            if let n = try r.integer("epochs", minimum: 1) {
                guard LaunchForm.epochChoices.contains(n) else {
                    throw PresetError(file: file, field: "epochs", reason: "\(n) is not one of the launch form's epochs: \(LaunchForm.epochChoices.map(String.init).joined(separator: ", "))")
                }
                s.epochs = n
            }
            if try r.bool("run") == true { s.run = .pair }
            if let names = try r.strings("lockstep") {
                guard Lockstep.pairLimit.contains(names.count) else {
                    throw PresetError(file: file, field: "lockstep", reason: "a duel has 2 to 4 pairs, got \(names.count)")
                }
                if s.run != nil { throw PresetError(file: file, field: "lockstep", reason: "a step starts a run or a duel, not both") }
                var pairs: [QuantizerPair] = []
                for n in names { pairs.append(try preset(n, field: "lockstep", file: file)) }
                s.run = .lockstep(pairs)
            }
            return s
        }
    }

    static func condition(_ value: JSONValue, file: String) throws(PresetError) -> LessonCondition {
        let r = try nested(value, "wait", file: file)
        return try within("wait") { () throws(PresetError) -> LessonCondition in
            try r.allowOnly(waitFields, required: [])
            guard value.keys.count == 1, let key = value.keys.first else {
                throw PresetError(file: file, reason: "expected exactly one condition of \(waitFields.joined(separator: ", ")), got \(value.keys.count)")
            }
            switch key {
            case "key":
                let k = try r.string("key") ?? ""
                guard k.count == 1 else { throw PresetError(file: file, field: "key", reason: "expected one character such as \"p\", got \"\(k)\"") }
                return .key(k)
            case "focus": return .focus(try pane(try r.string("focus") ?? "", field: "focus", file: file))
            case "view": return .view(try shapesView(try r.string("view") ?? "", field: "view", file: file))
            case "mu_at_least": return .muAtLeast(try r.number("mu_at_least") ?? 0)
            case "mu_at_most": return .muAtMost(try r.number("mu_at_most") ?? 0)
            case "verdict":
                let v = try r.string("verdict") ?? ""
                guard let verdict = Verdict(rawValue: v) else { throw PresetError(file: file, field: "verdict", reason: "expected guaranteed or heuristic, got \"\(v)\"") }
                return .verdict(verdict)
            case "backward_at":
                let at = try r.string("backward_at") ?? ""
                guard let p = EvaluationPoint(rawValue: at) else { throw PresetError(file: file, field: "backward_at", reason: "expected latent or quantized, got \"\(at)\"") }
                return .backwardAt(p)
            case "runs_started": return .runsStarted(try r.integer("runs_started", minimum: 1) ?? 1)
            default: return .runsFinished(try r.integer("runs_finished", minimum: 1) ?? 1)
            }
        }
    }

    static func preset(_ name: String, field: String, file: String) throws(PresetError) -> QuantizerPair {
        let found: QuantizerPair?
        do { found = try PresetLibrary.resolvePair(name) } catch {
            throw PresetError(file: file, field: field, reason: error.description)
        }
        guard let pair = found else { throw PresetError(file: file, field: field, reason: "no preset named '\(name)' (see proxlab presets)") }
        return pair
    }

    static func pane(_ name: String, field: String, file: String) throws(PresetError) -> Pane {
        guard let p = Pane.allCases.first(where: { $0.title.lowercased() == name }) else {
            throw PresetError(file: file, field: field, reason: "expected one of \(Pane.allCases.map { $0.title.lowercased() }.joined(separator: ", ")), got \"\(name)\"")
        }
        return p
    }

    static func shapesView(_ name: String, field: String, file: String) throws(PresetError) -> ShapesView {
        guard let v = ShapesView(rawValue: name) else {
            throw PresetError(file: file, field: field, reason: "expected one of \(ShapesView.allCases.map(\.rawValue).joined(separator: ", ")), got \"\(name)\"")
        }
        return v
    }
}
