import CZlib
import Foundation

/// Reads a file through zlib's gz* interface, which inflates gzip files and
/// passes plain files through unchanged, so one code path serves both
/// `train-images-idx3-ubyte.gz` and an uncompressed `train-images-idx3-ubyte`.
///
/// The 256 KiB buffer (`gzbuffer`, set before the first read as zlib
/// requires) is what brings the 47 MB Fashion-MNIST training images in about
/// 0.17 s (shared/design/PLATFORM.md); zlib's 8 KiB default is slower.
struct GzipReader: ~Copyable {
    let path: String
    private let file: gzFile

    init(path: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DataError("\(path): no such file")
        }
        if isDirectory.boolValue { throw DataError("\(path): is a directory, expected a file") }
        guard let file = gzopen(path, "rb") else {
            throw DataError("\(path): cannot open: \(String(cString: strerror(errno)))")
        }
        gzbuffer(file, 256 * 1024)
        self.path = path
        self.file = file
    }

    deinit { gzclose(file) }

    /// Reads until `buffer` is full or the data ends; returns the number of
    /// bytes read. A short count means the (decompressed) data ended early.
    /// Corrupt gzip data throws; a gzip stream cut off mid-way is reported
    /// by `endOfStreamProblem` instead, so the caller can say "truncated".
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        var done = 0
        while done < buffer.count {
            let chunk = UInt32(min(buffer.count - done, 1 << 30))
            let got = gzread(file, buffer.baseAddress! + done, chunk)
            if got < 0 { throw DataError("\(path): corrupt gzip data: \(problem ?? "read error")") }
            if got == 0 { break }
            done += Int(got)
        }
        return done
    }

    /// zlib's description of what went wrong, if anything (for example
    /// "unexpected end of file" for a cut-off gzip stream).
    var problem: String? {
        var code: Int32 = 0
        guard let text = gzerror(file, &code), code != Z_OK else { return nil }
        if code == Z_ERRNO { return String(cString: strerror(errno)) }
        // zlib prefixes its message with the path; the caller names the file already.
        let message = String(cString: text)
        return message.hasPrefix(path + ": ") ? String(message.dropFirst(path.count + 2)) : message
    }
}
