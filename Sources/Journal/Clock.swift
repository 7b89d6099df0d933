import Foundation

/// The source of the current time, injected so that tests can set it.
public protocol Clock: Sendable {
    /// The current time.
    var now: Date { get }
}

/// The machine's wall clock.
public struct SystemClock: Clock {
    /// Creates the wall clock.
    public init() {}

    /// The current wall-clock time.
    public var now: Date { Date() }
}
