/// Latencies in log-linear buckets: exact below 256 µs, then 128 buckets per power of two, so any
/// value is known within 1/128 (0.8 %) from 1 µs to 60 s in a few thousand counters.
///
/// The layout is that of HdrHistogram with two significant digits; fixed so that histograms
/// recorded on different threads merge by adding counts.
public struct LatencyHistogram: Sendable, Equatable {
    /// The largest value kept apart, in microseconds (60 s); larger values are counted as this.
    public static let highestMicroseconds: UInt64 = 60_000_000
    /// Values below this are their own bucket.
    private static let exactBelow: UInt64 = 256
    /// Buckets per power of two above `exactBelow`.
    private static let perOctave = 128
    private static let bucketCount = index(of: highestMicroseconds) + 1

    private var counts: [UInt64]
    /// How many values were recorded.
    public private(set) var count: UInt64 = 0
    /// The smallest and largest values recorded (after clamping), in microseconds.
    public private(set) var minimum: UInt64 = .max
    public private(set) var maximum: UInt64 = 0
    private var sum: UInt64 = 0

    /// Creates an empty histogram.
    public init() {
        counts = Array(repeating: 0, count: Self.bucketCount)
    }

    /// Counts one latency of `microseconds`.
    public mutating func record(microseconds: UInt64) {
        let value = min(microseconds, Self.highestMicroseconds)
        counts[Self.index(of: value)] += 1
        count += 1
        sum += value
        minimum = min(minimum, value)
        maximum = max(maximum, value)
    }

    /// Adds every value of `other`.
    public mutating func merge(_ other: LatencyHistogram) {
        for index in counts.indices { counts[index] += other.counts[index] }
        count += other.count
        sum += other.sum
        minimum = min(minimum, other.minimum)
        maximum = max(maximum, other.maximum)
    }

    /// The mean of the recorded values in microseconds (exact, not bucketed); nil when empty.
    public var mean: Double? {
        count == 0 ? nil : Double(sum) / Double(count)
    }

    /// The value at quantile `q` (0…1) by nearest rank, as the top of its bucket but never above
    /// the largest value recorded; nil when empty.
    public func value(atQuantile q: Double) -> UInt64? {
        guard count > 0 else { return nil }
        let rank = max(1, UInt64((q * Double(count)).rounded(.up)))
        var seen: UInt64 = 0
        for (index, bucket) in counts.enumerated() where bucket > 0 {
            seen += bucket
            if seen >= rank { return min(Self.highestValue(inBucket: index), maximum) }
        }
        return maximum
    }

    /// The bucket that holds `value`.
    static func index(of value: UInt64) -> Int {
        if value < exactBelow { return Int(value) }
        let octave = 63 - value.leadingZeroBitCount
        let shift = octave - 7
        let sub = Int(value >> UInt64(shift)) - perOctave
        return Int(exactBelow) + (octave - 8) * perOctave + sub
    }

    /// The largest value that falls into bucket `index`.
    static func highestValue(inBucket index: Int) -> UInt64 {
        if index < Int(exactBelow) { return UInt64(index) }
        let above = index - Int(exactBelow)
        let shift = above / perOctave + 1
        let sub = UInt64(above % perOctave + perOctave)
        return ((sub + 1) << UInt64(shift)) - 1
    }
}
