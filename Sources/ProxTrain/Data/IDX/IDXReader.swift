/// The IDX header checks and the exact-length read, shared by `IDXArray`
/// (which keeps the bytes) and `IDXDirectory` (which turns pixels into
/// Floats chunk by chunk, so the 47 MB of bytes never sit in memory at once).
///
/// Every error is one line naming the file; see `IDXArray` for the format.
struct IDXReader: ~Copyable {
    let path: String
    let dimensions: [Int]
    /// Elements (bytes) of data after the header.
    let count: Int
    let headerSize: Int
    private let file: GzipReader

    /// The element type codes of the IDX format, for error messages.
    static let typeNames: [UInt8: String] = [
        0x08: "unsigned byte", 0x09: "signed byte", 0x0B: "int16",
        0x0C: "int32", 0x0D: "float32", 0x0E: "float64",
    ]

    /// The largest element count accepted, a guard against a corrupt header
    /// asking for terabytes (Fashion-MNIST's largest file has 47 million).
    static let maxElements = 1 << 34

    /// Opens `path` and reads and checks the header.
    init(path: String) throws {
        let file = try GzipReader(path: path)
        func fail(_ what: String) -> DataError { DataError("\(path): \(what)") }

        var magic = [UInt8](repeating: 0, count: 4)
        let gotMagic = try magic.withUnsafeMutableBytes { try file.read(into: $0) }
        if gotMagic < 4 { throw Self.truncated(path, file, expected: "at least 4", got: gotMagic) }
        let word = String(magic.reduce(0) { $0 << 8 | UInt32($1) }, radix: 16, uppercase: true)
        let hex = "0x" + String(repeating: "0", count: 8 - word.count) + word
        guard magic[0] == 0, magic[1] == 0, let typeName = Self.typeNames[magic[2]] else {
            throw fail("wrong magic \(hex): not an IDX file (expected 0x00 0x00, a type code, a rank)")
        }
        guard magic[2] == 0x08 else {
            throw fail("element type \(typeName) (magic \(hex)) is not supported: expected unsigned byte (0x08)")
        }
        let rank = Int(magic[3])
        guard rank >= 1 else { throw fail("wrong magic \(hex): rank 0, expected at least one dimension") }

        var sizes = [UInt8](repeating: 0, count: 4 * rank)
        let gotSizes = try sizes.withUnsafeMutableBytes { try file.read(into: $0) }
        if gotSizes < sizes.count {
            throw Self.truncated(path, file, expected: "at least \(4 + sizes.count)", got: 4 + gotSizes)
        }
        var dimensions = [Int]()
        var count = 1
        for d in 0 ..< rank {
            let size = sizes[4 * d ..< 4 * d + 4].reduce(0) { $0 << 8 | Int($1) }
            dimensions.append(size)
            let (product, overflow) = count.multipliedReportingOverflow(by: size)
            guard !overflow, product <= Self.maxElements else {
                throw fail("dimensions \(dimensions.map(String.init).joined(separator: "x"))... "
                    + "exceed \(Self.maxElements) elements")
            }
            count = product
        }
        self.path = path
        self.file = file
        self.dimensions = dimensions
        self.count = count
        self.headerSize = 4 + 4 * rank
    }

    /// Reads all `count` data bytes into `buffer` (at least `count` long),
    /// then checks that nothing follows.
    func readData(into buffer: UnsafeMutableRawBufferPointer) throws {
        let got = try file.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0 ..< count]))
        try finish(got: got)
    }

    /// Reads the data in chunks of at most `chunk` bytes, handing each to
    /// `body` with its offset, then checks the length as `readData` does.
    func readData(chunk: Int = 256 * 1024, _ body: (UnsafeRawBufferPointer, Int) -> Void) throws {
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 64)
        defer { scratch.deallocate() }
        var done = 0
        while done < count {
            let want = min(chunk, count - done)
            let got = try file.read(into: UnsafeMutableRawBufferPointer(rebasing: scratch[0 ..< want]))
            body(UnsafeRawBufferPointer(rebasing: scratch[0 ..< got]), done)
            done += got
            if got < want { break }
        }
        try finish(got: done)
    }

    private func finish(got: Int) throws {
        if got < count {
            throw Self.truncated(path, file, expected: "\(headerSize + count)", got: headerSize + got)
        }
        var extra: UInt8 = 0
        if try withUnsafeMutableBytes(of: &extra, { try file.read(into: $0) }) > 0 {
            throw DataError("\(path): trailing data: expected \(headerSize + count) bytes for dimensions "
                + "\(dimensions.map(String.init).joined(separator: "x")), got more")
        }
    }

    private static func truncated(_ path: String, _ file: borrowing GzipReader, expected: String, got: Int) -> DataError {
        DataError("\(path): truncated: expected \(expected) bytes, got \(got)" + (file.problem.map { " (\($0))" } ?? ""))
    }
}
