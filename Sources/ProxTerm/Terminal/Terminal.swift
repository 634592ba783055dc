import Foundation
internal import CNcurses
import ProxPlot
import ProxTUI

/// Why the terminal could not be started.
public enum TerminalError: Error, CustomStringConvertible, Equatable {
    /// Standard input or output is not a terminal (a pipe, a file, a CI job).
    case notATerminal
    /// Another `Terminal` is running; stop it first.
    case alreadyRunning
    /// ncurses could not set up the terminal type (unknown or missing TERM).
    case cannotInitialize(term: String)
    /// The terminal type cannot move the cursor (TERM=dumb): nothing could be drawn.
    case cannotDraw(term: String)

    public var description: String {
        switch self {
        case .notATerminal:
            return "the workbench needs a terminal: standard input and output must not be redirected"
        case .alreadyRunning:
            return "a terminal session is already running"
        case .cannotInitialize(let term):
            return term.isEmpty
                ? "cannot start the terminal: TERM is not set"
                : "cannot start the terminal: unknown terminal type TERM=\(term) (try TERM=xterm-256color)"
        case .cannotDraw(let term):
            return "cannot start the terminal: TERM=\(term) cannot move the cursor, so the workbench cannot be drawn (try TERM=xterm-256color)"
        }
    }
}

/// The workbench's only door to the real terminal: copies `CellGrid`s to the
/// screen through ncurses and reads keys, mouse and resizes as `InputEvent`s.
///
/// Lifecycle: `start()` puts the terminal in curses mode (alternate screen,
/// raw input, hidden cursor); `stop()` (or deinit, `exit()`, or a fatal
/// signal, see `TerminalGuard`) puts it back. One `Terminal` at a time.
///
/// Threading: ncurses is not thread-safe. A `Terminal` is not `Sendable`,
/// so the compiler keeps it (and so every ncurses call) in the isolation
/// domain that created it: create it, draw, and read events on one thread.
/// Other threads reach the loop only through a `TerminalWaker`.
///
/// Input settings: raw mode (Ctrl-C, Ctrl-Z, Ctrl-S and Ctrl-Q arrive as
/// keys, not signals or flow control), no echo, `nonl` (Enter is CR), keypad
/// on, Escape delay 25 ms (or `ESCDELAY` from the environment), mouse press,
/// release and wheel reporting with no click delay. While the mouse is on,
/// the terminal's own text selection needs Shift held (xterm, tmux,
/// gnome-terminal, iTerm2 all do this).
public final class Terminal {
    /// How many colours the screen shows: 256 when the terminal has 256,
    /// 16 when it has 8 or 16 (on 8-colour terminals bright foregrounds
    /// become bold), none when it has none or `NO_COLOR` is set. Render with
    /// this mode so widgets pick their monochrome markers.
    public let colorMode: ColorMode
    /// Whether the locale is UTF-8. When false, every non-ASCII character is
    /// drawn through `ASCIIFallback` (braille as . : ' #, boxes as + - |),
    /// so the screen never shows garbage; the app may also say so on screen.
    public let unicode: Bool
    /// The locale's character set as the C library names it ("UTF-8",
    /// "ANSI_X3.4-1968" for `LANG=C`), for messages.
    public let codeset: String
    /// Colours (`COLORS`) and colour pairs (`COLOR_PAIRS`) the terminal has;
    /// both 0 when colour is off (`NO_COLOR`, or a terminal without colour).
    public let terminalColors: Int
    public let terminalColorPairs: Int

    // Internal rather than private where Terminal+Input.swift needs them.
    private var screen: OpaquePointer?
    let window: UnsafeMutablePointer<WINDOW>
    var running = true
    let decoder: KeyDecoder
    private var pairs: ColorPairTable
    let waker: TerminalWaker
    /// A value read after Escape that turned out not to belong to it.
    var pendingRaw: RawKey?

    /// The last grid drawn, for diffing; nil forces a full redraw.
    private var previous: CellGrid?
    private var drawnSize = (width: -1, height: -1)
    /// What the last `draw` cost, for the demo's benchmark: cells handed to
    /// ncurses, and nanoseconds spent preparing them and in `doupdate`
    /// (which computes and writes the terminal output).
    var lastDrawCells = 0, lastPrepareNanos: UInt64 = 0, lastOutputNanos: UInt64 = 0
    /// Reused line of ncurses cells.
    private var line: [cchar_t] = []
    /// Results of `wcwidth` for characters outside the known one-column ranges.
    private var widthCache: [UInt32: UInt32] = [:]

    private let aBold = prox_a_bold(), aDim = prox_a_dim()
    private let aReverse = prox_a_reverse(), aUnderline = prox_a_underline()

    // MARK: - Start and stop

    /// Starts curses mode on the process's terminal.
    ///
    /// - Parameters:
    ///   - environment: read for `TERM` (the terminal type; the process's own
    ///     when absent), `NO_COLOR` (any non-empty value turns colour off) and
    ///     `ESCDELAY` (milliseconds). The locale comes from the process's
    ///     environment (`setlocale(LC_ALL, "")` reads `LANG`/`LC_*` there).
    ///   - captureStandardError: while curses runs, send stderr (when it is
    ///     the terminal) to a temporary file and replay it after the screen
    ///     is restored, so stray messages neither scribble over the screen nor
    ///     get lost with it. See `TerminalGuard`.
    /// - Throws: `TerminalError` when stdin or stdout is not a terminal, a
    ///   terminal is already running, or TERM is unknown.
    public static func start(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        captureStandardError: Bool = true
    ) throws -> Terminal {
        guard isatty(0) == 1, isatty(1) == 1 else { throw TerminalError.notATerminal }
        guard !TerminalGuard.active.load(ordering: .sequentiallyConsistent) else { throw TerminalError.alreadyRunning }

        // A parent that blocked signals (a test runner, some process
        // supervisors) would hide resizes and make Ctrl-\ or a kill leave the
        // terminal raw: take them back for this thread (others inherit it).
        var unblock = sigset_t()
        sigemptyset(&unblock)
        for sig in [SIGWINCH, SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGCONT, SIGTSTP] { sigaddset(&unblock, sig) }
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)

        setlocale(LC_ALL, "")
        let codeset = String(cString: prox_codeset())
        let unicode = codeset.uppercased().filter { $0 != "-" && $0 != "_" } == "UTF8"

        // Before newterm, so that ncurses (which only catches SIGINT and
        // SIGTERM when they are at their defaults) leaves them to us.
        TerminalGuard.installSignalHandlers()
        let term = environment["TERM"]
        let screen: OpaquePointer? = term.map { t in t.withCString { newterm($0, prox_stdout(), prox_stdin()) } }
            ?? newterm(nil, prox_stdout(), prox_stdin())
        guard let screen else {
            TerminalGuard.removeSignalHandlers()
            throw TerminalError.cannotInitialize(term: term ?? ProcessInfo.processInfo.environment["TERM"] ?? "")
        }
        // A terminal without cursor addressing (TERM=dumb) would show a blank
        // screen: refuse it like an unknown one.
        let cup = tigetstr("cup")
        if cup == nil || Int(bitPattern: cup) == -1 {
            endwin()
            delscreen(screen)
            TerminalGuard.removeSignalHandlers()
            throw TerminalError.cannotDraw(term: term ?? ProcessInfo.processInfo.environment["TERM"] ?? "")
        }
        TerminalGuard.active.store(true, ordering: .sequentiallyConsistent)
        set_term(screen)
        return Terminal(screen: screen, environment: environment, unicode: unicode, codeset: codeset,
                        captureStandardError: captureStandardError)
    }

    private init(screen: OpaquePointer, environment: [String: String], unicode: Bool, codeset: String,
                 captureStandardError: Bool) {
        self.screen = screen
        self.unicode = unicode
        self.codeset = codeset
        window = prox_stdscr()

        raw()
        noecho()
        nonl()
        keypad(window, true)
        intrflush(window, false)
        leaveok(window, true)  // the cursor is hidden: never spend output moving it back
        typeahead(-1)          // always finish a frame, even with keys waiting
        curs_set(0)
        set_escdelay(Int32(environment["ESCDELAY"].flatMap { Int($0) } ?? 25))
        mousemask(mmask_t(MouseDecoder.wantedMask), nil)
        mouseinterval(0)

        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
        var mode = ColorMode.none
        var defaultColors = false
        if !noColor && has_colors() {
            start_color()
            defaultColors = use_default_colors() == OK
            let n = prox_colors()
            mode = n >= 256 ? .ansi256 : n >= 8 ? .ansi16 : .none
        }
        colorMode = mode
        terminalColors = Int(prox_colors())
        terminalColorPairs = Int(prox_color_pairs())
        pairs = ColorPairTable(colors: mode == .none ? 0 : terminalColors,
                               pairs: mode == .none ? 1 : terminalColorPairs,
                               defaultColors: defaultColors)

        var extended: [Int32: KeyPress] = [:]
        for (name, key) in KeyDecoder.extendedKeyNames {
            guard let seq = tigetstr(name), Int(bitPattern: seq) != -1 else { continue }
            let code = key_defined(seq)
            if code > 0 { extended[code] = key }
        }
        decoder = KeyDecoder(extendedKeys: extended)
        waker = TerminalWaker()

        if captureStandardError { TerminalGuard.captureStandardError() }
        werase(window)
        wnoutrefresh(window)
        doupdate()
        TerminalGuard.setBracketedPaste(true)
    }

    // MARK: - Suspend

    /// Ctrl-Z: gives the terminal back to the shell (curses mode left, paste
    /// mode off, stderr replayed) and stops the process with SIGTSTP as a
    /// job; when the shell continues it (SIGCONT, `fg`), curses mode comes
    /// back and the next `draw` repaints every cell. Raw mode delivers
    /// Ctrl-Z as a key, so the runtime calls this for it.
    public func suspend() {
        guard running else { return }
        TerminalGuard.restore()
        var previous = sigaction()
        var stop = sigaction()
        stop.__sigaction_handler.sa_handler = SIG_DFL
        sigemptyset(&stop.sa_mask)
        sigaction(SIGTSTP, &stop, &previous)
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGTSTP)
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        raise(SIGTSTP)
        // Stopped here until SIGCONT.
        sigaction(SIGTSTP, &previous, nil)
        TerminalGuard.captureStandardError()
        reset_prog_mode()
        TerminalGuard.active.store(true, ordering: .sequentiallyConsistent)
        curs_set(0)
        mousemask(mmask_t(MouseDecoder.wantedMask), nil)
        invalidate()
        wnoutrefresh(window)
        doupdate()
        TerminalGuard.setBracketedPaste(true)
    }

    /// Restores the terminal: leaves curses mode (the shell's screen comes
    /// back, with echo and line editing), replays captured stderr, removes
    /// the signal handlers. Idempotent; later `draw` and `nextEvent` calls do
    /// nothing.
    public func stop() {
        guard running else { return }
        running = false
        TerminalGuard.restore()
        TerminalGuard.removeSignalHandlers()
        if let screen {
            delscreen(screen)
            self.screen = nil
        }
    }

    deinit { stop() }

    // MARK: - Size

    /// The screen size in cells.
    public var size: (width: Int, height: Int) {
        var rows: Int32 = 0, cols: Int32 = 0
        prox_getmaxyx(window, &rows, &cols)
        return (Int(cols), Int(rows))
    }

    /// A handle other threads can use to wake a waiting `nextEvent` (for
    /// example when a training run posts progress).
    public func makeWaker() -> TerminalWaker { waker }

    // MARK: - Drawing

    /// Makes the next `draw` repaint every cell, whatever ncurses believes
    /// is on screen: for Ctrl-L, or after something else wrote to the
    /// terminal.
    public func invalidate() {
        previous = nil
        clearok(window, true)
    }

    /// Copies `grid` to the screen, its top-left cell at the screen's.
    ///
    /// Only cells that differ from the previous grid are handed to ncurses
    /// (`GridDiff`); after a resize, a change of grid size or `invalidate()`
    /// every cell is. Parts of the grid beyond the screen are clipped; parts
    /// of the screen beyond the grid are blank. Colours are degraded to
    /// `colorMode` and mapped to colour pairs as they first appear
    /// (`ColorPairTable`); bold, dim, reverse and underline map to the
    /// `A_*` attributes (they stay on with `NO_COLOR`). Control characters
    /// are drawn as spaces, characters wider or narrower than one column as
    /// "?", and everything non-ASCII through `ASCIIFallback` when `unicode`
    /// is false.
    public func draw(_ grid: CellGrid) {
        guard running else { return }
        let screenSize = size
        if screenSize != drawnSize {
            drawnSize = screenSize
            previous = nil
            clearok(window, true)
        }
        var old = previous
        if old?.width != grid.width || old?.height != grid.height { old = nil }
        if old == nil { werase(window) }
        let runs = GridDiff.changedRuns(from: old, to: grid, joiningGapsUpTo: 4)
        if line.count < grid.width { line = Array(repeating: cchar_t(), count: grid.width) }

        let t0 = DispatchTime.now().uptimeNanoseconds
        var memo = StyleMemo()
        var written = 0
        grid.cells.withUnsafeBufferPointer { cells in
            line.withUnsafeMutableBufferPointer { buffer in
                for run in runs where run.y < screenSize.height && run.x < screenSize.width {
                    let count = min(run.count, screenSize.width - run.x)
                    let base = run.y * grid.width + run.x
                    for i in 0..<count {
                        let cell = cells[base + i]
                        let (attrs, pair) = style(of: cell, memo: &memo)
                        _ = prox_setcchar(&buffer[i], displayScalar(cell.scalar), attrs, pair)
                    }
                    mvwadd_wchnstr(window, Int32(run.y), Int32(run.x), buffer.baseAddress, Int32(count))
                    written += count
                }
            }
        }
        let t1 = DispatchTime.now().uptimeNanoseconds
        wnoutrefresh(window)
        doupdate()
        previous = grid
        lastDrawCells = written
        lastPrepareNanos = t1 - t0
        lastOutputNanos = DispatchTime.now().uptimeNanoseconds - t1
    }

    /// The last style converted, so runs of one style cost one comparison a cell.
    private struct StyleMemo {
        var fg = TermColor.default, bg = TermColor.default, attrs = CellAttributes()
        var result: (attr_t, Int32) = (0, 0)
        var valid = false
    }

    @inline(__always)
    private func style(of cell: Cell, memo: inout StyleMemo) -> (attr_t, Int32) {
        if memo.valid && cell.fg == memo.fg && cell.bg == memo.bg && cell.attrs == memo.attrs { return memo.result }
        var attrs: attr_t = 0
        if cell.attrs.contains(.bold) { attrs |= aBold }
        if cell.attrs.contains(.dim) { attrs |= aDim }
        if cell.attrs.contains(.reverse) { attrs |= aReverse }
        if cell.attrs.contains(.underline) { attrs |= aUnderline }
        var pairNumber: Int32 = 0
        if colorMode != .none {
            let (pair, allocation) = pairs.pair(fg: cell.fg.degraded(to: colorMode), bg: cell.bg.degraded(to: colorMode))
            if let a = allocation { init_extended_pair(a.number, a.foreground, a.background) }
            pairNumber = pair.number
            if pair.bold { attrs |= aBold }
        }
        memo = StyleMemo(fg: cell.fg, bg: cell.bg, attrs: cell.attrs, result: (attrs, pairNumber), valid: true)
        return (attrs, pairNumber)
    }

    /// The character actually written for a cell's scalar.
    @inline(__always)
    private func displayScalar(_ s: Unicode.Scalar) -> UInt32 {
        let v = s.value
        if v >= 0x20 && v < 0x7F { return v }
        if v < 0x20 || v == 0x7F { return 0x20 }
        if !unicode { return ASCIIFallback.scalar(for: s).value }
        // Box drawing, blocks, geometric shapes, braille: one column.
        if (v >= 0x2500 && v <= 0x25FF) || (v >= 0x2800 && v <= 0x28FF) { return v }
        return checkedWidth(v)
    }

    /// `v` if the terminal's locale says it is one column wide, else "?":
    /// a wide (CJK, emoji) or zero-width (combining) character would shift
    /// the rest of the row.
    private func checkedWidth(_ v: UInt32) -> UInt32 {
        if let known = widthCache[v] { return known }
        let result: UInt32 = prox_wcwidth(v) == 1 ? v : 0x3F
        widthCache[v] = result
        return result
    }
}
