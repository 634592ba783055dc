import ProxCore

/// The pair being composed and where the cursor is in it.
public struct ComposerState: Equatable, Sendable {
    /// The rows of the composer, in display order.
    public enum Field: Int, CaseIterable, Hashable, Sendable {
        case forward, backward, prox, backwardAt, schedule, clip, reset

        public var label: String {
            switch self {
            case .forward: return "F"
            case .backward: return "B"
            case .prox: return "P"
            case .backwardAt: return "at"
            case .schedule: return "mu"
            case .clip: return "clip"
            case .reset: return "reset"
            }
        }

        /// Whether the field holds text the user can type (Enter edits it).
        public var isText: Bool { self != .backwardAt && self != .reset }
    }

    public var pair: QuantizerPair
    public var field: Field = .forward
    /// Index of the numeric literal that +/- adjust, within the selected expression.
    public var parameterIndex = 0
    /// The text editor when a field is being typed into.
    public var editor: TextField?
    /// The error of the last typed text, shown under it with a caret.
    public var error: ParseError?
    /// Where the pair was loaded from or last saved to.
    public var path: String?
    /// Unsaved changes since loading or saving.
    public var dirty = false

    public init(pair: QuantizerPair, path: String? = nil) {
        self.pair = pair
        self.path = path
    }

    /// The text form of a field, as the composer shows and edits it.
    public func text(of field: Field) -> String {
        switch field {
        case .forward: return pair.forward.description
        case .backward: return pair.backward.description
        case .prox: return pair.prox?.description ?? ""
        case .backwardAt: return pair.backwardAt.rawValue
        case .schedule: return pair.schedule.description
        case .clip: return pair.latentClip.map(formatNumber) ?? ""
        case .reset: return pair.resetAfterStep ? "on" : "off"
        }
    }
}
