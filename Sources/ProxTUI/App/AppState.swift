import Foundation
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
    /// Lockstep duels launched from the form or a lesson; their runs are in `runs`.
    public var duels: [DuelView] = []
    /// Sweeps launched from the composer (S); their runs are in `runs`.
    public var sweeps: [SweepView] = []
    public var selectedRun: Int?
    /// Overlay every run's curves in one plot, or one small plot per run.
    public var tiledRuns = false
    /// The cost ledger shown in place of the curves while its run is selected (d).
    public var ledger: RunLedger?
    /// The run whose cost ledger is being measured in the background, if any.
    public var ledgerPending: Int?
    public var launch = LaunchForm()
    public var modal: Modal?
    /// A one-line message in the status bar until the next key.
    public var notice: String?
    /// Pairs and experiments the load dialog offers.
    public var library: PresetCatalog
    public var nextRunID = 1
    public var quitting = false
    /// The guided lesson under way, if any (L opens one; Esc leaves it).
    public var lesson: LessonProgress?

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

    /// Where `w` proposes to save: the file the pair came from when it is the
    /// user's own, else a new file named after the pair in the working
    /// folder; never a shipped preset.
    public var defaultSavePath: String {
        if let path = composer.path, !library.isShipped(path) { return path }
        return "\(pair.name).json"
    }

    /// mu at the shapes pane's scrub position along the schedule.
    public var mu: Double { shapes.muOverride ?? pair.schedule.nominalMu(at: shapes.position) }

    public var selectedRunView: RunView? {
        guard let id = selectedRun else { return runs.last }
        return runs.first { $0.id == id }
    }

    /// The sweep of the selected run.
    public var selectedSweep: SweepView? {
        guard let run = selectedRunView else { return nil }
        return sweeps.first { $0.runIDs.contains(run.id) }
    }

    /// The duel of the selected run, else the latest duel.
    public var selectedDuel: DuelView? {
        if let run = selectedRunView, let d = duels.first(where: { $0.runs.contains(run.id) }) { return d }
        return selectedRunView == nil ? duels.last : nil
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
    /// Curves, the proximal view (r) or one weight's step (o).
    public var view: ShapesView = .curves
    /// The weight the step view follows (Left/Right move it, T types it).
    public var theta = 0.5
    /// dLoss/dw of the step view: +1 or -1 (g flips it).
    public var gradient = 1.0
    /// The step view's eta: large enough that the move shows at the pane's scale.
    public var learningRate = 0.1
}

/// The pairs and experiments the load dialog lists.
public struct PresetCatalog: Sendable {
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var path: String
        public var summary: String
        /// The pair itself (read with the catalog): a duel's partners come from here.
        public var pair: QuantizerPair?
        public init(name: String, path: String, summary: String, pair: QuantizerPair? = nil) {
            self.name = name
            self.path = path
            self.summary = summary
            self.pair = pair
        }
    }
    /// The shipped pairs (presets/quantizers): loaded, never saved over.
    public var pairs: [Entry]
    /// Pair files in the working folder: the user's own.
    public var mine: [Entry]
    public var experiments: [Entry]
    /// Logged runs in the runs folder, newest first.
    public var runs: [Entry]
    /// The folder the shipped pairs live in; a save there is refused.
    public var shippedFolder: String?
    /// The lessons L offers (presets/lessons), read when the workbench opens.
    public var lessons: [Lesson]

    public init(pairs: [Entry] = [], mine: [Entry] = [], experiments: [Entry] = [], runs: [Entry] = [], shippedFolder: String? = nil,
                lessons: [Lesson] = []) {
        self.pairs = pairs
        self.mine = mine
        self.experiments = experiments
        self.runs = runs
        self.shippedFolder = shippedFolder
        self.lessons = lessons
    }

    /// Whether `path` is one of the shipped pair files (or in their folder).
    public func isShipped(_ path: String) -> Bool {
        if pairs.contains(where: { $0.path == path }) { return true }
        guard let folder = shippedFolder else { return false }
        let parent = (path as NSString).deletingLastPathComponent
        return (parent as NSString).standardizingPath == (folder as NSString).standardizingPath
    }
}
