import ProxCore

extension DataSplit {
    /// Shuffles the examples and splits them into training and test sets,
    /// each class contributing the same fraction to the test set.
    ///
    /// Stratifying keeps a 1000-point two-class toy set's test split at
    /// exactly 100 + 100 points instead of whatever a plain random cut gives,
    /// so test accuracy is not skewed by an accidental class imbalance.
    /// Class `c` with `m` examples puts `round(m * testFraction)` of them in
    /// the test set: the first ones met in a seeded Fisher-Yates order
    /// (`Permutation`). Both splits keep that shuffled order.
    public func stratified(testFraction: Double, seed: UInt64) -> (train: DataSplit, test: DataSplit) {
        precondition(testFraction >= 0 && testFraction <= 1, "test fraction must lie in [0, 1]")
        let classCount = Int(labels.max() ?? -1) + 1
        let quota = classCounts(classCount).map { Int((Double($0) * testFraction).rounded()) }
        var rng = SplitMix64(seed: Permutation.derivedSeed(seed, stream: 0x5EED_5917))
        var taken = [Int](repeating: 0, count: classCount)
        var trainRows = [Int](), testRows = [Int]()
        for i in Permutation.random(count: count, using: &rng) {
            let c = Int(labels[i])
            if taken[c] < quota[c] {
                taken[c] += 1
                testRows.append(i)
            } else {
                trainRows.append(i)
            }
        }
        return (subset(trainRows), subset(testRows))
    }
}
