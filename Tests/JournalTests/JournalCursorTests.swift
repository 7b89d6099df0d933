import Foundation
import Testing
import TestSupport
@testable import Journal

/// Reading only what was appended since a cursor: the same entries as a full read, the chain still
/// checked from the cursor on, and a replay from a snapshot ending where a full walk ends.
@Suite struct JournalCursorTests {
    @Test func readingAfterACursorGivesTheEntriesAppendedSinceAndNothingTwice() throws {
        let fixture = try JournalFixture()
        let journal = try fixture.open()
        try JournalTests.fill(journal, clock: fixture.clock, count: 3)
        var seen: [Int] = []
        let first = try journal.forEachEntry(after: .start) { seen.append($0.seq) }
        #expect(seen == [1, 2, 3] && first.seq == 3)
        #expect(first.offset == (try fixture.bytes()).count)

        #expect(try journal.forEachEntry(after: first) { _ in Issue.record("nothing was appended") } == first)

        try JournalTests.fill(journal, clock: fixture.clock, count: 2)
        seen = []
        let second = try journal.forEachEntry(after: first) { seen.append($0.seq) }
        #expect(seen == [4, 5] && second.seq == 5)
        #expect(try journal.entries().map(\.seq) == [1, 2, 3, 4, 5])
        #expect(second.hash == (try journal.entries().last?.hash))
    }

    @Test func anEditAfterTheCursorIsStillCaught() throws {
        let fixture = try JournalFixture()
        var cursor = JournalCursor.start
        do {
            let journal = try fixture.open()
            try JournalTests.fill(journal, clock: fixture.clock, count: 2)
            cursor = try journal.forEachEntry(after: .start) { _ in }
            try JournalTests.fill(journal, clock: fixture.clock, count: 2)
        }
        var lines = try fixture.lines()
        lines[3] = lines[3].replacingOccurrences(of: "\"n\":2", with: "\"n\":9")
        try fixture.rewrite(lines: lines)
        // Reopening walks the whole chain and refuses it; a reader holding a cursor refuses it too.
        #expect(throws: JournalError.self) { try fixture.open() }
        let outcome = try ChainWalk.walk(path: fixture.journalPath, from: cursor)
        #expect(outcome.problem?.seq == 4)
    }

    @Test func replayEndsWhereAFullWalkEnds() throws {
        let fixture = try JournalFixture()
        let journal = try fixture.open()
        try JournalTests.fill(journal, clock: fixture.clock, count: 4)
        var sum = 0
        try journal.forEachEntry { sum += (try $0.event(Counted.self))?.n ?? 0 }
        try journal.snapshot(state: sum)
        try JournalTests.fill(journal, clock: fixture.clock, count: 2)
        let replay = try journal.replay(initial: 0) { state, entry in state += (try entry.event(Counted.self))?.n ?? 0 }
        let walked = try journal.forEachEntry(after: .start) { _ in }
        #expect(replay.snapshotSeq == 4)
        #expect(replay.state == 1 + 2 + 3 + 4 + 1 + 2)
        #expect(replay.cursor == walked)
    }
}
