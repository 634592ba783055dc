import ProxTrain

/// sign(g(y)) for one output channel as one integer comparison, where y is
/// the exact dot product of a binary layer and g the per-channel layers
/// between it and the next sign (batch norm, an activation, pooling).
///
/// Batch norm in evaluation mode is y -> gamma (y - mean) / sqrt(var + eps) + beta,
/// monotone in y (increasing for gamma > 0, decreasing for gamma < 0), and so
/// are hardtanh, ReLU and the identity, and every IEEE rounding step inside
/// them: the float function the trained network computes is monotone too.
/// Its sign over the integers is a step, found by evaluating the network's
/// own layers at every y in -K ... K, so the threshold reproduces the trained
/// network's float arithmetic exactly, ties included: sign(0) = +1
/// (docs/THEORY.md section 1), and the y where g(y) rounds to exactly 0
/// lands on the +1 side.
/// A negative gamma gives a descending threshold (+1 for small y); a zero
/// gamma a constant sign.
public struct SignThreshold: Sendable, Equatable, CustomStringConvertible {
    /// +1 exactly when y >= value (ascending) or y <= value (descending).
    public var ascending: Bool
    public var value: Int

    public init(ascending: Bool, value: Int) {
        self.ascending = ascending
        self.value = value
    }

    /// The sign this threshold gives the dot product y.
    public func sign(_ y: Int) -> Float {
        (ascending ? y >= value : y <= value) ? 1 : -1
    }

    /// The threshold of a step: `positive[i]` tells whether sign(g(lowest + i))
    /// is +1. Nil when the signs are not a step (g was not monotone).
    public static func fit(positive: [Bool], lowest: Int) -> SignThreshold? {
        guard let first = positive.first else { return SignThreshold(ascending: true, value: lowest) }
        var changes = 0
        for (a, b) in zip(positive, positive.dropFirst()) where a != b { changes += 1 }
        if changes > 1 { return nil }
        if changes == 0 {
            // Constant: +1 everywhere, or -1 everywhere (a bound past the highest y).
            return SignThreshold(ascending: true, value: first ? lowest : lowest + positive.count)
        }
        if !first {
            let i = positive.firstIndex(of: true)!
            return SignThreshold(ascending: true, value: lowest + i)
        }
        let i = positive.firstIndex(of: false)!
        return SignThreshold(ascending: false, value: lowest + i - 1)
    }

    public var description: String { ascending ? "y >= \(value)" : "y <= \(value)" }
}

/// Folds the per-channel layers after a binary layer into one threshold per channel.
public enum ThresholdFolding {
    public struct NotMonotone: Error, CustomStringConvertible {
        public let channel: Int
        public var description: String {
            "the layers after the binary layer are not monotone in channel \(channel): their sign is not one threshold"
        }
    }

    /// Thresholds for `channels` outputs whose dot products lie in -inner ... inner.
    ///
    /// - Parameter evaluate: the per-channel layers on a batch [m, channels]
    ///   (row i holds y = -inner + i in every channel), returning g(y) in the
    ///   same layout; the sign is taken here, as `VectorOps.sign` takes it.
    public static func fold(channels: Int, inner: Int,
                            evaluate: (Tensor, Int) -> Tensor) throws(NotMonotone) -> [SignThreshold] {
        let m = 2 * inner + 1
        let input = Tensor(shape: [m, channels])
        for i in 0..<m {
            let y = Float(i - inner)
            for c in 0..<channels { input.data[i * channels + c] = y }
        }
        let out = evaluate(input, m)
        var result: [SignThreshold] = []
        result.reserveCapacity(channels)
        var positive = [Bool](repeating: false, count: m)
        for c in 0..<channels {
            for i in 0..<m { positive[i] = out.data[i * channels + c] >= 0 }
            guard let t = SignThreshold.fit(positive: positive, lowest: -inner) else { throw NotMonotone(channel: c) }
            result.append(t)
        }
        return result
    }
}
