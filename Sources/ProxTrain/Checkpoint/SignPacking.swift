/// The deployed weights sign(theta) at one bit each (docs/THEORY.md section 7),
/// packed row by row as model.safetensors stores them (`I.weight_packed`, U8).
///
/// A row is one output's fan-in (a dense layer's `in` weights, a
/// convolution's `in * 9`), packed into `(rowLength + 7) / 8` bytes so that
/// every row starts on a byte: bit b (least significant first) of byte j is
/// element 8j + b of the row, 1 for +1 (theta >= 0, so sign(0) = +1 as in
/// training) and 0 for -1; the padding bits of a row's last byte are 0.
/// In NumPy: `np.unpackbits(packed, axis=1, bitorder="little")[:, :rowLength]`.
public enum SignPacking {
    public static func bytesPerRow(_ rowLength: Int) -> Int { (rowLength + 7) / 8 }

    /// Packs `rows` rows of `values.count / rows` values each.
    public static func pack(_ values: UnsafeBufferPointer<Float>, rows: Int) -> [UInt8] {
        guard rows > 0 else { return [] }
        let length = values.count / rows, stride = bytesPerRow(length)
        var out = [UInt8](repeating: 0, count: rows * stride)
        for r in 0..<rows {
            let row = values.baseAddress! + r * length
            for i in 0..<length where row[i] >= 0 {
                out[r * stride + i / 8] |= UInt8(1) << UInt8(i % 8)
            }
        }
        return out
    }

    /// The signs back as +-1, `rows` rows of `rowLength`.
    public static func unpack(_ packed: [UInt8], rows: Int, rowLength: Int) -> [Float] {
        let stride = bytesPerRow(rowLength)
        precondition(packed.count == rows * stride, "\(packed.count) bytes for \(rows) rows of \(rowLength) signs")
        var out = [Float](repeating: -1, count: rows * rowLength)
        for r in 0..<rows {
            for i in 0..<rowLength where packed[r * stride + i / 8] & (UInt8(1) << UInt8(i % 8)) != 0 {
                out[r * rowLength + i] = 1
            }
        }
        return out
    }
}
