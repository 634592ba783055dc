import Foundation

// Everything lives in CLI.swift and Commands/; top-level code stays empty so
// Swift 6's concurrency checking sees the real code (PLATFORM.md).
exit(CLI.main(Array(CommandLine.arguments.dropFirst())))
