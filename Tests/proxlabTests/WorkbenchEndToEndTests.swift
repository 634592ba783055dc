import Foundation
import Testing

/// The real binary in a real terminal: tmux runs `proxlab`, keys go in with
/// send-keys, the screen comes back with capture-pane. This is the one test
/// that sees ncurses, the locale and the terminal's modes.
@Suite(.serialized) struct WorkbenchEndToEndTests {
    /// The package root, from this file's path.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The built executable: `make test` builds it in release first.
    static var binary: String? {
        for config in ["release", "debug"] {
            let path = root.appendingPathComponent(".build/\(config)/proxlab").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    struct Session {
        let name = "proxlab-e2e-\(UUID().uuidString.prefix(8))"
        let folder: URL

        init() throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("proxlab-e2e-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }

        /// Runs tmux on this test's own server (`-L`), never the user's.
        /// Output goes through a file, not a pipe, because the first call
        /// starts the server, which would inherit a pipe and keep it open.
        /// The spawn clears the signal mask: a test runner's threads block
        /// signals, and a server started with SIGWINCH blocked would pass
        /// that on to the workbench, which would then never see a resize.
        @discardableResult
        func tmux(_ args: String...) -> String {
            let outFile = folder.appendingPathComponent("tmux-\(UUID().uuidString).out")
            defer { try? FileManager.default.removeItem(at: outFile) }
            let argv = ["tmux", "-L", name] + args
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, outFile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
            var attributes = posix_spawnattr_t()
            posix_spawnattr_init(&attributes)
            defer { posix_spawnattr_destroy(&attributes) }
            var empty = sigset_t()
            sigemptyset(&empty)
            var all = sigset_t()
            sigfillset(&all)
            posix_spawnattr_setsigmask(&attributes, &empty)
            posix_spawnattr_setsigdefault(&attributes, &all)
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
            var cArgs = argv.map { strdup($0) } + [nil]
            defer { cArgs.forEach { free($0) } }
            var pid: pid_t = 0
            guard posix_spawnp(&pid, "tmux", &actions, &attributes, &cArgs, environ) == 0 else { return "" }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
            return (try? String(contentsOf: outFile, encoding: .utf8)) ?? ""
        }

        func start(_ binary: String, width: Int, height: Int, env: String = "LANG=C.UTF-8 TERM=xterm-256color") throws {
            let f = folder.path
            let command = "cd \(f) && env \(env) PROXLAB_RUNS=\(f)/runs PROXLAB_PRESETS=\(WorkbenchEndToEndTests.root.path)/presets \(binary); "
                + "code=$?; stty -a > \(f)/stty; echo $code > \(f)/exit; sleep 30"
            tmux("new-session", "-d", "-s", name, "-x", String(width), "-y", String(height), command)
        }

        /// An interactive shell with job control instead of the workbench, for
        /// Ctrl-Z (a job started by `sh -c` in an orphaned group cannot stop).
        func startShell(width: Int, height: Int) {
            tmux("new-session", "-d", "-s", name, "-x", String(width), "-y", String(height),
                 "env PS1='proxlab-test> ' HISTFILE=/dev/null bash --norc --noprofile -i")
        }

        /// The command line that runs the built binary in this session's folder.
        func command(_ binary: String, _ arguments: String = "", env: String = "LANG=C.UTF-8 TERM=xterm-256color") -> String {
            "cd \(folder.path) && env \(env) PROXLAB_RUNS=\(folder.path)/runs PROXLAB_PRESETS=\(WorkbenchEndToEndTests.root.path)/presets \(binary) \(arguments)"
        }

        var screen: String { tmux("capture-pane", "-p", "-t", name) }

        /// Polls the screen until it contains `text` (10 s at most).
        func waitFor(_ text: String) -> Bool {
            for _ in 0..<200 {
                if screen.contains(text) { return true }
                usleep(50_000)
            }
            return false
        }

        func exitStatus() -> String? {
            for _ in 0..<200 {
                if let s = try? String(contentsOf: folder.appendingPathComponent("exit"), encoding: .utf8), !s.isEmpty {
                    return s.trimmingCharacters(in: .whitespacesAndNewlines)
                }
                usleep(50_000)
            }
            return nil
        }

        var stty: String { (try? String(contentsOf: folder.appendingPathComponent("stty"), encoding: .utf8)) ?? "" }

        func end() {
            tmux("kill-server")
            try? FileManager.default.removeItem(at: folder)
        }
    }

    func prerequisites() -> String? {
        guard let binary = Self.binary else {
            Issue.record("no built proxlab in .build/release or .build/debug: run `make test`, which builds it first")
            return nil
        }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") else {
            Issue.record("tmux is missing: `make test` installs it (apt-get install tmux)")
            return nil
        }
        return binary
    }

    @Test func composeResizeAndQuitCleanly() throws {
        guard let binary = prerequisites() else { return }
        let s = try Session()
        defer { s.end() }
        try s.start(binary, width: 100, height: 30)
        #expect(s.waitFor("Composer"), "the workbench did not draw:\n\(s.screen)")
        #expect(s.screen.contains("heuristic"))
        #expect(s.screen.contains("⠅") || s.screen.contains("⡇"), "braille plots are drawn")
        s.tmux("send-keys", "-t", s.name, "p")
        #expect(s.waitFor("guaranteed"), "make principled did not turn the verdict:\n\(s.screen)")
        #expect(s.screen.contains("signswish(5) . sign"))
        s.tmux("resize-window", "-t", s.name, "-x", "70", "-y", "20")
        #expect(s.waitFor("needs at least 80x24"), "no enlarge screen:\n\(s.screen)")
        s.tmux("resize-window", "-t", s.name, "-x", "120", "-y", "36")
        #expect(s.waitFor("Composer"), "the panes did not come back:\n\(s.screen)")
        #expect(s.screen.contains("signswish(5) . sign"), "state was lost across the resize")
        s.tmux("send-keys", "-t", s.name, "q")
        #expect(s.waitFor("not saved"), "quitting with changes did not ask:\n\(s.screen)")
        s.tmux("send-keys", "-t", s.name, "y")
        #expect(s.exitStatus() == "0")
        let modes = s.stty
        #expect(modes.contains(" icanon") && modes.contains(" echo"), "the terminal was left in raw mode:\n\(modes)")
    }

    @Test func ctrlCQuitsAndRestoresTheTerminalUnderAPlainLocale() throws {
        guard let binary = prerequisites() else { return }
        let s = try Session()
        defer { s.end() }
        try s.start(binary, width: 90, height: 26, env: "LANG=C LC_ALL=C TERM=xterm NO_COLOR=1")
        #expect(s.waitFor("Composer"), "the workbench did not draw:\n\(s.screen)")
        // No UTF-8: ASCII stand-ins, never mojibake.
        #expect(s.screen.contains("+ Composer -"))
        #expect(!s.screen.contains("â"), "garbage under LANG=C:\n\(s.screen)")
        s.tmux("send-keys", "-t", s.name, "C-c")
        #expect(s.exitStatus() == "0")
        #expect(s.stty.contains(" icanon"), "the terminal was left in raw mode")
    }

    /// Quitting while a run trains asks first, then stops the run and waits
    /// for its thread: the process exits 0 (it used to crash in OpenBLAS's
    /// teardown about half the time) and the log ends with `cancelled`.
    @Test func quitWhileTrainingAsksStopsTheRunAndLogsCancelled() throws {
        guard let binary = prerequisites() else { return }
        let s = try Session()
        defer { s.end() }
        let experiment = s.folder.appendingPathComponent("long.json")
        try #"{"name": "long", "dataset": "moons:n=4000", "model": "mlp:64,64", "pairs": ["bnn"], "epochs": 100000, "batch": 16}"#
            .write(to: experiment, atomically: true, encoding: .utf8)
        try s.start(binary, width: 120, height: 36)
        #expect(s.waitFor("Composer"), "the workbench did not draw:\n\(s.screen)")
        s.tmux("send-keys", "-t", s.name, "l")
        #expect(s.waitFor("type a path"))
        for _ in 0..<40 { s.tmux("send-keys", "-t", s.name, "Down") }
        s.tmux("send-keys", "-t", s.name, "Enter")
        s.tmux("send-keys", "-t", s.name, "-l", experiment.path)
        s.tmux("send-keys", "-t", s.name, "Enter")
        #expect(s.waitFor("runs: 1 running"), "the run did not start:\n\(s.screen)")
        s.tmux("send-keys", "-t", s.name, "q")
        #expect(s.waitFor("quitting stops it"), "quitting while training did not ask:\n\(s.screen)")
        s.tmux("send-keys", "-t", s.name, "y")
        #expect(s.exitStatus() == "0")
        let runs = s.folder.appendingPathComponent("runs")
        let dirs = (try? FileManager.default.contentsOfDirectory(atPath: runs.path)) ?? []
        #expect(dirs.count == 1)
        let log = (try? String(contentsOf: runs.appendingPathComponent("\(dirs.first ?? "")/events.jsonl"), encoding: .utf8)) ?? ""
        #expect(log.split(separator: "\n").last?.hasPrefix(#"{"event":"cancelled""#) == true, "the log does not end with cancelled")
    }

    /// A paste of "clip(1)", newline, "qy" into the B field is text: it
    /// lands in the field as one line and never quits (mode 2004; tmux's
    /// paste-buffer -p brackets it because the workbench asked).
    @Test func aPasteIsTextInTheFieldNeverKeys() throws {
        guard let binary = prerequisites() else { return }
        let s = try Session()
        defer { s.end() }
        try s.start(binary, width: 120, height: 36)
        #expect(s.waitFor("Composer"), "the workbench did not draw:\n\(s.screen)")
        s.tmux("send-keys", "-t", s.name, "Down", "Enter", "C-u")
        let buffer = s.folder.appendingPathComponent("paste.txt")
        try "clip(1)\nqy".write(to: buffer, atomically: true, encoding: .utf8)
        s.tmux("load-buffer", buffer.path)
        s.tmux("paste-buffer", "-p", "-t", s.name)
        #expect(s.waitFor("clip(1) qy"), "the paste did not land in the field:\n\(s.screen)")
        usleep(300_000)
        #expect(!FileManager.default.fileExists(atPath: s.folder.appendingPathComponent("exit").path), "the paste quit the workbench")
        s.tmux("send-keys", "-t", s.name, "Escape")
        usleep(200_000)  // past the Escape delay, or q would arrive as Alt-q
        s.tmux("send-keys", "-t", s.name, "q")
        #expect(s.exitStatus() == "0")
    }

    /// Ctrl-Z stops the workbench as a job, off the alternate screen (the
    /// shell's own screen and prompt are back); fg brings the workbench back.
    @Test func ctrlZSuspendsAndFgRestores() throws {
        guard let binary = prerequisites() else { return }
        let s = try Session()
        defer { s.end() }
        s.startShell(width: 100, height: 30)
        #expect(s.waitFor("proxlab-test>"))
        s.tmux("send-keys", "-t", s.name, "-l", s.command(binary))
        s.tmux("send-keys", "-t", s.name, "Enter")
        #expect(s.waitFor("Composer"), "the workbench did not draw:\n\(s.screen)")
        s.tmux("send-keys", "-t", s.name, "C-z")
        #expect(s.waitFor("Stopped"), "Ctrl-Z did not stop the job:\n\(s.screen)")
        #expect(!s.screen.contains("Composer"), "the screen was not given back")
        s.tmux("send-keys", "-t", s.name, "fg", "Enter")
        #expect(s.waitFor("Composer"), "fg did not bring the workbench back:\n\(s.screen)")
        s.tmux("send-keys", "-t", s.name, "q")
        #expect(s.waitFor("proxlab-test>"))
    }

    @Test func aTerminalThatCannotMoveTheCursorIsRefused() throws {
        guard let binary = prerequisites() else { return }
        let s = try Session()
        defer { s.end() }
        try s.start(binary, width: 100, height: 30, env: "LANG=C.UTF-8 TERM=dumb")
        #expect(s.exitStatus() == "2")
        #expect(s.screen.contains("proxlab: cannot start the terminal: TERM=dumb cannot move the cursor"), "\(s.screen)")
    }

    /// Ctrl-\ during a headless run quits with one line and status 131, not
    /// Swift's crash report.
    @Test func ctrlBackslashQuitsWithoutACrashReport() throws {
        guard let binary = prerequisites() else { return }
        let s = try Session()
        defer { s.end() }
        s.startShell(width: 150, height: 30)
        #expect(s.waitFor("proxlab-test>"))
        s.tmux("send-keys", "-t", s.name, "-l",
               s.command(binary, "train --pair bnn --dataset moons:n=20000 --epochs 100 --no-log > /dev/null") + "; echo exit=$?")
        s.tmux("send-keys", "-t", s.name, "Enter")
        // Any progress line: a fast machine is past a given step before the next poll.
        #expect(s.waitFor(" ex/s"), "the run did not start:\n\(s.screen)")
        s.tmux("send-keys", "-t", s.name, "C-\\")
        #expect(s.waitFor("exit=131"), "\(s.screen)")
        #expect(s.screen.contains("proxlab: quit (Ctrl-\\)"))
        #expect(!s.screen.contains("Crash") && !s.screen.contains("rip 0x"), "a crash report:\n\(s.screen)")
    }
}
