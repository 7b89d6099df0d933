/// The counters of one version at one moment, or the change between two moments.
public struct VersionMetricsSnapshot: Equatable, Sendable, Codable {
    /// Requests the version took (a refused canary attempt counts too).
    public var requests: Int
    /// Failed requests by why they failed.
    public var errors: [ErrorClass: Int]
    /// Requests sent and not yet answered; a gauge, so a delta keeps the later value.
    public var inFlight: Int
    /// Observations per latency bucket, one count per `LatencyBuckets.bounds` plus the overflow bucket.
    public var latencyCounts: [Int]
    /// Sum of all observed latencies, in seconds.
    public var latencySum: Double
    /// Responses with status 200.
    public var okResponses: Int
    /// 200 responses whose JSON body has no `outputs`, or an output whose `data` is null or missing.
    public var nullOutputs: Int

    /// A snapshot with nothing counted.
    public static let zero = VersionMetricsSnapshot(
        requests: 0, errors: [:], inFlight: 0,
        latencyCounts: Array(repeating: 0, count: LatencyBuckets.bounds.count + 1), latencySum: 0,
        okResponses: 0, nullOutputs: 0)

    /// Failures that are the version's fault: 5xx, refused, timed out, broken (not 4xx).
    public var errorCount: Int { errors.filter { $0.key.countsAgainstVersion }.values.reduce(0, +) }

    /// The version's failures per request, 0 when there were none.
    public var errorRate: Double { requests == 0 ? 0 : Double(errorCount) / Double(requests) }

    /// Null or missing outputs per 200 response, 0 when there were none.
    public var nullOutputFraction: Double { okResponses == 0 ? 0 : Double(nullOutputs) / Double(okResponses) }

    /// Latency observations.
    public var latencyObservations: Int { latencyCounts.reduce(0, +) }

    /// Estimated median latency in seconds, from the buckets.
    public var p50: Double? { LatencyBuckets.quantile(0.5, counts: latencyCounts) }

    /// Estimated 99th-percentile latency in seconds, from the buckets.
    public var p99: Double? { LatencyBuckets.quantile(0.99, counts: latencyCounts) }

    /// What happened between `earlier` and this snapshot; the in-flight gauge keeps its current value.
    public func delta(since earlier: VersionMetricsSnapshot) -> VersionMetricsSnapshot {
        var errors: [ErrorClass: Int] = [:]
        for errorClass in ErrorClass.allCases {
            let change = (self.errors[errorClass] ?? 0) - (earlier.errors[errorClass] ?? 0)
            if change != 0 { errors[errorClass] = change }
        }
        return VersionMetricsSnapshot(
            requests: requests - earlier.requests, errors: errors, inFlight: inFlight,
            latencyCounts: zip(latencyCounts, earlier.latencyCounts).map { $0 - $1 },
            latencySum: latencySum - earlier.latencySum, okResponses: okResponses - earlier.okResponses,
            nullOutputs: nullOutputs - earlier.nullOutputs)
    }
}
