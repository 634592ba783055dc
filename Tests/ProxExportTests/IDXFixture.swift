import Foundation
import ProxCore

/// A small IDX folder (train and t10k images and labels, uncompressed) as
/// Fashion-MNIST ships its files, for the tests that load images.
enum IDXFixture {
    /// `counts` images of `height` x `width` random bytes per part; each
    /// image's label from `label(pixels, index)`.
    static func write(_ folder: URL, counts: (train: Int, test: Int), height: Int, width: Int, rng: inout SplitMix64,
                      label: ([UInt8], Int) -> UInt8) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        func file(_ name: String, dims: [Int], bytes: [UInt8]) throws {
            var data: [UInt8] = [0, 0, 0x08, UInt8(dims.count)]
            for d in dims { data += [UInt8(d >> 24 & 255), UInt8(d >> 16 & 255), UInt8(d >> 8 & 255), UInt8(d & 255)] }
            try Data(data + bytes).write(to: folder.appendingPathComponent(name))
        }
        for (part, n) in [("train", counts.train), ("t10k", counts.test)] {
            var pixels: [UInt8] = [], labels: [UInt8] = []
            for i in 0..<n {
                let image = (0..<(height * width)).map { _ in UInt8(rng.next() & 255) }
                pixels += image
                labels.append(label(image, i))
            }
            try file("\(part)-images-idx3-ubyte", dims: [n, height, width], bytes: pixels)
            try file("\(part)-labels-idx1-ubyte", dims: [n], bytes: labels)
        }
    }
}
