import Foundation
import Journal

/// An injected `Clock` read as time that only moves forward, for decisions of policy (how long to
/// back off, how long a server stayed ready) that tests drive with a manual clock. A wall clock set
/// back counts as no time passing, so it cannot stretch a backoff; set forward, it can end a backoff
/// or reset one early, which only restarts a server sooner.
struct ForwardClock {
    /// A point in time: how far the clock had moved forward since this reading of it began.
    struct Instant: InstantProtocol {
        fileprivate var offset: Duration

        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (left: Instant, right: Instant) -> Bool { left.offset < right.offset }
    }

    private let clock: any Clock
    /// The clock's time at the last reading.
    private var last: Date
    /// Every forward step of the clock so far, added up.
    private var moved = Duration.zero

    /// Starts reading `clock` from its time now.
    init(_ clock: any Clock) {
        self.clock = clock
        last = clock.now
    }

    /// The time now; never before an earlier reading, whatever the clock did in between.
    mutating func now() -> Instant {
        let reading = clock.now
        let step = reading.timeIntervalSince(last)
        last = reading
        if step > 0 { moved += .seconds(step) }
        return Instant(offset: moved)
    }
}
