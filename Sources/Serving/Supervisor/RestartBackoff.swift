/// How long the supervisor waits before restarting a crashed server: doubling from `initial`
/// up to `cap`, back to `initial` once a server stayed ready for `resetAfter`.
public struct RestartBackoff: Sendable, Equatable {
    /// The first wait.
    public var initial: Duration
    /// The longest wait.
    public var cap: Duration
    /// How long a server must stay ready for its next crash to count as the first again.
    public var resetAfter: Duration

    /// Creates a backoff; the defaults are 0.5 s doubling to 30 s, reset after 60 s ready.
    public init(initial: Duration = .milliseconds(500), cap: Duration = .seconds(30), resetAfter: Duration = .seconds(60)) {
        self.initial = initial
        self.cap = cap
        self.resetAfter = resetAfter
    }

    /// The wait before the restart that follows `crashesInARow` earlier crashes in a row (0 for the first).
    public func delay(afterCrashesInARow crashesInARow: Int) -> Duration {
        var delay = initial
        for _ in 0..<min(crashesInARow, 32) where delay < cap { delay *= 2 }
        return min(delay, cap)
    }
}
