import Foundation
import ProxCore

/// A safetensors file in memory: named tensors as raw little-endian bytes,
/// and a map of strings (`__metadata__`).
///
/// The format (Hugging Face, github.com/huggingface/safetensors, "Format"):
///
///     8 bytes   N, the header's length, an unsigned little-endian integer
///     N bytes   a UTF-8 JSON object: per tensor name
///               {"dtype": "F32", "shape": [512, 784], "data_offsets": [begin, end]},
///               offsets counted from the first byte after the header; and
///               optionally "__metadata__": {"key": "value", ...}, strings only
///     the rest  the tensors' bytes, row-major, back to back
///
/// proxlab writes runs' weights in it (model.safetensors) so that Python
/// (`safetensors.numpy.load_file`), the deployed model and the PyTorch export
/// read them without proxlab's code. The writer pads the header with spaces
/// to a multiple of 8 bytes, as the reference writer does, so every tensor
/// starts 8-byte aligned. The reader makes the reference reader's checks
/// (header length within the file and at most 100 MB, a JSON object that
/// starts with `{`, known dtypes, each byte range the size its dtype and
/// shape give, ranges that tile the data exactly) and reports the first
/// failure with the file's name, so a cut or foreign file is one clear line.
///
///     var file = SafeTensors()
///     file.add("0.weight", floats: [1, -2, 3, -4], shape: [2, 2])
///     file.metadata["pair"] = "bc"
///     try file.write(to: "runs/x/model.safetensors")
///     let back = try SafeTensors.read(path: "runs/x/model.safetensors")
///     back.floats("0.weight")   // [1, -2, 3, -4]
public struct SafeTensors: Sendable, Equatable {
    /// Element types of the format, by their names in the header.
    public enum DType: String, Sendable, CaseIterable {
        case bool = "BOOL", u8 = "U8", i8 = "I8", f8e4m3 = "F8_E4M3", f8e5m2 = "F8_E5M2"
        case u16 = "U16", i16 = "I16", f16 = "F16", bf16 = "BF16"
        case u32 = "U32", i32 = "I32", f32 = "F32"
        case u64 = "U64", i64 = "I64", f64 = "F64"

        /// Bytes per element.
        public var size: Int {
            switch self {
            case .bool, .u8, .i8, .f8e4m3, .f8e5m2: return 1
            case .u16, .i16, .f16, .bf16: return 2
            case .u32, .i32, .f32: return 4
            case .u64, .i64, .f64: return 8
            }
        }
    }

    /// One tensor: its type, its shape (empty for a scalar) and its bytes.
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var dtype: DType
        public var shape: [Int]
        public var bytes: [UInt8]

        /// Elements: the product of the shape (1 for a scalar).
        public var count: Int { shape.reduce(1, *) }
    }

    /// The tensors in file order.
    public private(set) var entries: [Entry] = []
    private var index: [String: Int] = [:]
    /// `__metadata__`: free-form strings (proxlab's keys are in the README).
    public var metadata: [String: String] = [:]

    /// The reference reader's limit on the header.
    public static let maximumHeaderBytes = 100 << 20

    public init() {}

    public subscript(name: String) -> Entry? { index[name].map { entries[$0] } }

    public var names: [String] { entries.map(\.name) }

    /// Adds a tensor of raw little-endian bytes; the byte count must match
    /// the dtype and shape, and the name must be new.
    public mutating func add(_ name: String, dtype: DType, shape: [Int], bytes: [UInt8]) {
        precondition(index[name] == nil && name != "__metadata__", "tensor name \(name) used twice or reserved")
        precondition(shape.allSatisfy { $0 >= 0 } && shape.reduce(1, *) * dtype.size == bytes.count,
                     "\(bytes.count) bytes for a \(dtype.rawValue) tensor of shape \(shape)")
        index[name] = entries.count
        entries.append(Entry(name: name, dtype: dtype, shape: shape, bytes: bytes))
    }

    /// Adds an F32 tensor.
    public mutating func add(_ name: String, floats: UnsafeBufferPointer<Float>, shape: [Int]) {
        var bytes = [UInt8](repeating: 0, count: floats.count * 4)
        bytes.withUnsafeMutableBytes { raw in
            for (i, v) in floats.enumerated() { raw.storeBytes(of: v.bitPattern.littleEndian, toByteOffset: 4 * i, as: UInt32.self) }
        }
        add(name, dtype: .f32, shape: shape, bytes: bytes)
    }

    public mutating func add(_ name: String, floats: [Float], shape: [Int]) {
        floats.withUnsafeBufferPointer { add(name, floats: $0, shape: shape) }
    }

    /// Adds an integer tensor (U8 ... I64, by the type's width and signedness).
    public mutating func add<T: FixedWidthInteger>(_ name: String, integers: [T], shape: [Int]) {
        var bytes = [UInt8](repeating: 0, count: integers.count * MemoryLayout<T>.size)
        bytes.withUnsafeMutableBytes { raw in
            for (i, v) in integers.enumerated() { raw.storeBytes(of: v.littleEndian, toByteOffset: i * MemoryLayout<T>.size, as: T.self) }
        }
        add(name, dtype: Self.integerType(T.self), shape: shape, bytes: bytes)
    }

    static func integerType<T: FixedWidthInteger>(_: T.Type) -> DType {
        switch (MemoryLayout<T>.size, T.isSigned) {
        case (1, false): return .u8
        case (1, true): return .i8
        case (2, false): return .u16
        case (2, true): return .i16
        case (4, false): return .u32
        case (4, true): return .i32
        case (8, false): return .u64
        default: return .i64
        }
    }

    /// An F32 tensor's values, or nil when there is no such F32 tensor.
    public func floats(_ name: String) -> [Float]? {
        guard let e = self[name], e.dtype == .f32 else { return nil }
        return e.bytes.withUnsafeBytes { raw in
            (0..<e.count).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self))) }
        }
    }

    /// Copies an F32 tensor into `destination`, which holds its element count.
    public func copyFloats(_ name: String, to destination: UnsafeMutablePointer<Float>) {
        guard let e = self[name], e.dtype == .f32 else { return }
        e.bytes.withUnsafeBytes { raw in
            for i in 0..<e.count {
                destination[i] = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)))
            }
        }
    }

    /// An integer tensor's values, or nil when the tensor is missing or of another type.
    public func integers<T: FixedWidthInteger>(_ name: String, as: T.Type) -> [T]? {
        guard let e = self[name], e.dtype == Self.integerType(T.self) else { return nil }
        return e.bytes.withUnsafeBytes { raw in
            (0..<e.count).map { T(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * MemoryLayout<T>.size, as: T.self)) }
        }
    }

    // MARK: - Writing

    /// The file's bytes: length, header padded to 8 bytes, data.
    public func encoded() -> [UInt8] {
        var fields: [(key: String, value: JSONValue)] = []
        if !metadata.isEmpty {
            fields.append(("__metadata__", .object(metadata.keys.sorted().map { ($0, .string(metadata[$0]!)) })))
        }
        var offset = 0
        for e in entries {
            fields.append((e.name, .object([
                ("dtype", .string(e.dtype.rawValue)),
                ("shape", .array(e.shape.map { .number(Double($0)) })),
                ("data_offsets", .array([.number(Double(offset)), .number(Double(offset + e.bytes.count))])),
            ])))
            offset += e.bytes.count
        }
        var header = Array(JSONValue.object(fields).compactText.utf8)
        while (8 + header.count) % 8 != 0 { header.append(0x20) }
        var out: [UInt8] = []
        out.reserveCapacity(8 + header.count + offset)
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(contentsOf: header)
        for e in entries { out.append(contentsOf: e.bytes) }
        return out
    }

    /// Writes the file atomically (a temporary name, then a rename), so a
    /// reader never sees half of it and a full disk leaves the old file.
    public func write(to path: String) throws(SafeTensorsError) {
        do { try AtomicFile.write(Data(encoded()), to: path) } catch {
            var failure = SafeTensorsError(file: path, reason: error.reason)
            failure.isDiskFull = error.isDiskFull
            throw failure
        }
    }

    // MARK: - Reading

    public static func read(path: String) throws(SafeTensorsError) -> SafeTensors {
        guard let data = FileManager.default.contents(atPath: path) else {
            var isFolder: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
            throw SafeTensorsError(file: path, reason: !exists ? "no such file" : isFolder.boolValue ? "is a folder, not a file" : "cannot be read")
        }
        return try SafeTensors(decoding: [UInt8](data), file: path)
    }

    /// Parses and checks a whole file; `file` names it in errors.
    public init(decoding bytes: [UInt8], file: String) throws(SafeTensorsError) {
        func fail(_ reason: String) -> SafeTensorsError { SafeTensorsError(file: file, reason: reason) }
        guard bytes.count >= 8 else { throw fail("\(bytes.count) bytes, shorter than the 8-byte header length: not a safetensors file") }
        let length = bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        guard length <= UInt64(Self.maximumHeaderBytes) else { throw fail("header length \(length) exceeds the format's 100 MB limit: not a safetensors file") }
        let headerEnd = 8 + Int(length)
        guard headerEnd <= bytes.count else { throw fail("header length \(length) runs past the end of the file (\(bytes.count) bytes): the file is cut") }
        guard length > 0, bytes[8] == UInt8(ascii: "{") else { throw fail("the header does not start with '{': not a safetensors file") }
        guard let text = String(validating: bytes[8..<headerEnd], as: UTF8.self) else { throw fail("the header is not UTF-8 text") }
        let header: JSONValue
        do { header = try JSONValue(parsing: text) } catch { throw fail("the header is not valid JSON at \(error)") }
        guard case .object(let fields) = header else { throw fail("the header is not a JSON object") }
        let dataCount = bytes.count - headerEnd
        var seen = Set<String>()
        var ranges: [(begin: Int, end: Int, entry: Entry)] = []
        for (name, value) in fields {
            guard seen.insert(name).inserted else { throw fail("the header names '\(name)' twice") }
            if name == "__metadata__" {
                if value.isNull { continue }
                guard case .object(let pairs) = value else { throw fail("__metadata__ is \(value.kindName), expected an object of strings") }
                for (k, v) in pairs {
                    guard let s = v.stringValue else { throw fail("__metadata__ key '\(k)' is \(v.kindName), expected a string") }
                    metadata[k] = s
                }
                continue
            }
            guard let raw = value["dtype"]?.stringValue else { throw fail("tensor '\(name)' has no dtype string") }
            guard let dtype = DType(rawValue: raw) else {
                throw fail("tensor '\(name)' has dtype '\(raw)'; known: \(DType.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let shapeItems = value["shape"]?.arrayValue else { throw fail("tensor '\(name)' has no shape array") }
            var shape: [Int] = [], elements = 1
            for item in shapeItems {
                guard let d = Self.whole(item) else { throw fail("tensor '\(name)': shape \(value["shape"]!.compactText) is not a list of whole numbers >= 0") }
                let (p, overflow) = elements.multipliedReportingOverflow(by: d)
                guard !overflow else { throw fail("tensor '\(name)': shape \(value["shape"]!.compactText) overflows") }
                shape.append(d)
                elements = p
            }
            guard let offsets = value["data_offsets"]?.arrayValue, offsets.count == 2,
                  let begin = Self.whole(offsets[0]), let end = Self.whole(offsets[1]), begin <= end else {
                throw fail("tensor '\(name)': data_offsets must be [begin, end], whole numbers with begin <= end")
            }
            let (size, overflow) = elements.multipliedReportingOverflow(by: dtype.size)
            guard !overflow, end - begin == size else {
                throw fail("tensor '\(name)': \(end - begin) bytes in data_offsets, but \(dtype.rawValue) of shape \(shape) needs \(overflow ? "more" : String(size))")
            }
            guard end <= dataCount else { throw fail("tensor '\(name)': data_offsets end at \(end), past the data's \(dataCount) bytes: the file is cut") }
            ranges.append((begin, end, Entry(name: name, dtype: dtype, shape: shape, bytes: Array(bytes[(headerEnd + begin)..<(headerEnd + end)]))))
        }
        var position = 0
        for r in ranges.sorted(by: { ($0.begin, $0.end) < ($1.begin, $1.end) }) {
            guard r.begin == position else {
                throw fail(r.begin < position ? "tensor '\(r.entry.name)' overlaps the tensor before it" : "a gap of \(r.begin - position) bytes before tensor '\(r.entry.name)'")
            }
            position = r.end
        }
        guard position == dataCount else { throw fail("\(dataCount - position) bytes after the last tensor belong to none") }
        for r in ranges {
            index[r.entry.name] = entries.count
            entries.append(r.entry)
        }
    }

    static func whole(_ v: JSONValue) -> Int? {
        guard let n = v.numberValue, n >= 0, n == n.rounded(), n < 9e15 else { return nil }
        return Int(n)
    }
}

/// A safetensors file that cannot be read or written: the file and why.
public struct SafeTensorsError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var reason: String
    /// A write failed for want of room (ENOSPC, EDQUOT).
    public var isDiskFull = false
    public init(file: String, reason: String) {
        self.file = file
        self.reason = reason
    }
    public var description: String { "\(file): \(reason)" }
}
