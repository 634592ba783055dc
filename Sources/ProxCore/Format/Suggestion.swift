/// "Did you mean ...?": the known name nearest to a misspelling, used for
/// pieces, presets, experiments and commands alike.
public enum Suggestion {
    /// The candidate within `maximumDistance` edits of `name` (case-insensitive),
    /// the nearest one, the first among equals; nil when none is that near.
    public static func closest(to name: String, among candidates: [String], maximumDistance: Int = 2) -> String? {
        let lower = name.lowercased()
        var best: (name: String, distance: Int)?
        for c in candidates {
            let d = distance(lower, c.lowercased())
            if d <= maximumDistance && d < (best?.distance ?? .max) { best = (c, d) }
        }
        return best?.name
    }

    /// Edits (insert, delete, substitute, swap two neighbours) from `a` to `b`:
    /// the optimal string alignment distance, so "bnnplsu" is one swap from "bnnplus".
    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var before = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { current[j] = min(current[j], before[j - 2] + 1) }
            }
            (before, previous, current) = (previous, current, before)
        }
        return previous[b.count]
    }
}
