import Foundation
import ProxTrain
import Testing

/// The real data set, which `make test` installs (scripts/ensure-deps.sh
/// installs Debian's dataset-fashion-mnist), so its absence is a failure.
@Suite("Data: Fashion-MNIST (installed data set)")
struct DataFashionMNISTTests {
    @Test("60000 + 10000 images of 1x28x28, 6000 and 1000 per class, known first labels")
    func realLoad() throws {
        let start = ContinuousClock.now
        let data = try FashionMNIST.load()
        let seconds = (ContinuousClock.now - start) / .seconds(1)
        print("Fashion-MNIST loaded in \(String(format: "%.3f", seconds)) s")
        #expect(data.name == "fashion-mnist")
        #expect(data.train.count == 60_000 && data.test.count == 10_000)
        #expect(data.featureCount == 784 && data.imageShape == ImageShape(channels: 1, height: 28, width: 28))
        #expect(data.classCount == 10 && data.classNames?[9] == "Ankle boot")
        #expect(data.train.classCounts(10) == [Int](repeating: 6000, count: 10))
        #expect(data.test.classCounts(10) == [Int](repeating: 1000, count: 10))
        // The first labels of each file, as read by Python's gzip module.
        #expect(Array(data.train.labels.prefix(12)) == [9, 0, 0, 3, 0, 2, 7, 2, 5, 5, 0, 9])
        #expect(Array(data.test.labels.prefix(12)) == [9, 2, 1, 1, 6, 1, 4, 6, 5, 7, 4, 5])
        #expect(data.train.features.min() == 0 && data.train.features.max() == 1)

        // The reference's global statistics of the training pixels: mean
        // 0.2860406 (sum of the bytes / 255 / 47040000, computed in Python);
        // std 0.3530 is the value commonly quoted for Fashion-MNIST.
        let s = Standardization.fit(data.train, mode: .global)
        #expect(abs(s.mean[0] - 0.2860406) < 1e-6)
        #expect(abs(s.std[0] - 0.3530) < 1e-4)
    }
}
