/// An array of unsigned bytes read from an IDX file, the format of MNIST
/// and Fashion-MNIST (Y. LeCun, "THE MNIST DATABASE", yann.lecun.com/exdb/mnist).
///
/// The format, big-endian throughout:
///
///     0x00 0x00 type ndim     magic: two zero bytes, element type, rank
///     d_1 ... d_ndim          one UInt32 per dimension
///     data                    d_1 * ... * d_ndim elements, row-major
///
/// Only element type 0x08 (unsigned byte) is read: it is the type of every
/// image and label file in both data sets. The reader checks each field and
/// the exact length, and every error is one line naming the file:
/// `train-images-idx3-ubyte.gz: truncated: expected 47040016 bytes, got 1000`.
public struct IDXArray: Sendable, Equatable {
    public var dimensions: [Int]
    /// Row-major elements; `bytes.count` is the product of `dimensions`.
    public var bytes: [UInt8]

    public init(dimensions: [Int], bytes: [UInt8]) {
        precondition(dimensions.reduce(1, *) == bytes.count, "dimensions must cover the bytes")
        self.dimensions = dimensions
        self.bytes = bytes
    }

    /// The element type codes of the IDX format, for error messages.
    static let typeNames: [UInt8: String] = [
        0x08: "unsigned byte", 0x09: "signed byte", 0x0B: "int16",
        0x0C: "int32", 0x0D: "float32", 0x0E: "float64",
    ]

    /// The largest element count accepted, a guard against a corrupt header
    /// asking for terabytes (Fashion-MNIST's largest file has 47 million).
    static let maxElements = 1 << 34

    /// Reads a gzipped or plain IDX file of unsigned bytes.
    public static func read(contentsOf path: String) throws -> IDXArray {
        let file = try GzipReader(path: path)
        func fail(_ what: String) -> DataError { DataError("\(path): \(what)") }
        func truncated(expected: String, got: Int) -> DataError {
            fail("truncated: expected \(expected) bytes, got \(got)" + (file.problem.map { " (\($0))" } ?? ""))
        }

        var magic = [UInt8](repeating: 0, count: 4)
        let gotMagic = try magic.withUnsafeMutableBytes { try file.read(into: $0) }
        if gotMagic < 4 { throw truncated(expected: "at least 4", got: gotMagic) }
        let magicWord = magic.reduce(0) { $0 << 8 | UInt32($1) }
        let hex = "0x" + String(magicWord, radix: 16, uppercase: true).leftPadded(to: 8)
        guard magic[0] == 0, magic[1] == 0, let typeName = typeNames[magic[2]] else {
            throw fail("wrong magic \(hex): not an IDX file (expected 0x00 0x00, a type code, a rank)")
        }
        guard magic[2] == 0x08 else {
            throw fail("element type \(typeName) (magic \(hex)) is not supported: expected unsigned byte (0x08)")
        }
        let rank = Int(magic[3])
        guard rank >= 1 else { throw fail("wrong magic \(hex): rank 0, expected at least one dimension") }

        var header = [UInt8](repeating: 0, count: 4 * rank)
        let gotHeader = try header.withUnsafeMutableBytes { try file.read(into: $0) }
        if gotHeader < header.count {
            throw truncated(expected: "at least \(4 + header.count)", got: 4 + gotHeader)
        }
        var dimensions = [Int]()
        var count = 1
        for d in 0 ..< rank {
            let size = header[4 * d ..< 4 * d + 4].reduce(0) { $0 << 8 | Int($1) }
            dimensions.append(size)
            let (product, overflow) = count.multipliedReportingOverflow(by: size)
            guard !overflow, product <= maxElements else {
                throw fail("dimensions \(dimensions.map(String.init).joined(separator: "x"))... exceed \(maxElements) elements")
            }
            count = product
        }

        let headerSize = 4 + 4 * rank
        var gotData = 0
        let bytes = try [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            gotData = try file.read(into: UnsafeMutableRawBufferPointer(buffer))
            initialized = gotData
        }
        if gotData < count {
            throw truncated(expected: "\(headerSize + count)", got: headerSize + gotData)
        }
        var extra: UInt8 = 0
        if try withUnsafeMutableBytes(of: &extra, { try file.read(into: $0) }) > 0 {
            throw fail("trailing data: expected \(headerSize + count) bytes for dimensions "
                + "\(dimensions.map(String.init).joined(separator: "x")), got more")
        }
        return IDXArray(dimensions: dimensions, bytes: bytes)
    }
}

extension String {
    fileprivate func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
