// Shape: any; storage is `count` contiguous Floats, row-major (last index fastest).

import Glibc

/// A contiguous block of Floats with a shape, allocated once and never copied.
///
/// Training buffers have identity: a layer keeps a reference to its input for
/// the backward pass, and the optimizer updates parameters in place. A value
/// type with copy-on-write would silently copy a megabyte inside a step the
/// first time two references existed, so `Tensor` is a final class that owns
/// a 64-byte aligned `UnsafeMutablePointer<Float>` and frees it in `deinit`.
/// Hot loops take `data` (or `buffer`) once and index the pointer: no bounds
/// checks, no exclusivity checks, and the loops vectorize.
///
/// A tensor is owned by one thread at a time (the trainer's); it is not
/// `Sendable`, so the compiler refuses to share it by accident.
///
///     let x = Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6])
///     x[1, 2]        // 6
///     x.fill(0)
public final class Tensor {
    /// The allocated shape. Layers allocate for the largest batch they will
    /// see and run on the first `batch` rows; the shape keeps the capacity.
    public let shape: [Int]
    /// Number of Floats, the product of `shape`.
    public let count: Int
    /// The storage. Valid for the tensor's lifetime; never reallocated.
    public let data: UnsafeMutablePointer<Float>

    /// Zero-filled storage of the given shape.
    public init(shape: [Int]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in \(shape)")
        self.shape = shape
        count = shape.reduce(1, *)
        let raw = Self.allocate(bytes: max(count, 1) * MemoryLayout<Float>.stride)
        data = raw.bindMemory(to: Float.self, capacity: max(count, 1))
        data.initialize(repeating: 0, count: max(count, 1))
    }

    /// Bytes from which a tensor gets huge pages: a layer's weights and
    /// their gradient and optimizer state (1.6 MB each for 784x512).
    static let hugePageThreshold = 1 << 20
    static let hugePage = 2 << 20

    /// 64-byte alignment (one AVX-512 vector, one cache line) for small
    /// tensors; large ones get whole 2 MiB pages, asked for with
    /// madvise(MADV_HUGEPAGE) before the first touch.
    ///
    /// Why: a train step streams the weights, gradients, Adam's moments and
    /// w (13 MB on the reference MLP) and the products' operands, more than
    /// the 3,072 TLB entries cover at 4 KiB a page. Two reference models,
    /// one on each kind of page, trained in alternating blocks of 20 steps
    /// in one process: 1.5% faster on huge pages. The rounding up costs at
    /// most 2 MiB a tensor; where the kernel refuses, the pages stay small.
    static func allocate(bytes: Int) -> UnsafeMutableRawPointer {
        guard bytes >= hugePageThreshold else {
            return UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
        }
        let rounded = (bytes + hugePage - 1) / hugePage * hugePage
        let raw = UnsafeMutableRawPointer.allocate(byteCount: rounded, alignment: hugePage)
        _ = madvise(raw, rounded, MADV_HUGEPAGE)
        return raw
    }

    /// Asks for huge pages on the whole 2 MiB pages inside a buffer that is
    /// about to be written for the first time (a data set's pixels).
    static func adviseHugePages(_ start: UnsafeMutableRawPointer, bytes: Int) {
        let first = (Int(bitPattern: start) + hugePage - 1) / hugePage * hugePage
        let last = (Int(bitPattern: start) + bytes) / hugePage * hugePage
        guard last > first, let base = UnsafeMutableRawPointer(bitPattern: first) else { return }
        _ = madvise(base, last - first, MADV_HUGEPAGE)
    }

    /// Storage of the given shape filled with `values` (row-major).
    public convenience init(shape: [Int], values: [Float]) {
        self.init(shape: shape)
        precondition(values.count == count, "\(values.count) values for shape \(shape)")
        values.withUnsafeBufferPointer { data.update(from: $0.baseAddress!, count: count) }
    }

    deinit {
        UnsafeMutableRawPointer(data).deallocate()
    }

    /// The whole storage as a buffer pointer.
    public var buffer: UnsafeMutableBufferPointer<Float> {
        UnsafeMutableBufferPointer(start: data, count: count)
    }

    /// The first `count` elements as a read-only buffer.
    public func prefix(_ count: Int) -> UnsafeBufferPointer<Float> {
        precondition(count <= self.count)
        return UnsafeBufferPointer(start: data, count: count)
    }

    /// Element access for tests and tools; hot loops use `data`.
    public subscript(index: Int) -> Float {
        get { precondition(index >= 0 && index < count); return data[index] }
        set { precondition(index >= 0 && index < count); data[index] = newValue }
    }

    /// Row-major multi-index access for tests and tools.
    public subscript(indices: Int...) -> Float {
        get { data[offset(indices)] }
        set { data[offset(indices)] = newValue }
    }

    private func offset(_ indices: [Int]) -> Int {
        precondition(indices.count == shape.count, "\(indices.count) indices for shape \(shape)")
        var flat = 0
        for (i, d) in zip(indices, shape) {
            precondition(i >= 0 && i < d, "index \(indices) out of shape \(shape)")
            flat = flat * d + i
        }
        return flat
    }

    /// Every element set to `value`.
    public func fill(_ value: Float) { VectorOps.fill(data, count: count, value: value) }

    /// Copies `source` into this tensor; the counts must agree.
    public func copy(from source: Tensor) {
        precondition(source.count == count, "copy of \(source.count) into \(count) elements")
        VectorOps.copy(source.data, to: data, count: count)
    }

    /// A Swift array of the contents (allocates; for tests and reports).
    public func toArray() -> [Float] { Array(UnsafeBufferPointer(start: data, count: count)) }
}
