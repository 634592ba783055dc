import Foundation
import TestHelpers

/// The Python that has PyTorch, for the tests that run exported packages:
/// `$PROXLAB_TORCH_PYTHON` when set (`make test-torch` sets it to its
/// virtual environment), else `python3` when `import torch` works there.
/// Without either the torch suites are skipped (`make test` says so on one line).
enum TorchPython {
    static let executable: URL? = {
        let env = ProcessInfo.processInfo.environment
        if let path = env["PROXLAB_TORCH_PYTHON"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        let probe = try? ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", "import torch"])
        guard probe?.status == 0 else { return nil }
        return URL(fileURLWithPath: "/usr/bin/env")
    }()

    static var available: Bool { executable != nil }

    /// Runs `python script args...` with the torch Python.
    static func run(_ script: URL, _ arguments: [String], environment: [String: String] = [:],
                    in directory: URL? = nil) throws -> ProcessResult {
        try python([script.path] + arguments, environment: environment, in: directory)
    }

    /// Runs the torch Python with these arguments (`-m module ...` as well as a script).
    static func python(_ arguments: [String], environment: [String: String] = [:],
                       in directory: URL? = nil) throws -> ProcessResult {
        guard let executable else { throw RunnerError(message: "no Python with torch (set PROXLAB_TORCH_PYTHON)") }
        let lead = executable.lastPathComponent == "env" ? ["python3"] : []
        // One thread per process keeps these tests from fighting the build for the cores.
        var env = ["OMP_NUM_THREADS": "1", "PYTHONDONTWRITEBYTECODE": "1"]
        for (k, v) in environment { env[k] = v }
        return try ProcessRunner.run(executable, lead + arguments, environment: env, currentDirectory: directory)
    }

    /// A driver script of this test target (Tests/ProxExportTests/Python/NAME).
    static func script(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Python/\(name)")
    }
}
