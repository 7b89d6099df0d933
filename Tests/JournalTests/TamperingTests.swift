import Foundation
import Testing
import TestSupport
@testable import Journal

/// One way of damaging a five-entry journal, and what verify must name.
struct Tampering: Sendable, CustomTestStringConvertible {
    let name: String
    let damage: @Sendable ([String]) throws -> [String]
    let expected: AuditProblem
    var testDescription: String { name }
}

@Suite struct TamperingTests {
    /// A JSON body for entry `seq` chained to `previous`, built the way the journal builds it.
    static func line(seq: Int, previous: Digest, n: Int) throws -> (line: String, hash: Digest) {
        let body = try JournalLine.body(
            seq: seq, time: Date(timeIntervalSince1970: 0), type: Counted.type, previous: previous,
            payload: Array(#"{"n":\#(n)}"#.utf8))
        let line = JournalLine.line(body: body)
        return (String(decoding: line.dropLast(), as: UTF8.self), SHA256.hash(body))
    }

    static let cases: [Tampering] = [
        Tampering(name: "payload of entry 3 edited", damage: { lines in
            var lines = lines
            lines[2] = lines[2].replacingOccurrences(of: #""n":3"#, with: #""n":9"#)
            return lines
        }, expected: AuditProblem(line: 3, seq: 3, kind: .changed)),
        Tampering(name: "time of entry 2 edited", damage: { lines in
            var lines = lines
            lines[1] = lines[1].replacingOccurrences(of: "T00:00:00.250Z", with: "T00:00:01.250Z")
            return lines
        }, expected: AuditProblem(line: 2, seq: 2, kind: .changed)),
        Tampering(name: "entry 3 edited and its own hash recomputed", damage: { lines in
            var lines = lines
            let previous = try #require(Digest(String(lines[1].dropFirst(9).prefix(64))))
            lines[2] = try line(seq: 3, previous: previous, n: 99).line
            return lines
        }, expected: AuditProblem(line: 4, seq: 4, kind: .brokenLink)),
        Tampering(name: "entry 3 removed", damage: { lines in
            var lines = lines
            lines.remove(at: 2)
            return lines
        }, expected: AuditProblem(line: 3, seq: 3, kind: .sequence(found: 4))),
        Tampering(name: "entries 2 and 3 swapped", damage: { lines in
            var lines = lines
            lines.swapAt(1, 2)
            return lines
        }, expected: AuditProblem(line: 2, seq: 2, kind: .sequence(found: 3))),
        Tampering(name: "entry 2 repeated", damage: { lines in
            var lines = lines
            lines.insert(lines[1], at: 2)
            return lines
        }, expected: AuditProblem(line: 3, seq: 3, kind: .sequence(found: 2))),
        Tampering(name: "garbage line in the middle", damage: { lines in
            var lines = lines
            lines[1] = "not a journal line"
            return lines
        }, expected: AuditProblem(line: 2, seq: 2, kind: .unreadable)),
        Tampering(name: "sequence gap in a well-chained journal", damage: { _ in
            let first = try line(seq: 1, previous: .genesis, n: 1)
            let second = try line(seq: 2, previous: first.hash, n: 2)
            let fourth = try line(seq: 4, previous: second.hash, n: 4)
            let fifth = try line(seq: 5, previous: fourth.hash, n: 5)
            return [first.line, second.line, fourth.line, fifth.line]
        }, expected: AuditProblem(line: 3, seq: 3, kind: .sequence(found: 4))),
    ]

    @Test(arguments: cases)
    func verifyNamesTheFirstDamagedEntry(_ tampering: Tampering) throws {
        let fixture = try JournalFixture()
        try JournalTests.fill(try fixture.open(), clock: fixture.clock, count: 5)
        try fixture.rewrite(lines: try tampering.damage(try fixture.lines()))

        let report = try Journal.verify(stateFolder: fixture.stateFolder)
        #expect(!report.ok)
        #expect(report.problem == tampering.expected)
        #expect(report.entries == tampering.expected.seq - 1)
        #expect(report.description.hasPrefix("FAILED"))
        #expect(report.description.contains("line \(tampering.expected.line)"))
    }

    @Test(arguments: cases)
    func openingADamagedJournalFailsAndChangesNothing(_ tampering: Tampering) throws {
        let fixture = try JournalFixture()
        try JournalTests.fill(try fixture.open(), clock: fixture.clock, count: 5)
        try fixture.rewrite(lines: try tampering.damage(try fixture.lines()))
        let before = try fixture.bytes()

        #expect(throws: JournalError.damaged(path: fixture.journalPath, problem: tampering.expected)) {
            try fixture.open()
        }
        #expect(try fixture.bytes() == before)
    }

    @Test func problemDescriptionsNameEntryAndLine() {
        #expect(AuditProblem(line: 3, seq: 3, kind: .changed).description
            == "entry 3 (line 3) was changed: its content no longer matches its hash")
        #expect(AuditProblem(line: 3, seq: 3, kind: .sequence(found: 5)).description
            .hasPrefix("entry 3 is missing: line 3 holds entry 5"))
        #expect(AuditProblem(line: 4, seq: 4, kind: .sequence(found: 2)).description
            .hasPrefix("entry 2 appears again at line 4"))
    }
}
