import Foundation

/// The source of the current time, injected so that tests can set it.
public protocol Clock: Sendable {
    /// The current time.
    var now: Date { get }
    /// Returns once the clock shows `deadline` or later; throws when the task is cancelled.
    func sleep(until deadline: Date) async throws
}

extension Clock {
    /// Sleeps for real until `deadline` by this clock.
    public func sleep(until deadline: Date) async throws {
        let seconds = deadline.timeIntervalSince(now)
        if seconds > 0 { try await Task.sleep(for: .nanoseconds(Int64(seconds * 1e9))) }
        try Task.checkCancellation()
    }
}

/// The machine's wall clock.
public struct SystemClock: Clock {
    /// Creates the wall clock.
    public init() {}

    /// The current wall-clock time.
    public var now: Date { Date() }
}
