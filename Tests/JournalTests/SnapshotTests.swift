import Foundation
import Testing
import TestSupport
@testable import Journal

/// The state the snapshot tests fold: a running sum and the entries seen.
struct Tally: Codable, Equatable {
    var sum = 0
    var seqs: [Int] = []

    /// Folds one Counted entry in.
    static func fold(_ tally: inout Tally, _ entry: JournalEntry) throws {
        tally.sum += try entry.payload(as: Counted.self).n
        tally.seqs.append(entry.seq)
    }
}

@Suite struct SnapshotTests {
    /// The full fold of `journal`, without snapshots.
    static func fullFold(_ journal: Journal) throws -> Tally {
        var tally = Tally()
        for entry in try journal.entries() { try Tally.fold(&tally, entry) }
        return tally
    }

    /// Replays `journal` from its snapshots, counting how many entries the fold saw.
    static func replay(_ journal: Journal) throws -> (Replay<Tally>, folded: Int) {
        var folded = 0
        let replay = try journal.replay(initial: Tally()) { tally, entry in
            folded += 1
            try Tally.fold(&tally, entry)
        }
        return (replay, folded)
    }

    @Test func replayWithoutSnapshotFoldsEverything() throws {
        let fixture = try JournalFixture()
        let journal = try fixture.open()
        try JournalTests.fill(journal, clock: fixture.clock, count: 4)
        let (replay, folded) = try Self.replay(journal)
        #expect(replay.state == Tally(sum: 10, seqs: [1, 2, 3, 4]))
        #expect(replay.snapshotSeq == nil && replay.lastSeq == 4 && folded == 4)
    }

    @Test func replayFromSnapshotEqualsFullFold() throws {
        let fixture = try JournalFixture()
        let journal = try fixture.open()
        try JournalTests.fill(journal, clock: fixture.clock, count: 5)
        #expect(try journal.snapshot(state: try Self.fullFold(journal)) == 5)
        try journal.append(Counted(n: 6))
        try journal.append(Counted(n: 7))

        let (replay, folded) = try Self.replay(journal)
        #expect(replay.state == (try Self.fullFold(journal)))
        #expect(replay.snapshotSeq == 5 && replay.lastSeq == 7)
        #expect(folded == 2)
        let files = try FileManager.default.contentsOfDirectory(atPath: journal.snapshots.path)
        #expect(files == ["snapshot-000000000005.json"])
    }

    /// Ways a newer snapshot can be wrong, applied to the snapshot through entry 6.
    static let spoilers: [(name: String, spoil: @Sendable (String, Journal) throws -> Void)] = [
        ("hash that does not match the entry", { path, _ in
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let hash = try #require(text.firstRange(of: /"hash":"[0-9a-f]{64}"/))
            try text.replacingCharacters(in: hash, with: #""hash":"\#(String(repeating: "ab", count: 32))""#)
                .write(toFile: path, atomically: false, encoding: .utf8)
        }),
        ("seq that does not match its file name", { path, _ in
            let text = try String(contentsOfFile: path, encoding: .utf8)
            try text.replacingOccurrences(of: #""seq":6"#, with: #""seq":4"#)
                .write(toFile: path, atomically: false, encoding: .utf8)
        }),
        ("state that no longer decodes", { path, _ in
            try #"{"seq":6,"hash":"00","state":{"total":1}}"#.write(toFile: path, atomically: false, encoding: .utf8)
        }),
        ("snapshot past the end of the journal", { _, journal in
            let beyond = journal.snapshots.file(seq: 9)
            let data = try #require(FileManager.default.contents(atPath: journal.snapshots.file(seq: 6)))
            let text = String(decoding: data, as: UTF8.self).replacingOccurrences(of: #""seq":6"#, with: #""seq":9"#)
            try text.write(toFile: beyond, atomically: false, encoding: .utf8)
            try FileManager.default.removeItem(atPath: journal.snapshots.file(seq: 6))
        }),
    ]

    @Test(arguments: spoilers)
    func mismatchedSnapshotIsIgnoredForAnOlderOne(name: String, spoil: @Sendable (String, Journal) throws -> Void) throws {
        let fixture = try JournalFixture()
        let journal = try fixture.open()
        try JournalTests.fill(journal, clock: fixture.clock, count: 3)
        try journal.snapshot(state: try Self.fullFold(journal))
        try JournalTests.fill(journal, clock: fixture.clock, count: 3)
        try journal.snapshot(state: try Self.fullFold(journal))
        try journal.append(Counted(n: 10))
        try spoil(journal.snapshots.file(seq: 6), journal)

        let (replay, folded) = try Self.replay(journal)
        #expect(replay.snapshotSeq == 3)
        #expect(folded == 4)
        #expect(replay.state == (try Self.fullFold(journal)))
    }

    @Test func snapshotOfAnotherJournalIsIgnored() throws {
        let fixture = try JournalFixture()
        let other = try JournalFixture()
        let journal = try fixture.open()
        let stranger = try other.open()
        try JournalTests.fill(journal, clock: fixture.clock, count: 3)
        for n in [5, 5, 5] { try stranger.append(Counted(n: n)) }
        try stranger.snapshot(state: try Self.fullFold(stranger))
        try FileManager.default.createDirectory(atPath: journal.snapshots.path, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: stranger.snapshots.file(seq: 3), toPath: journal.snapshots.file(seq: 3))

        let (replay, folded) = try Self.replay(journal)
        #expect(replay.snapshotSeq == nil && folded == 3)
        #expect(replay.state == Tally(sum: 6, seqs: [1, 2, 3]))
    }

    @Test func onlyTheNewestSnapshotsAreKept() throws {
        let fixture = try JournalFixture()
        let journal = try fixture.open()
        var tally = Tally()
        for n in 1...5 {
            try Tally.fold(&tally, try journal.append(Counted(n: n)))
            try journal.snapshot(state: tally)
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: journal.snapshots.path).sorted()
        #expect(files == (3...5).map { "snapshot-00000000000\($0).json" })
        #expect(try Self.replay(journal).0.snapshotSeq == 5)
    }

    @Test func emptyJournalWritesNoSnapshot() throws {
        let fixture = try JournalFixture()
        let journal = try fixture.open()
        #expect(try journal.snapshot(state: Tally()) == 0)
        #expect(!FileManager.default.fileExists(atPath: journal.snapshots.path))
    }

    @Test func verifyCatchesARewriteWithFreshHashes() throws {
        let fixture = try JournalFixture()
        let journal = try fixture.open()
        try JournalTests.fill(journal, clock: fixture.clock, count: 5)
        try journal.snapshot(state: try Self.fullFold(journal))
        var lines = try fixture.lines()
        var previous = try journal.entries()[1].hash
        for seq in 3...5 {
            let forged = try TamperingTests.line(seq: seq, previous: previous, n: 100 + seq)
            lines[seq - 1] = forged.line
            previous = forged.hash
        }
        try fixture.rewrite(lines: lines)

        let report = try Journal.verify(stateFolder: fixture.stateFolder)
        #expect(report.problem == AuditProblem(line: 5, seq: 5, kind: .disagreesWithSnapshot))
        #expect(report.description.contains("rewritten at or before entry 5"))
    }

    @Test func verifyCatchesAJournalCutShort() throws {
        let fixture = try JournalFixture()
        let journal = try fixture.open()
        try JournalTests.fill(journal, clock: fixture.clock, count: 3)
        try journal.snapshot(state: try Self.fullFold(journal))
        try JournalTests.fill(journal, clock: fixture.clock, count: 2)
        try journal.snapshot(state: try Self.fullFold(journal))
        try fixture.rewrite(lines: Array(try fixture.lines().prefix(3)))

        let report = try Journal.verify(stateFolder: fixture.stateFolder)
        #expect(report.problem == AuditProblem(line: 4, seq: 4, kind: .cutShort(snapshot: 5)))
        #expect(report.entries == 3)
        #expect(report.description.contains("entries 4 to 5 were removed from the end"))
    }

    @Test func verifyAcceptsSnapshotsThatMatch() throws {
        let fixture = try JournalFixture()
        let journal = try fixture.open()
        try JournalTests.fill(journal, clock: fixture.clock, count: 4)
        try journal.snapshot(state: try Self.fullFold(journal))
        try journal.append(Counted(n: 5))
        let report = try Journal.verify(stateFolder: fixture.stateFolder)
        #expect(report.ok && report.entries == 5)
    }
}
