import Foundation
import Testing
import ProxTrain

/// The safetensors reader and writer against the format: the bytes Hugging
/// Face's own writer produces, round trips of every dtype, and files cut or
/// forged in each way the reference reader rejects.
@Suite struct CheckpointSafeTensorsTests {
    /// `safetensors.numpy.save` (safetensors 0.8.0) of
    /// {"a": float32 [[1, -2.5], [3, 4]], "b": uint8 [1, 2, 255], "c": int64 7 (a scalar)}
    /// with metadata {"k": "v", "pair": "{\"x\":1}"}: I64 first (the
    /// reference writer orders by alignment, then name), header padded with
    /// spaces to 208 bytes.
    static let reference = hex("""
        d0000000000000007b225f5f6d657461646174615f5f223a7b226b223a2276222c2270616972223a227b5c22785c223a317d227d2c2263\
        223a7b226474797065223a22493634222c227368617065223a5b5d2c22646174615f6f666673657473223a5b302c385d7d2c2261223a7b\
        226474797065223a22463332222c227368617065223a5b322c325d2c22646174615f6f666673657473223a5b382c32345d7d2c2262223a\
        7b226474797065223a225538222c227368617065223a5b335d2c22646174615f6f666673657473223a5b32342c32375d7d7d2007000000\
        000000000000803f000020c000004040000080400102ff
        """)

    static func hex(_ s: String) -> [UInt8] {
        let digits = Array(s.filter(\.isHexDigit))
        return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(digits[$0...$0 + 1]), radix: 16)! }
    }

    static var referenceContent: SafeTensors {
        var f = SafeTensors()
        f.add("c", integers: [Int64(7)], shape: [])
        f.add("a", floats: [1, -2.5, 3, 4], shape: [2, 2])
        f.add("b", integers: [UInt8(1), 2, 255], shape: [3])
        f.metadata = ["pair": "{\"x\":1}", "k": "v"]
        return f
    }

    /// First differing byte and how many differ, never the whole dump.
    static func difference(_ a: [UInt8], _ b: [UInt8]) -> String? {
        guard a != b else { return nil }
        let first = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
        let count = zip(a, b).filter { $0 != $1 }.count + abs(a.count - b.count)
        return "\(count) bytes differ (lengths \(a.count) and \(b.count)), the first at offset \(first)"
    }

    @Test func theWriterProducesTheReferenceWritersBytes() {
        let ours = Self.referenceContent.encoded()
        #expect(Self.difference(ours, Self.reference) == nil, "\(Self.difference(ours, Self.reference) ?? "")")
        // The length field is little-endian and the data starts 8-byte aligned.
        #expect(Array(ours[0..<8]) == [0xd0, 0, 0, 0, 0, 0, 0, 0])
        #expect((8 + 0xd0) % 8 == 0)
    }

    @Test func theReaderReadsTheReferenceWritersFile() throws {
        let f = try SafeTensors(decoding: Self.reference, file: "ref.safetensors")
        #expect(f.names == ["c", "a", "b"])
        #expect(f["a"]?.dtype == .f32 && f["a"]?.shape == [2, 2])
        #expect(f.floats("a") == [1, -2.5, 3, 4])
        #expect(f.integers("b", as: UInt8.self) == [1, 2, 255])
        #expect(f["c"]?.shape == [] && f.integers("c", as: Int64.self) == [7])
        #expect(f.metadata == ["k": "v", "pair": "{\"x\":1}"])
        #expect(f.floats("b") == nil, "a U8 tensor is not read as floats")
        #expect(f == Self.referenceContent)
    }

    @Test func everyDtypeRoundTripsThroughAFile() throws {
        var f = SafeTensors()
        let floats: [Float] = [0, -0.0, 1.5, -3.25e-20, .infinity, -.infinity, .greatestFiniteMagnitude, .leastNonzeroMagnitude]
        f.add("f32", floats: floats, shape: [2, 4])
        f.add("nan", floats: [.nan], shape: [1])
        f.add("empty", floats: [], shape: [0, 3])
        f.add("u8", integers: [UInt8(0), 128, 255], shape: [3])
        f.add("i8", integers: [Int8(-128), 127], shape: [2])
        f.add("u16", integers: [UInt16(65535)], shape: [1])
        f.add("i16", integers: [Int16(-2)], shape: [1, 1])
        f.add("u32", integers: [UInt32(0xDEADBEEF)], shape: [1])
        f.add("i32", integers: [Int32.min], shape: [1])
        f.add("u64", integers: [UInt64.max, 1], shape: [2])
        f.add("i64", integers: [Int64.min, -1, 0], shape: [3])
        f.add("f64", dtype: .f64, shape: [1], bytes: Array(withUnsafeBytes(of: Double.pi.bitPattern.littleEndian) { Array($0) }))
        f.metadata = ["unicode": "µ ≥ 1 \"quoted\"\n", "empty": ""]
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("proxlab-st-\(UUID().uuidString).safetensors").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try f.write(to: path)
        let back = try SafeTensors.read(path: path)
        #expect(back == f)
        #expect(back.floats("f32")?.map(\.bitPattern) == floats.map(\.bitPattern), "-0 and the extremes keep their bits")
        #expect(back.floats("nan")?.first?.isNaN == true)
        #expect(back["empty"]?.bytes.isEmpty == true && back["empty"]?.shape == [0, 3])
        #expect(back.integers("u64", as: UInt64.self) == [.max, 1])
        #expect(back.integers("i64", as: Int64.self) == [.min, -1, 0])
        // The bytes are the file's last bytes, unchanged: raw little-endian.
        let raw = [UInt8](FileManager.default.contents(atPath: path)!)
        #expect(Array(raw.suffix(8)) == [0x18, 0x2d, 0x44, 0x54, 0xfb, 0x21, 0x09, 0x40])
    }

    /// Every way a file can be broken gives an error naming the file and the fault.
    @Test func brokenFilesAreRejectedWithTheReason() {
        func reason(_ bytes: [UInt8]) -> String? {
            do { _ = try SafeTensors(decoding: bytes, file: "m.safetensors"); return nil } catch {
                #expect(error.description.hasPrefix("m.safetensors: "))
                return error.reason
            }
        }
        let good = Self.reference
        func withHeader(_ json: String, data: [UInt8]) -> [UInt8] {
            let h = Array(json.utf8)
            return Array(withUnsafeBytes(of: UInt64(h.count).littleEndian) { Array($0) }) + h + data
        }
        #expect(reason(Array(good.prefix(5)))?.contains("shorter than the 8-byte header length") == true)
        #expect(reason(Array(good.prefix(100)))?.contains("runs past the end of the file") == true)
        #expect(reason(Array(good.dropLast()))?.contains("the file is cut") == true)
        #expect(reason(good + [0])?.contains("1 bytes after the last tensor") == true)
        #expect(reason([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0] + good)?.contains("100 MB") == true)
        #expect(reason(withHeader(" {}", data: []))?.contains("does not start with '{'") == true)
        #expect(reason(withHeader("{\"a\":", data: []))?.contains("not valid JSON") == true)
        #expect(reason(withHeader("{\"a\":{\"dtype\":\"F17\",\"shape\":[1],\"data_offsets\":[0,4]}}", data: [0, 0, 0, 0]))?.contains("dtype 'F17'") == true)
        #expect(reason(withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", data: [0, 0, 0, 0]))?.contains("needs 8") == true)
        #expect(reason(withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", data: [0, 0, 0, 0]))?.contains("whole numbers") == true)
        #expect(reason(withHeader("{\"a\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[0,2]},\"b\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[1,3]}}", data: [0, 0, 0]))?.contains("overlaps") == true)
        #expect(reason(withHeader("{\"a\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[1,3]}}", data: [0, 0, 0]))?.contains("gap of 1 bytes") == true)
        #expect(reason(withHeader("{\"__metadata__\":{\"n\":1}}", data: []))?.contains("expected a string") == true)
        #expect(reason(withHeader("{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]},\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[1,2]}}", data: [0, 0]))?.contains("twice") == true)
        #expect(reason(withHeader("{\"a\":{\"dtype\":\"U8\",\"shape\":[99999999999,99999999999],\"data_offsets\":[0,1]}}", data: [0]))?.contains("overflows") == true)
    }

    @Test func aMissingFileIsOneLine() {
        #expect(throws: SafeTensorsError(file: "/nonexistent/model.safetensors", reason: "no such file")) {
            try SafeTensors.read(path: "/nonexistent/model.safetensors")
        }
    }

    /// Bits against a hand-packed example: 3 rows of 10 signs, two bytes a row.
    @Test func signsPackEightToAByteLeastSignificantFirst() {
        let values: [Float] = [
            1, -1, 0.5, -0.2, 0, -0.0, -3, 2, 1, -1,      // + - + - + + - + | + -
            -1, -1, -1, -1, -1, -1, -1, -1, -1, 1,         // all - | - +
            .nan, 1, 1, 1, 1, 1, 1, 1, 1, 1,               // NaN counts as - (sign(NaN) = -1 in training)
        ]
        let packed = values.withUnsafeBufferPointer { SignPacking.pack($0, rows: 3) }
        #expect(packed == [0b1011_0101, 0b01, 0, 0b10, 0b1111_1110, 0b11])
        let back = SignPacking.unpack(packed, rows: 3, rowLength: 10)
        #expect(back == values.map { $0 >= 0 ? 1 : -1 })
    }
}
