import Foundation

/// A directory holding the four IDX files of an MNIST-style data set:
///
///     train-images-idx3-ubyte[.gz]   train-labels-idx1-ubyte[.gz]
///     t10k-images-idx3-ubyte[.gz]    t10k-labels-idx1-ubyte[.gz]
///
/// These are the names LeCun's MNIST and Zalando's Fashion-MNIST both use,
/// so one loader reads either (and KMNIST and the like). Each file may be
/// gzipped or plain; the `.gz` name wins when both exist.
public enum IDXDirectory {
    public enum Part: String, Sendable, CaseIterable {
        case trainImages = "train-images-idx3-ubyte"
        case trainLabels = "train-labels-idx1-ubyte"
        case testImages = "t10k-images-idx3-ubyte"
        case testLabels = "t10k-labels-idx1-ubyte"
    }

    /// The path of `part` in `directory`, gzipped or plain, if present.
    public static func locate(_ part: Part, in directory: String) -> String? {
        let base = (directory as NSString).appendingPathComponent(part.rawValue)
        return [base + ".gz", base].first { FileManager.default.fileExists(atPath: $0) }
    }

    /// The parts missing from `directory`, named as a user would look for them.
    public static func missingParts(in directory: String) -> [Part] {
        Part.allCases.filter { locate($0, in: directory) == nil }
    }

    /// Loads the four files, scaling pixels to `[0, 1]` as `Float(byte) / 255`
    /// (the reference's `astype(float32) / 255.0`, bit for bit).
    ///
    /// Images of shape `[n, h, w]` become rows of `h * w` features with image
    /// shape `1 x h x w`; `[n, d]` files become plain `d`-feature rows.
    /// `classNames`, when given, fixes the class count; otherwise it is one
    /// more than the largest label. Pixels are not standardized here.
    public static func load(_ directory: String, name: String, classNames: [String]? = nil) throws -> Dataset {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory),
              isDirectory.boolValue else {
            throw DataError("\(directory): no such directory (expected IDX files such as \(Part.trainImages.rawValue).gz)")
        }
        let missing = missingParts(in: directory)
        if !missing.isEmpty {
            throw DataError("\(directory): missing " + missing.map { $0.rawValue + "[.gz]" }.joined(separator: ", "))
        }
        func path(_ part: Part) -> String { locate(part, in: directory)! }

        let (train, shape) = try split(images: path(.trainImages), labels: path(.trainLabels))
        let (test, testShape) = try split(images: path(.testImages), labels: path(.testLabels))
        guard train.featureCount == test.featureCount, shape == testShape else {
            throw DataError("\(path(.testImages)): examples of \(testShape.map(\.description) ?? "\(test.featureCount)") "
                + "do not match the training images' \(shape.map(\.description) ?? "\(train.featureCount)")")
        }
        let largest = Int(max(train.labels.max() ?? 0, test.labels.max() ?? 0))
        let classCount = classNames?.count ?? largest + 1
        if largest >= classCount {
            let (file, labels) = train.labels.contains { Int($0) >= classCount }
                ? (path(.trainLabels), train.labels) : (path(.testLabels), test.labels)
            let i = labels.firstIndex { Int($0) >= classCount }!
            throw DataError("\(file): label \(labels[i]) at index \(i) is outside 0..<\(classCount)")
        }
        return Dataset(name: name, featureCount: train.featureCount, imageShape: shape,
                       classCount: classCount, classNames: classNames, train: train, test: test)
    }

    static func split(images imagesPath: String, labels labelsPath: String) throws -> (DataSplit, ImageShape?) {
        let images = try IDXReader(path: imagesPath)
        let dims = images.dimensions
        let shape: ImageShape?
        switch dims.count {
        case 3: shape = ImageShape(channels: 1, height: dims[1], width: dims[2])
        case 2: shape = nil
        default:
            throw DataError("\(imagesPath): \(dims.count) dimensions, expected 3 (count, rows, columns) or 2 (count, features)")
        }
        let featureCount = dims.dropFirst().reduce(1, *)
        guard featureCount > 0 else { throw DataError("\(imagesPath): examples have no features") }
        let labels = try IDXArray.read(contentsOf: labelsPath)
        guard labels.dimensions.count == 1 else {
            throw DataError("\(labelsPath): \(labels.dimensions.count) dimensions, expected 1 (one label per image)")
        }
        guard labels.dimensions[0] == dims[0] else {
            throw DataError("\(labelsPath): \(labels.dimensions[0]) labels for \(dims[0]) images in "
                + (imagesPath as NSString).lastPathComponent)
        }
        let pixels = try scaledPixels(images)
        return (DataSplit(featureCount: featureCount, features: pixels, labels: labels.bytes.map { Int32($0) }), shape)
    }

    /// `Float(b) / 255` through a 256-entry table (the same bits as the
    /// division), converted chunk by chunk as zlib inflates, so the bytes
    /// stay in cache and are never held whole; into huge pages where the
    /// kernel grants them.
    static func scaledPixels(_ reader: borrowing IDXReader) throws -> [Float] {
        let table = (0 ..< 256).map { Float($0) / 255 }
        return try [Float](unsafeUninitializedCapacity: reader.count) { out, initialized in
            // Training gathers 100 scattered rows a step: on 2 MiB pages
            // their address lookups stay cached (an epoch's gather took
            // 0.022 s instead of 0.024-0.029 s, one thread).
            Tensor.adviseHugePages(UnsafeMutableRawPointer(out.baseAddress!), bytes: reader.count * MemoryLayout<Float>.stride)
            try table.withUnsafeBufferPointer { t in
                try reader.readData { chunk, offset in
                    let dst = out.baseAddress! + offset
                    for i in 0 ..< chunk.count { dst[i] = t[Int(chunk[i])] }
                }
            }
            initialized = reader.count
        }
    }
}
