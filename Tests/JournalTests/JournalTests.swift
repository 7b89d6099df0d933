import Foundation
import Testing
import TestSupport
@testable import Journal

/// A small event the tests journal.
struct Counted: Event, Equatable {
    static let type = "test.counted"
    let n: Int
}

/// Another event type, to check that typed reads tell them apart.
struct Renamed: Event, Equatable {
    static let type = "test.renamed"
    let name: String
}

@Suite struct JournalTests {
    /// Appends `count` Counted events with n = 1…count, moving the clock 250 ms between them.
    static func fill(_ journal: Journal, clock: ManualClock, count: Int) throws {
        for n in 1...count {
            try journal.append(Counted(n: n))
            clock.advance(by: 0.25)
        }
    }

    @Test func appendsAndReadsBack() throws {
        let fixture = try JournalFixture()
        let journal = try fixture.open()
        let start = fixture.clock.now
        try Self.fill(journal, clock: fixture.clock, count: 3)
        try journal.append(Renamed(name: "fraud/detector \"v2\"\nnext"))

        let entries = try journal.entries()
        #expect(entries.map(\.seq) == [1, 2, 3, 4])
        #expect(entries.map(\.type) == ["test.counted", "test.counted", "test.counted", "test.renamed"])
        #expect(try entries.prefix(3).map { try $0.payload(as: Counted.self).n } == [1, 2, 3])
        #expect(try entries[3].event(Renamed.self) == Renamed(name: "fraud/detector \"v2\"\nnext"))
        #expect(try entries[3].event(Counted.self) == nil)
        #expect(entries[0].previous == .genesis)
        #expect(entries[1].previous == entries[0].hash)
        #expect(entries[3].previous == entries[2].hash)
        #expect(entries[1].time == start.addingTimeInterval(0.25))
        #expect(try journal.entries(from: 3).map(\.seq) == [3, 4])
        #expect(journal.lastSeq == 4)
        #expect(try fixture.lines().count == 4)
    }

    @Test func reopenedJournalContinuesTheChain() throws {
        let fixture = try JournalFixture()
        try Self.fill(try fixture.open(), clock: fixture.clock, count: 2)
        let journal = try fixture.open()
        #expect(journal.repair == nil)
        #expect(journal.lastSeq == 2)
        let third = try journal.append(Counted(n: 3))
        #expect(third.seq == 3)
        #expect(third.previous == (try journal.entries()[1].hash))
        let report = try Journal.verify(stateFolder: fixture.stateFolder)
        #expect(report.ok)
        #expect(report.entries == 3)
        #expect(report.description.hasPrefix("ok: 3 entries"))
    }

    @Test func readerBesideTheWriterSeesCommittedEntriesOnly() throws {
        let fixture = try JournalFixture()
        let journal = try fixture.open()
        try Self.fill(journal, clock: fixture.clock, count: 3)
        try fixture.replace(bytes: try fixture.bytes() + Data(#"{"hash":"12"#.utf8))
        let entries = try Journal.entries(stateFolder: fixture.stateFolder, from: 2)
        #expect(entries.map(\.seq) == [2, 3])
        #expect(try entries.map { try $0.payload(as: Counted.self) } == [Counted(n: 2), Counted(n: 3)])
    }

    @Test func lineHashCoversTheExactBodyBytes() throws {
        let fixture = try JournalFixture()
        let entry = try fixture.open().append(Counted(n: 7))
        let line = try #require(try fixture.lines().first)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["hash"] as? String == entry.hash.hex)
        let inner = try #require(object["entry"] as? [String: Any])
        #expect(inner["seq"] as? Int == 1)
        #expect(inner["time"] as? String == "2026-01-01T00:00:00.000Z")
        #expect(inner["type"] as? String == "test.counted")
        #expect(inner["prev"] as? String == Digest.genesis.hex)
        let body = Array(line.utf8.dropFirst(#"{"hash":"","entry":"#.utf8.count + 64).dropLast())
        #expect(body == entry.body)
        #expect(SHA256.hash(body) == entry.hash)
    }

    @Test func payloadOfTheWrongTypeNamesTheEntry() throws {
        let fixture = try JournalFixture()
        let journal = try fixture.open()
        try journal.append(Counted(n: 1))
        let error = #expect(throws: JournalError.self) { try journal.entries()[0].payload(as: Renamed.self) }
        #expect(error?.description.contains("journal entry 1 of type test.counted does not decode as Renamed") == true)
    }

    @Test func verifyingAFolderWithoutAJournalSaysSo() throws {
        let folder = try TemporaryDirectory()
        #expect(throws: JournalError.notFound(path: folder.path + "/journal.jsonl")) {
            try Journal.verify(stateFolder: folder.path)
        }
    }
}
