import CZlib
import Foundation
import ProxTrain

/// A fresh folder under the system's temporary directory, removed when the
/// test's closure returns (even by throwing).
func withTemporaryDirectory<T>(_ body: (String) throws -> T) throws -> T {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("proxlab-data-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: url) }
    return try body(url.path)
}

/// The bytes of an IDX file of unsigned bytes, written out by hand from the
/// format (magic 0x00 0x00 0x08 rank, big-endian UInt32 sizes, data).
func idxBytes(dimensions: [Int], data: [UInt8], type: UInt8 = 0x08) -> [UInt8] {
    var bytes: [UInt8] = [0, 0, type, UInt8(dimensions.count)]
    for d in dimensions {
        bytes += [UInt8(d >> 24 & 0xFF), UInt8(d >> 16 & 0xFF), UInt8(d >> 8 & 0xFF), UInt8(d & 0xFF)]
    }
    return bytes + data
}

func writePlain(_ bytes: [UInt8], to path: String) throws {
    try Data(bytes).write(to: URL(fileURLWithPath: path))
}

/// Writes `bytes` gzip-compressed through zlib's gzopen/gzwrite, as the
/// Debian package's files are.
func writeGzip(_ bytes: [UInt8], to path: String) throws {
    guard let file = gzopen(path, "wb") else { throw DataError("cannot create \(path)") }
    let written = bytes.withUnsafeBytes { gzwrite(file, $0.baseAddress, UInt32($0.count)) }
    let closed = gzclose(file)
    guard written == Int32(bytes.count), closed == Z_OK else { throw DataError("cannot write \(path)") }
}

func writeText(_ text: String, to path: String) throws {
    try text.write(toFile: path, atomically: false, encoding: .utf8)
}

/// The error message a throwing call produced, or nil if it did not throw.
func dataErrorMessage(_ body: () throws -> Void) -> String? {
    do {
        try body()
        return nil
    } catch let error as DataError {
        return error.message
    } catch {
        return "unexpected error type: \(error)"
    }
}

/// Bit patterns, so that equality means bit-for-bit equality (and -0 != 0).
func bits(_ values: [Float]) -> [UInt32] { values.map(\.bitPattern) }
