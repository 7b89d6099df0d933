import Testing
import TestSupport
@testable import Serving

struct ForwardClockTests {
    @Test func clockSetBackCountsAsNoTimePassing() {
        let clock = ManualClock()
        var forward = ForwardClock(clock)
        let start = forward.now()
        clock.advance(by: 10)
        #expect(start.duration(to: forward.now()) == .seconds(10))
        clock.advance(by: -3600)
        #expect(start.duration(to: forward.now()) == .seconds(10))
        clock.advance(by: 5)
        #expect(start.duration(to: forward.now()) == .seconds(15))
    }
}
