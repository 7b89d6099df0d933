import Foundation
import Testing
@testable import Controller

/// The tally's bound: past its capacity, new clients share one window instead of growing memory.
@Suite struct RefusalTallyTests {
    func refusal(_ client: String) -> APIRefused {
        APIRefused(method: "POST", path: "/api/v1/sync", action: "sync", token: nil, reason: "no token", client: client)
    }

    @Test func clientsPastCapacityShareOneWindow() {
        var tally = RefusalTally(length: 60, capacity: 2)
        let start = Date(timeIntervalSince1970: 0)
        var journaled: [APIRefused] = []
        for client in ["a", "b", "c", "d", "e", "a"] { journaled += tally.record(refusal(client), at: start) }
        #expect(journaled.map(\.client) == ["a", "b", RefusalTally.otherClients])
        // Full of windows still open, a new client is only counted in the shared one.
        journaled = tally.close(at: start.addingTimeInterval(60))
        #expect(journaled.map(\.client) == ["a", RefusalTally.otherClients])
        #expect(journaled.map(\.count) == [2, 3])
        #expect(tally.nextClose == nil)
    }

    @Test func aFullTallyClosesExpiredWindowsBeforeSharing() {
        var tally = RefusalTally(length: 60, capacity: 1)
        let start = Date(timeIntervalSince1970: 0)
        _ = tally.record(refusal("a"), at: start)
        _ = tally.record(refusal("a"), at: start)
        let later = tally.record(refusal("b"), at: start.addingTimeInterval(61))
        #expect(later.map(\.client) == ["a", "b"])
        #expect(later.map(\.count) == [2, nil])
    }
}
