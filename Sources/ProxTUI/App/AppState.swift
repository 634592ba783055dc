import ProxCore
import ProxPlot
import ProxTrain

/// The whole workbench as one value: `update` maps it to the next value and
/// `render` draws it, so a test can drive the workbench with a list of
/// messages and compare the screen.
public struct AppState: Sendable {
    public var width: Int
    public var height: Int
    public var colorMode: ColorMode
    /// False under a non-UTF-8 locale: the backend then draws ASCII stand-ins.
    public var unicode: Bool
    public var focus: Pane = .composer
    public var composer: ComposerState
    /// The checks of the current pair, recomputed whenever the pair changes
    /// (in `update`, so the checks pane is current in the same frame).
    public private(set) var report: CheckReport
    public var shapes = ShapesState()
    public var runs: [RunView] = []
    public var selectedRun: Int?
    /// Overlay every run's curves in one plot, or one small plot per run.
    public var tiledRuns = false
    public var launch = LaunchForm()
    public var modal: Modal?
    /// A one-line message in the status bar until the next key.
    public var notice: String?
    /// Pairs and experiments the load dialog offers.
    public var library: PresetCatalog
    public var nextRunID = 1
    public var quitting = false

    public init(width: Int, height: Int, pair: QuantizerPair, path: String? = nil,
                library: PresetCatalog = PresetCatalog(), colorMode: ColorMode = .ansi256, unicode: Bool = true) {
        self.width = width
        self.height = height
        self.colorMode = colorMode
        self.unicode = unicode
        composer = ComposerState(pair: pair, path: path)
        report = GuaranteeChecker.check(pair)
        self.library = library
        shapes.position = 0
    }

    /// The current pair.
    public var pair: QuantizerPair { composer.pair }

    /// Replaces the pair and recomputes everything derived from it.
    public mutating func setPair(_ pair: QuantizerPair, dirty: Bool = true) {
        composer.pair = pair
        composer.dirty = composer.dirty || dirty
        report = GuaranteeChecker.check(pair)
        composer.parameterIndex = min(composer.parameterIndex, max(0, NumberLiterals.find(in: composer.text(of: composer.field)).count - 1))
    }

    /// mu at the shapes pane's scrub position along the schedule.
    public var mu: Double { shapes.muOverride ?? pair.schedule.nominalMu(at: shapes.position) }

    public var selectedRunView: RunView? {
        guard let id = selectedRun else { return runs.last }
        return runs.first { $0.id == id }
    }
}

/// The shapes pane: where along the schedule mu is, and the x range.
public struct ShapesState: Equatable, Sendable {
    /// 0...1 along the schedule.
    public var position = 0.0
    /// A mu typed or scrubbed past the schedule's ends; nil follows `position`.
    public var muOverride: Double?
    public var halfRange = 3.0
    public var showProx = true
}

/// The pairs and experiments the load dialog lists.
public struct PresetCatalog: Sendable {
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var path: String
        public var summary: String
        public init(name: String, path: String, summary: String) {
            self.name = name
            self.path = path
            self.summary = summary
        }
    }
    public var pairs: [Entry]
    public var experiments: [Entry]

    public init(pairs: [Entry] = [], experiments: [Entry] = []) {
        self.pairs = pairs
        self.experiments = experiments
    }
}
