/// The latency figures of a load test, in milliseconds, each request timed from when it was due.
public struct LatencySummary: Codable, Sendable, Equatable {
    /// How many latencies were recorded (answered requests and timeouts).
    public var count: Int
    /// The smallest and the mean, exact.
    public var min: Double
    public var mean: Double
    /// Percentiles by nearest rank, each the top of its histogram bucket (within 0.8 %).
    public var p50: Double
    public var p90: Double
    public var p99: Double
    public var p999: Double
    /// The largest, exact.
    public var max: Double

    /// The summary of `histogram`; nil when it is empty.
    public init?(_ histogram: LatencyHistogram) {
        guard let mean = histogram.mean,
              let p50 = histogram.value(atQuantile: 0.5), let p90 = histogram.value(atQuantile: 0.9),
              let p99 = histogram.value(atQuantile: 0.99), let p999 = histogram.value(atQuantile: 0.999) else { return nil }
        count = Int(histogram.count)
        min = Double(histogram.minimum) / 1_000
        self.mean = mean / 1_000
        self.p50 = Double(p50) / 1_000
        self.p90 = Double(p90) / 1_000
        self.p99 = Double(p99) / 1_000
        self.p999 = Double(p999) / 1_000
        max = Double(histogram.maximum) / 1_000
    }
}
