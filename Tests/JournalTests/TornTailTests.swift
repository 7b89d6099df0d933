import Foundation
import Testing
import TestSupport
@testable import Journal

@Suite struct TornTailTests {
    /// Ways a crash can leave the last line, as the bytes to put after three good lines: all of them
    /// lack the final newline, the last byte an append writes.
    static let tails: [(name: String, tail: String)] = [
        ("half a line", #"{"hash":"0123456789abcdef"#),
        ("a whole line without its newline", "FULL_LINE"),
        ("zeros the file system left", String(repeating: "\u{0}", count: 512)),
    ]

    /// Complete last lines that are not good entries: damage, not a torn append.
    static let damagedLastLines: [(name: String, line: String)] = [
        ("a newline-ended line that is not JSON", "{\"hash\":\"\u{0}\u{0}\u{0}"),
        ("garbage", "this entry was removed"),
        ("an empty line", ""),
        ("the fourth entry's line cut in half", "HALF_LINE"),
    ]

    @Test(arguments: damagedLastLines)
    func aCompleteLastLineThatIsNoEntryIsDamageAndNeverCut(name: String, line: String) throws {
        let fixture = try JournalFixture()
        try JournalTests.fill(try fixture.open(), clock: fixture.clock, count: 4)
        var lines = try fixture.lines()
        let fourth = lines.removeLast()
        lines.append(line == "HALF_LINE" ? String(fourth.prefix(fourth.count / 2)) : line)
        try fixture.rewrite(lines: lines)
        let before = try fixture.bytes()

        let problem = AuditProblem(line: 4, seq: 4, kind: .unreadable)
        let audit = try Journal.verify(stateFolder: fixture.stateFolder)
        #expect(!audit.ok && audit.problem == problem && audit.tornTail == nil)
        #expect(audit.description.hasPrefix("FAILED") && audit.description.contains("line 4"))
        #expect(throws: JournalError.damaged(path: fixture.journalPath, problem: problem)) { try fixture.open() }
        #expect(try fixture.bytes() == before)
    }

    @Test(arguments: tails)
    func tornLastLineIsCutBackOnOpen(name: String, tail: String) throws {
        let fixture = try JournalFixture()
        try JournalTests.fill(try fixture.open(), clock: fixture.clock, count: 4)
        var lines = try fixture.lines()
        let fourth = lines.removeLast()
        try fixture.rewrite(lines: lines)
        let good = try fixture.bytes()
        let torn = tail == "FULL_LINE" ? fourth : tail
        try fixture.replace(bytes: good + Data(torn.utf8))

        let audit = try Journal.verify(stateFolder: fixture.stateFolder)
        #expect(audit.ok)
        #expect(audit.entries == 3)
        #expect(audit.tornTail == TornTail(line: 4, offset: good.count, bytes: torn.utf8.count))

        let reopened = try fixture.open()
        #expect(reopened.repair == TornTail(line: 4, offset: good.count, bytes: torn.utf8.count))
        #expect(try fixture.bytes() == good)
        #expect(try reopened.append(Counted(n: 40)).seq == 4)
        let report = try Journal.verify(stateFolder: fixture.stateFolder)
        #expect(report.ok && report.entries == 4 && report.tornTail == nil)
    }

    @Test func emptyJournalFileOpensEmpty() throws {
        let fixture = try JournalFixture()
        try fixture.replace(bytes: Data())
        let journal = try fixture.open()
        #expect(journal.lastSeq == 0 && journal.repair == nil)
        #expect(try journal.append(Counted(n: 1)).seq == 1)
    }
}
