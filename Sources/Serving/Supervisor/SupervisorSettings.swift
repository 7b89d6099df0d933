/// The supervisor's timings and limits.
public struct SupervisorSettings: Sendable {
    /// How often running servers are checked for an exit.
    public var watchInterval: Duration = .milliseconds(100)
    /// How often a starting server's readiness path is polled.
    public var probeInterval: Duration = .milliseconds(50)
    /// How long one readiness request may take.
    public var probeTimeout: Duration = .seconds(2)
    /// How long a stopped server has between `SIGTERM` and `SIGKILL`.
    public var grace: Duration = .seconds(5)
    /// The waits between restarts of a crashing server.
    public var backoff = RestartBackoff()
    /// The bytes a server's log keeps.
    public var logCap = 1 << 20
    /// How many times one start spawns a server that ends before it is ready (a lost port race) before it gives up.
    public var startAttempts = 3

    /// The defaults.
    public init() {}
}
