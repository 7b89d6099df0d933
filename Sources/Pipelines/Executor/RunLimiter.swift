/// Lets at most `limit` jobs run at once; the others wait their turn, first come first served.
public actor RunLimiter {
    /// The most jobs that run at once.
    public let limit: Int
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// A limiter for `limit` (at least 1) jobs at once.
    public init(limit: Int) {
        precondition(limit >= 1, "a run limit must be at least 1, got \(limit)")
        self.limit = limit
    }

    /// Runs `body` once a place is free, and frees the place when it returns or throws.
    public func withPermit<Result: Sendable>(_ body: @Sendable () async throws -> Result) async throws -> Result {
        if running < limit {
            running += 1
        } else {
            await withCheckedContinuation { waiting.append($0) }
        }
        defer { release() }
        return try await body()
    }

    /// Hands the place to the longest waiter, or frees it.
    private func release() {
        if waiting.isEmpty {
            running -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
