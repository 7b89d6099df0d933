/// The fixed upper bounds of the latency histogram, in seconds, from 1 ms to 10 s.
///
/// Fixed rather than configurable so that snapshots from different moments always subtract.
public enum LatencyBuckets {
    /// Upper bounds in seconds, ascending; an implicit `+Inf` bucket follows the last.
    public static let bounds: [Double] = [
        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
    ]

    /// The index of the bucket that holds `seconds`; `bounds.count` for the overflow bucket.
    static func index(of seconds: Double) -> Int {
        var low = 0
        var high = bounds.count
        while low < high {
            let middle = (low + high) / 2
            if seconds <= bounds[middle] { high = middle } else { low = middle + 1 }
        }
        return low
    }

    /// Estimates the `q` quantile (0…1) from per-bucket counts, interpolating linearly inside a
    /// bucket as Prometheus' `histogram_quantile` does; nil when there are no observations.
    ///
    /// A quantile that lands in the overflow bucket is reported as the largest finite bound.
    static func quantile(_ q: Double, counts: [Int]) -> Double? {
        let total = counts.reduce(0, +)
        guard total > 0 else { return nil }
        let rank = q * Double(total)
        var seen = 0
        for (index, count) in counts.enumerated() where count > 0 {
            if Double(seen + count) >= rank {
                guard index < bounds.count else { return bounds[bounds.count - 1] }
                let lower = index == 0 ? 0 : bounds[index - 1]
                let fraction = (rank - Double(seen)) / Double(count)
                return lower + (bounds[index] - lower) * max(0, fraction)
            }
            seen += count
        }
        return bounds[bounds.count - 1]
    }
}
