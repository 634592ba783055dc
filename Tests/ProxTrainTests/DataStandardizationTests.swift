import ProxTrain
import Testing

@Suite("Data: standardization")
struct DataStandardizationTests {
    static let train = DataSplit(featureCount: 2, features: [1, 10, 3, 10, 5, 10, 7, 10], labels: [0, 1, 0, 1])
    static let test = DataSplit(featureCount: 2, features: [4, 12], labels: [1])

    @Test("global: one mean and population std over every training number")
    func global() {
        // Values 1 3 5 7 and 10 x4: mean 56 / 8 = 7; squared deviations sum
        // to 36 + 16 + 4 + 0 + 4 * 9 = 92; variance 92 / 8 = 11.5.
        let s = Standardization.fit(Self.train, mode: .global)
        #expect(s.mean == [7])
        #expect(s.std == [Float(11.5.squareRoot())])
    }

    @Test("per feature: each column its own; a constant column divides by 1")
    func perFeature() {
        let s = Standardization.fit(Self.train, mode: .perFeature)
        #expect(s.mean == [4, 10])
        #expect(s.std == [Float(5.0.squareRoot()), 1])
        var test = Self.test
        s.apply(to: &test)
        #expect(test.features == [0, 2])
    }

    @Test("a data set is fitted on train, applied to both, and remembers the transform")
    func dataset() {
        var data = Dataset(name: "t", featureCount: 2, classCount: 2, train: Self.train, test: Self.test)
        let s = data.standardize(.perFeature)
        #expect(data.standardization == s)
        #expect(data.train.features == [-3 / Float(5.0.squareRoot()), 0, -1 / Float(5.0.squareRoot()), 0,
                                        1 / Float(5.0.squareRoot()), 0, 3 / Float(5.0.squareRoot()), 0])
        #expect(data.test.features == [0, 2])
        let after = Standardization.fit(data.train, mode: .perFeature)
        #expect(abs(after.mean[0]) < 1e-7 && abs(after.std[0] - 1) < 1e-6)
    }
}
