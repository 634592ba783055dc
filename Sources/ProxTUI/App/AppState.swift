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
    /// The shipped pairs (presets/quantizers): loaded, never saved over.
    public var pairs: [Entry]
    /// Pair files in the working folder: the user's own.
    public var mine: [Entry]
    public var experiments: [Entry]
    /// Logged runs in the runs folder, newest first.
    public var runs: [Entry]
    /// The folder the shipped pairs live in; a save there is refused.
    public var shippedFolder: String?

    public init(pairs: [Entry] = [], mine: [Entry] = [], experiments: [Entry] = [], runs: [Entry] = [], shippedFolder: String? = nil) {
        self.pairs = pairs
        self.mine = mine
        self.experiments = experiments
        self.runs = runs
        self.shippedFolder = shippedFolder
    }

    /// Whether `path` is one of the shipped pair files (or in their folder).
    public func isShipped(_ path: String) -> Bool {
        if pairs.contains(where: { $0.path == path }) { return true }
        guard let folder = shippedFolder else { return false }
        let parent = (path as NSString).deletingLastPathComponent
        return (parent as NSString).standardizingPath == (folder as NSString).standardizingPath
    }
}
