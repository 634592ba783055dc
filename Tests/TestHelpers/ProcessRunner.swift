import Foundation

/// The package's folders, found from this file's path so tests read the
/// checkout's presets whatever the working directory is.
public enum RepositoryPaths {
    /// The package root (the folder holding Package.swift).
    public static var root: URL {
        URL(fileURLWithPath: #filePath)     // <root>/Tests/TestHelpers/ProcessRunner.swift
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    public static var presets: URL { root.appendingPathComponent("presets") }
    public static var quantizerPresets: URL { presets.appendingPathComponent("quantizers") }

    /// The built-in pair files, by name (`bnn` -> .../presets/quantizers/bnn.json).
    public static func quantizerPreset(_ name: String) -> String {
        quantizerPresets.appendingPathComponent("\(name).json").path
    }

    /// A fresh empty folder under the system's temporary directory.
    public static func temporaryFolder(_ label: String = "proxlab-tests") throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(label)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// What a finished process printed and how it ended.
public struct ProcessResult: Sendable {
    public var status: Int32
    /// True when the process ended by a signal (a crash), with `status` the signal.
    public var crashed: Bool
    public var stdout: String
    public var stderr: String

    /// stderr split into lines, without the trailing empty one.
    public var stderrLines: [String] {
        var lines = stderr.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}

/// Runs the built `proxlab` executable as a separate process.
///
/// The binary is looked up, in order: `$PROXLAB_BINARY`; beside the running
/// test bundle (the test runner and the products share the build folder,
/// `.build/<triple>/<config>/` or `<scratch>/<triple>/<config>/`); then
/// `<root>/.build/release/proxlab`. `make test` builds it before testing;
/// with `swift test` alone, build it first with
/// `swift build -c release --product proxlab`.
public enum ProxlabProcess {
    public static var candidates: [URL] {
        var urls: [URL] = []
        if let env = ProcessInfo.processInfo.environment["PROXLAB_BINARY"], !env.isEmpty {
            urls.append(URL(fileURLWithPath: env))
        }
        var runners: [URL] = []
        if let exe = Bundle.main.executableURL { runners.append(exe) }
        if let first = CommandLine.arguments.first { runners.append(URL(fileURLWithPath: first)) }
        for runner in runners {
            var folder = runner.resolvingSymlinksInPath().deletingLastPathComponent()
            // Inside a .xctest bundle on macOS the executable sits a few folders down.
            for _ in 0..<4 {
                urls.append(folder.appendingPathComponent("proxlab"))
                folder = folder.deletingLastPathComponent()
            }
        }
        urls.append(RepositoryPaths.root.appendingPathComponent(".build/release/proxlab"))
        return urls
    }

    /// The executable, or nil when none of the candidates exists.
    public static var executable: URL? {
        candidates.first { url in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
                && !isDirectory.boolValue && FileManager.default.isExecutableFile(atPath: url.path)
        }
    }

    /// Why the executable is missing, for a test failure message.
    public static var missingMessage: String {
        "the proxlab executable was not found; build it first with "
            + "`swift build -c release --product proxlab` (make test does), or set PROXLAB_BINARY. Looked at:\n"
            + candidates.map { "  " + $0.path }.joined(separator: "\n")
    }

    /// Runs proxlab with `arguments`, the checkout's presets and no colour.
    public static func run(_ arguments: [String], environment extra: [String: String] = [:],
                           currentDirectory: URL? = nil) throws -> ProcessResult {
        guard let executable else { throw RunnerError(message: missingMessage) }
        var environment = ["PROXLAB_PRESETS": RepositoryPaths.presets.path, "NO_COLOR": "1", "SWIFT_BACKTRACE": "enable=no"]
        for (k, v) in extra { environment[k] = v }
        return try ProcessRunner.run(executable, arguments, environment: environment, currentDirectory: currentDirectory)
    }
}

/// Runs any executable as a separate process and collects what it printed.
public enum ProcessRunner {
    /// `environment` is added to this process's own. Output goes through
    /// files so a large output can never block on a pipe; the working
    /// directory is a fresh temporary folder unless given.
    public static func run(_ executable: URL, _ arguments: [String], environment extra: [String: String] = [:],
                           currentDirectory: URL? = nil) throws -> ProcessResult {
        let folder = try RepositoryPaths.temporaryFolder("proxlab-run")
        defer { try? FileManager.default.removeItem(at: folder) }
        let outURL = folder.appendingPathComponent("stdout"), errURL = folder.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)

        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        for (k, v) in extra { environment[k] = v }
        process.environment = environment
        process.currentDirectoryURL = currentDirectory ?? folder
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        let stdout = String(decoding: try Data(contentsOf: outURL), as: UTF8.self)
        let stderr = String(decoding: try Data(contentsOf: errURL), as: UTF8.self)
        return ProcessResult(status: process.terminationStatus,
                             crashed: process.terminationReason == .uncaughtSignal,
                             stdout: stdout, stderr: stderr)
    }
}

public struct RunnerError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
    public init(message: String) { self.message = message }
}
