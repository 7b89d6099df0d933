/// What one version of a model served over an analysis window, as the data plane measured it.
public struct VersionWindow: Sendable, Equatable, Codable {
    /// Requests the version answered in the window.
    public var requests: Int
    /// Requests that ended in an error (5xx, refused connection, timeout).
    public var errors: Int
    /// The 99th percentile of request latency in the window; zero when nothing was served.
    public var p99: Duration

    /// A window of `requests` requests, `errors` of them failed, with latency p99 `p99`.
    public init(requests: Int, errors: Int, p99: Duration) {
        self.requests = requests
        self.errors = errors
        self.p99 = p99
    }

    /// Failed requests as a fraction of all requests; zero for an empty window.
    public var errorRate: Double {
        requests == 0 ? 0 : Double(errors) / Double(requests)
    }
}
