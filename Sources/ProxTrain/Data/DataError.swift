import Foundation

/// Why a data set could not be made, as one line a user can act on.
///
/// Loaders name the file (and line and column for text formats) and say what
/// was expected, so that a missing or damaged file never surfaces as a crash
/// or a stack trace: `t10k-images-idx3-ubyte.gz: truncated: expected 7840016
/// bytes, got 1000`.
public struct DataError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
    public var errorDescription: String? { message }
}
