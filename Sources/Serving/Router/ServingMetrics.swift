import Synchronization

/// Every version's counters, created on first use and kept for the life of the router.
public final class ServingMetrics: Sendable {
    private let versions = Mutex<[VersionID: VersionMetrics]>([:])

    /// Creates an empty set of counters.
    public init() {}

    /// The counters of `id`, created zeroed if this is its first request.
    public func metrics(for id: VersionID) -> VersionMetrics {
        versions.withLock { table in
            if let existing = table[id] { return existing }
            let created = VersionMetrics(id: id)
            table[id] = created
            return created
        }
    }

    /// Every version's counters as they stand; the controller subtracts two of these for a window.
    public func snapshot() -> [VersionID: VersionMetricsSnapshot] {
        let all = versions.withLock { $0 }
        return all.mapValues { $0.snapshot() }
    }

    /// The counters in Prometheus text exposition format 0.0.4.
    public func exposition() -> String {
        PrometheusExposition.render(snapshot())
    }
}
