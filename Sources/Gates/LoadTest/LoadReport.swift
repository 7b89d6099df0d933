/// Everything a load test measured.
public struct LoadReport: Codable, Sendable, Equatable {
    /// Where the requests went, as `http://host:port/target`.
    public var url: String
    /// Requests per second asked for.
    public var targetRate: Double
    /// Successful responses that arrived while the measured window was open, per second of it.
    public var achievedRate: Double
    /// The measured window, the warm-up before it, and the time one request may take.
    public var durationSeconds: Double
    public var warmupSeconds: Double
    public var timeoutSeconds: Double
    /// Requests due in the measured window: rate × duration.
    public var scheduled: Int
    /// Of those, how many were sent (the rest were over the in-flight cap).
    public var sent: Int
    /// Of those, how many got a complete response, whatever its status.
    public var answered: Int
    /// Of those, how many had a status below 400.
    public var succeeded: Int
    /// Failed requests by class (`refused`, `timeout`, `5xx`, …); classes with none are left out.
    public var errors: [String: Int]
    /// Failed requests over scheduled ones.
    public var errorRate: Double
    /// Latencies from each request's due time; nil when nothing was answered or timed out.
    public var latency: LatencySummary?
    /// The latest a request was sent after it was due, in milliseconds: how well the generator kept up.
    public var maxSendLagMs: Double
    /// The most requests in flight at once, and the cap on them.
    public var peakInFlight: Int
    public var inFlightCap: Int
    /// The model server's CPU and memory while the window was open, when a pid was given.
    public var server: ServerUsage?
    /// Why there are no server figures although a pid was given.
    public var serverNote: String?

    /// How many requests failed.
    public var errorCount: Int { errors.values.reduce(0, +) }

    /// How many failed with `error`.
    public func count(of error: LoadErrorClass) -> Int { errors[error.rawValue] ?? 0 }

    /// Whether the server could not be reached for any measured request.
    public var unreachable: Bool {
        scheduled > 0 && answered == 0 && errorCount == scheduled
            && errors.keys.allSatisfy { LoadErrorClass(rawValue: $0)?.isUnreachable == true }
    }
}
