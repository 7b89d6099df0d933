import Synchronization

/// The live counters of one version: cheap to update from any loop thread, one lock each.
public final class VersionMetrics: Sendable {
    /// The version counted.
    public let id: VersionID
    private let counters = Mutex(VersionMetricsSnapshot.zero)

    /// Creates zeroed counters for `id`.
    public init(id: VersionID) {
        self.id = id
    }

    /// Counts a request sent to the version, now in flight.
    func begin() {
        counters.withLock {
            $0.requests += 1
            $0.inFlight += 1
        }
    }

    /// Counts the end of a request begun with `begin()`: its latency, status or error class, and
    /// whether a 200 answer carried null outputs.
    ///
    /// A refused connection passes no latency: its near-zero time would flatter the histogram.
    func end(seconds: Double?, status: Int?, error: ErrorClass?, nullOutputs: Bool = false) {
        let bucket = seconds.map(LatencyBuckets.index(of:))
        counters.withLock {
            $0.inFlight -= 1
            if let bucket, let seconds {
                $0.latencyCounts[bucket] += 1
                $0.latencySum += seconds
            }
            if let error { $0.errors[error, default: 0] += 1 }
            if status == 200 {
                $0.okResponses += 1
                if nullOutputs { $0.nullOutputs += 1 }
            }
        }
    }

    /// The counters as they stand.
    public func snapshot() -> VersionMetricsSnapshot {
        counters.withLock { $0 }
    }
}
