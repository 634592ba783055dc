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

    /// Reads a gzipped or plain IDX file of unsigned bytes.
    public static func read(contentsOf path: String) throws -> IDXArray {
        let reader = try IDXReader(path: path)
        let bytes = try [UInt8](unsafeUninitializedCapacity: reader.count) { buffer, initialized in
            try reader.readData(into: UnsafeMutableRawBufferPointer(buffer))
            initialized = reader.count
        }
        return IDXArray(dimensions: reader.dimensions, bytes: bytes)
    }
}
