import Foundation
import ProxTrain
import Testing

@Suite("Data: IDX reader")
struct DataIDXTests {
    /// Three 2x2 "images" whose pixels span the byte range.
    static let pixels: [UInt8] = [0, 1, 2, 3, 127, 128, 254, 255, 10, 20, 30, 40]
    static let imageFile = idxBytes(dimensions: [3, 2, 2], data: pixels)

    @Test("reads gzipped and plain files to the same exact bytes", arguments: [true, false])
    func readsBoth(gzipped: Bool) throws {
        try withTemporaryDirectory { dir in
            let path = dir + "/images" + (gzipped ? ".gz" : "")
            try (gzipped ? writeGzip : writePlain)(Self.imageFile, path)
            let array = try IDXArray.read(contentsOf: path)
            #expect(array.dimensions == [3, 2, 2])
            #expect(array.bytes == Self.pixels)
        }
    }

    @Test("reads a large gzipped file across many buffer refills")
    func readsLarge() throws {
        try withTemporaryDirectory { dir in
            let data = (0 ..< 1_000_003).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 13) }
            try writeGzip(idxBytes(dimensions: [1_000_003], data: data), to: dir + "/big.gz")
            #expect(try IDXArray.read(contentsOf: dir + "/big.gz").bytes == data)
        }
    }

    @Test("truncated data names the file and both lengths", arguments: [true, false])
    func truncated(gzipped: Bool) throws {
        try withTemporaryDirectory { dir in
            let path = dir + "/t10k-images-idx3-ubyte" + (gzipped ? ".gz" : "")
            // Header says 3x2x2 = 12 bytes of data (28 in all); only 4 follow.
            try (gzipped ? writeGzip : writePlain)(Array(Self.imageFile.prefix(20)), path)
            let message = dataErrorMessage { _ = try IDXArray.read(contentsOf: path) }
            #expect(message == "\(path): truncated: expected 28 bytes, got 20")
        }
    }

    @Test("a gzip stream cut off mid-way reads as truncated, with zlib's reason")
    func cutGzipStream() throws {
        try withTemporaryDirectory { dir in
            let data = (0 ..< 50_000).map { UInt8(truncatingIfNeeded: $0 &* 7919 >> 3) }
            try writeGzip(idxBytes(dimensions: [50_000], data: data), to: dir + "/whole.gz")
            let compressed = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "/whole.gz")))
            try writePlain(Array(compressed.prefix(compressed.count / 2)), to: dir + "/cut.gz")
            let message = dataErrorMessage { _ = try IDXArray.read(contentsOf: dir + "/cut.gz") } ?? ""
            #expect(message.hasPrefix("\(dir)/cut.gz: truncated: expected 50008 bytes, got "))
            #expect(message.hasSuffix("(unexpected end of file)"))
        }
    }

    @Test("a header cut short is truncated too")
    func truncatedHeader() throws {
        try withTemporaryDirectory { dir in
            try writePlain([0, 0, 8], to: dir + "/a")
            #expect(dataErrorMessage { _ = try IDXArray.read(contentsOf: dir + "/a") }
                == "\(dir)/a: truncated: expected at least 4 bytes, got 3")
            try writePlain([0, 0, 8, 3, 0, 0, 0, 3, 0, 0], to: dir + "/b")
            #expect(dataErrorMessage { _ = try IDXArray.read(contentsOf: dir + "/b") }
                == "\(dir)/b: truncated: expected at least 16 bytes, got 10")
        }
    }

    @Test("wrong magic is shown in hex", arguments: [true, false])
    func wrongMagic(gzipped: Bool) throws {
        try withTemporaryDirectory { dir in
            let path = dir + "/zip"
            try (gzipped ? writeGzip : writePlain)([0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 0], path)
            #expect(dataErrorMessage { _ = try IDXArray.read(contentsOf: path) }
                == "\(path): wrong magic 0x504B0304: not an IDX file (expected 0x00 0x00, a type code, a rank)")
        }
    }

    @Test("other element types and rank 0 are refused by name")
    func unsupported() throws {
        try withTemporaryDirectory { dir in
            try writePlain(idxBytes(dimensions: [1], data: [0, 0, 0, 0], type: 0x0D), to: dir + "/f")
            #expect(dataErrorMessage { _ = try IDXArray.read(contentsOf: dir + "/f") }
                == "\(dir)/f: element type float32 (magic 0x00000D01) is not supported: expected unsigned byte (0x08)")
            try writePlain([0, 0, 8, 0], to: dir + "/r")
            #expect(dataErrorMessage { _ = try IDXArray.read(contentsOf: dir + "/r") }
                == "\(dir)/r: wrong magic 0x00000800: rank 0, expected at least one dimension")
        }
    }

    @Test("bytes past the declared length are an error")
    func trailing() throws {
        try withTemporaryDirectory { dir in
            try writeGzip(Self.imageFile + [9], to: dir + "/x.gz")
            #expect(dataErrorMessage { _ = try IDXArray.read(contentsOf: dir + "/x.gz") }
                == "\(dir)/x.gz: trailing data: expected 28 bytes for dimensions 3x2x2, got more")
        }
    }

    @Test("a missing file is named")
    func missingFile() {
        #expect(dataErrorMessage { _ = try IDXArray.read(contentsOf: "/nonexistent/train-images-idx3-ubyte.gz") }
            == "/nonexistent/train-images-idx3-ubyte.gz: no such file")
    }
}

@Suite("Data: IDX directories and Fashion-MNIST lookup")
struct DataIDXDirectoryTests {
    /// Writes an MNIST-style directory: 3 training and 2 test 2x2 images,
    /// some files gzipped and some plain.
    static func writeSet(in dir: String, trainLabels: [UInt8] = [2, 0, 1], skip: IDXDirectory.Part? = nil) throws {
        let files: [(IDXDirectory.Part, [UInt8], Bool)] = [
            (.trainImages, idxBytes(dimensions: [3, 2, 2], data: Array(0 ..< 12).map { UInt8($0 * 20) }), true),
            (.trainLabels, idxBytes(dimensions: [trainLabels.count], data: trainLabels), false),
            (.testImages, idxBytes(dimensions: [2, 2, 2], data: [255, 0, 0, 255, 51, 102, 153, 204]), false),
            (.testLabels, idxBytes(dimensions: [2], data: [1, 1]), true),
        ]
        for (part, bytes, gzipped) in files where part != skip {
            let path = dir + "/" + part.rawValue
            if gzipped { try writeGzip(bytes, to: path + ".gz") } else { try writePlain(bytes, to: path) }
        }
    }

    @Test("loads four files, .gz or plain, scaling pixels by 1/255 exactly")
    func loadsDirectory() throws {
        try withTemporaryDirectory { dir in
            try Self.writeSet(in: dir)
            let data = try IDXDirectory.load(dir, name: "tiny")
            #expect(data.name == "tiny")
            #expect(data.featureCount == 4 && data.imageShape == ImageShape(channels: 1, height: 2, width: 2))
            #expect(data.classCount == 3 && data.classNames == nil)
            #expect(data.train.labels == [2, 0, 1] && data.test.labels == [1, 1])
            #expect(bits(data.train.features) == bits((0 ..< 12).map { Float($0 * 20) / 255 }))
            #expect(data.test.features == [1, 0, 0, 1, 0.2, 0.4, 0.6, 0.8])
        }
    }

    @Test("a missing file is named with both spellings")
    func missingPart() throws {
        try withTemporaryDirectory { dir in
            try Self.writeSet(in: dir, skip: .testLabels)
            #expect(dataErrorMessage { _ = try IDXDirectory.load(dir, name: "x") }
                == "\(dir): missing t10k-labels-idx1-ubyte[.gz]")
            #expect(dataErrorMessage { _ = try IDXDirectory.load(dir + "/nope", name: "x") }
                == "\(dir)/nope: no such directory (expected IDX files such as train-images-idx3-ubyte.gz)")
        }
    }

    @Test("label count must match image count; labels must fit the class names")
    func inconsistent() throws {
        try withTemporaryDirectory { dir in
            try Self.writeSet(in: dir, trainLabels: [0, 1])
            #expect(dataErrorMessage { _ = try IDXDirectory.load(dir, name: "x") }
                == "\(dir)/train-labels-idx1-ubyte: 2 labels for 3 images in train-images-idx3-ubyte.gz")
        }
        try withTemporaryDirectory { dir in
            try Self.writeSet(in: dir, trainLabels: [0, 7, 1])
            #expect(dataErrorMessage { _ = try IDXDirectory.load(dir, name: "x", classNames: ["a", "b"]) }
                == "\(dir)/train-labels-idx1-ubyte: label 7 at index 1 is outside 0..<2")
        }
    }

    @Test("Fashion-MNIST: a missing directory names the Debian package")
    func fashionMissing() throws {
        try withTemporaryDirectory { dir in
            let missing = dir + "/fashion-mnist"
            #expect(dataErrorMessage { _ = try FashionMNIST.load(directory: missing) }
                == "Fashion-MNIST not found in \(missing): install it with `apt-get install dataset-fashion-mnist` "
                + "(or set FMNIST_DIR / pass a directory)")
            try Self.writeSet(in: dir, skip: .trainImages)
            #expect(dataErrorMessage { _ = try FashionMNIST.load(directory: dir) }
                == "Fashion-MNIST not found in \(dir) (missing train-images-idx3-ubyte[.gz]): install it with "
                + "`apt-get install dataset-fashion-mnist` (or set FMNIST_DIR / pass a directory)")
        }
    }

    @Test("Fashion-MNIST: FMNIST_DIR is honoured, an explicit directory wins")
    func fashionDirectory() throws {
        #expect(FashionMNIST.directory(environment: [:]) == "/usr/share/datasets/fashion-mnist")
        #expect(FashionMNIST.directory(environment: ["FMNIST_DIR": "/d"]) == "/d")
        #expect(FashionMNIST.directory("/e", environment: ["FMNIST_DIR": "/d"]) == "/e")
        try withTemporaryDirectory { dir in
            try Self.writeSet(in: dir)
            let data = try FashionMNIST.load(environment: ["FMNIST_DIR": dir])
            #expect(data.train.count == 3 && data.classCount == 10)
            #expect(data.classNames?.first == "T-shirt/top")
        }
    }
}
