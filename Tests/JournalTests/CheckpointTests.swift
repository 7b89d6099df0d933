import Foundation
import Testing
import TestSupport
@testable import Journal

/// One way of tampering with a five-entry journal signed at entries 3 and 5, what the chain alone
/// says, and what the checkpoints say.
struct CheckpointedTampering: Sendable, CustomTestStringConvertible {
    let name: String
    let damage: @Sendable (JournalFixture) throws -> Void
    /// The chain's problem, or nil when the chain alone verifies.
    let chainAlone: AuditProblem?
    /// The entries the chain verifies.
    let entries: Int
    /// The failed check and the checkpoint line with the key; nil when the checkpoints hold (or are not judged).
    let withKey: (kind: CheckpointProblem.Kind, line: Int)?
    var testDescription: String { name }
}

@Suite struct CheckpointTests {
    static let key = CheckpointKey(bytes: Array(String(repeating: "k", count: 32).utf8))
    static let otherKey = CheckpointKey(bytes: Array(String(repeating: "o", count: 32).utf8))

    /// Five entries, checkpointed after the third and the fifth.
    static func signedJournal(key: CheckpointKey = key) throws -> JournalFixture {
        let fixture = try JournalFixture()
        let journal = try fixture.open()
        let writer = try CheckpointWriter(journal: journal, key: key, clock: fixture.clock)
        try JournalTests.fill(journal, clock: fixture.clock, count: 3)
        #expect(try writer.write()?.seq == 3)
        for n in 4...5 { try journal.append(Counted(n: n)) }
        #expect(try writer.write()?.seq == 5)
        return fixture
    }

    /// The `"n":…` of entry `seq` changed, every hash after it recomputed.
    static func rewrite(_ fixture: JournalFixture, entry seq: Int) throws {
        try fixture.rewrite(lines: JournalFixture.rechained(try fixture.lines()) { at, body in
            at == seq ? body.replacingOccurrences(of: #""n":\#(seq)"#, with: #""n":\#(seq * 100)"#) : body
        })
    }

    static var checkpointsPath: (JournalFixture) -> String { { $0.stateFolder + "/checkpoints.jsonl" } }

    static let cases: [CheckpointedTampering] = [
        CheckpointedTampering(name: "entry 2 edited, every later hash recomputed", damage: { try rewrite($0, entry: 2) },
                              chainAlone: nil, entries: 5, withKey: (.rewritten, 1)),
        CheckpointedTampering(name: "entry 5 edited, its hash recomputed", damage: { try rewrite($0, entry: 5) },
                              chainAlone: nil, entries: 5, withKey: (.rewritten, 2)),
        CheckpointedTampering(name: "the last two entries deleted", damage: { try $0.rewrite(lines: Array(try $0.lines().prefix(3))) },
                              chainAlone: nil, entries: 3, withKey: (.cutShort(journalEnds: 3), 2)),
        CheckpointedTampering(name: "every entry deleted", damage: { try $0.rewrite(lines: []) },
                              chainAlone: nil, entries: 0, withKey: (.cutShort(journalEnds: 0), 1)),
        CheckpointedTampering(name: "a fresh chain of the same length", damage: { fixture in
            try fixture.rewrite(lines: JournalFixture.rechained(try fixture.lines()) { _, body in
                body.replacingOccurrences(of: #""time":"2026"#, with: #""time":"2025"#)
            })
        }, chainAlone: nil, entries: 5, withKey: (.rewritten, 1)),
        CheckpointedTampering(name: "the checkpoint file removed", damage: { unlink(checkpointsPath($0)) },
                              chainAlone: nil, entries: 5, withKey: (.missing(entries: 5), 0)),
        CheckpointedTampering(name: "the last complete line replaced with garbage", damage: { fixture in
            try fixture.rewrite(lines: Array(try fixture.lines().prefix(4)) + ["garbage"])
        }, chainAlone: AuditProblem(line: 5, seq: 5, kind: .unreadable), entries: 4, withKey: nil),
        CheckpointedTampering(name: "a torn append without its newline", damage: { fixture in
            try fixture.replace(bytes: try fixture.bytes() + Data(#"{"hash":"01"#.utf8))
        }, chainAlone: nil, entries: 5, withKey: nil),
    ]

    @Test(arguments: cases)
    func verifyWithAndWithoutTheKey(_ tampering: CheckpointedTampering) throws {
        let fixture = try Self.signedJournal()
        try tampering.damage(fixture)

        let chain = try Journal.verify(stateFolder: fixture.stateFolder)
        #expect(chain.problem == tampering.chainAlone)
        #expect(chain.entries == tampering.entries)
        #expect(chain.checkpoints == nil)
        if tampering.chainAlone == nil {
            #expect(chain.ok && chain.description.contains("pass --key FILE"), "\(chain)")
        }

        let signed = try Journal.verify(stateFolder: fixture.stateFolder, key: Self.key)
        #expect(signed.problem == tampering.chainAlone)
        let problem = try #require(signed.checkpoints).problem
        #expect(problem?.kind == tampering.withKey?.kind, "\(signed)")
        #expect(problem?.line == tampering.withKey?.line)
        #expect(signed.ok == (tampering.chainAlone == nil && tampering.withKey == nil))
        if !signed.ok { #expect(signed.description.hasPrefix("FAILED")) }
    }

    @Test func anUntouchedJournalVerifiesAndSaysWhatIsUncovered() throws {
        let fixture = try Self.signedJournal()
        try fixture.open().append(Counted(n: 6))
        let report = try Journal.verify(stateFolder: fixture.stateFolder, key: Self.key)
        #expect(report.ok)
        let audit = try #require(report.checkpoints)
        #expect(audit.verified == 2 && audit.newest?.seq == 5 && audit.uncovered == 1)
        #expect(report.description.contains("2 checkpoints signed by key \(Self.key.id) hold, the newest at entry 5"), "\(report)")
        #expect(report.description.contains("the 1 entries after it are vouched for by the chain alone"))
    }

    @Test func aRewrittenChainWithCheckpointsEditedToMatchFailsTheirSignature() throws {
        let fixture = try Self.signedJournal()
        try Self.rewrite(fixture, entry: 2)
        let hashes = try fixture.lines().map { String($0.dropFirst(9).prefix(64)) }
        let path = Self.checkpointsPath(fixture)
        // The hash each checkpoint signed, swapped for the rewritten entry's; the MAC cannot follow.
        let encoder = JSONEncoder()
        let checkpoints = try CheckpointLog.read(path: path).lines.map { line in
            let signed = try #require(line.checkpoint)
            let swapped = Checkpoint(seq: signed.seq, hash: try #require(Digest(hashes[signed.seq - 1])), time: signed.time,
                                     keyId: signed.keyId, mac: signed.mac)
            return String(decoding: try encoder.encode(swapped), as: UTF8.self) + "\n"
        }.joined()
        try checkpoints.write(toFile: path, atomically: false, encoding: .utf8)

        let report = try Journal.verify(stateFolder: fixture.stateFolder, key: Self.key)
        let problem = try #require(report.checkpoints?.problem)
        #expect(problem.kind == .badSignature && problem.line == 1)
        #expect(problem.description.contains("forged or edited after signing"))
        #expect(!report.ok && report.problem == nil)
    }

    @Test func aCheckpointFromAnotherKeyIsNamed() throws {
        let fixture = try Self.signedJournal()
        let journal = try fixture.open()
        try journal.append(Counted(n: 6))
        try CheckpointWriter(journal: journal, key: Self.otherKey, clock: fixture.clock).write()

        let report = try Journal.verify(stateFolder: fixture.stateFolder, key: Self.key)
        let problem = try #require(report.checkpoints?.problem)
        #expect(problem.kind == .otherKey(found: Self.otherKey.id) && problem.line == 3)
        #expect(problem.description.contains("was signed by key \(Self.otherKey.id), not by the key given (\(Self.key.id))"))
        #expect(!report.ok)
        // Verified with the other key, the first checkpoint is the stranger.
        let other = try Journal.verify(stateFolder: fixture.stateFolder, key: Self.otherKey)
        #expect(other.checkpoints?.problem?.kind == .otherKey(found: Self.key.id) && other.checkpoints?.problem?.line == 1)
    }

    @Test func aCheckpointLineThatIsNoCheckpointIsDamage() throws {
        let fixture = try Self.signedJournal()
        let path = Self.checkpointsPath(fixture)
        try (try String(contentsOfFile: path, encoding: .utf8) + "{\"seq\":6}\n").write(toFile: path, atomically: false, encoding: .utf8)
        let report = try Journal.verify(stateFolder: fixture.stateFolder, key: Self.key)
        #expect(report.checkpoints?.problem?.kind == .unreadable && report.checkpoints?.problem?.line == 3)
    }

    @Test func aCopyKeptElsewhereCatchesCheckpointsCutTogetherWithTheirEntries() throws {
        let fixture = try Self.signedJournal()
        let elsewhere = try TemporaryDirectory(prefix: "slipway-checkpoint-copy")
        let copy = elsewhere.path + "/checkpoints.jsonl"
        try FileManager.default.copyItem(atPath: Self.checkpointsPath(fixture), toPath: copy)
        // Cut entries 4 and 5 and the checkpoint that signed them: the local file no longer knows.
        try fixture.rewrite(lines: Array(try fixture.lines().prefix(3)))
        let local = try String(contentsOfFile: Self.checkpointsPath(fixture), encoding: .utf8).split(separator: "\n")
        try (local[0] + "\n").write(toFile: Self.checkpointsPath(fixture), atomically: false, encoding: .utf8)

        #expect(try Journal.verify(stateFolder: fixture.stateFolder, key: Self.key).ok)
        let report = try Journal.verify(stateFolder: fixture.stateFolder, key: Self.key, checkpoints: copy)
        #expect(report.checkpoints?.problem?.kind == .cutShort(journalEnds: 3), "\(report)")
        #expect(report.checkpoints?.problem?.description.contains("entries 4 to 5 were removed from the end") == true)
    }

    @Test func theWriterSignsOnlyAMovedHeadAndCutsATornAppend() throws {
        let fixture = try JournalFixture()
        let journal = try fixture.open()
        let writer = try CheckpointWriter(journal: journal, key: Self.key, clock: fixture.clock)
        #expect(try writer.write() == nil, "an empty journal needs no checkpoint")
        try journal.append(Counted(n: 1))
        let first = try #require(try writer.write())
        let entry = try journal.entries()[0]
        #expect(first.seq == 1 && first.hash == entry.hash && first.isSigned(by: Self.key))
        #expect(!first.isSigned(by: Self.otherKey))
        #expect(try writer.write() == nil, "the head did not move")

        let path = Self.checkpointsPath(fixture)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data(#"{"hash":"sha256:01"#.utf8))
        try handle.close()
        try journal.append(Counted(n: 2))
        try CheckpointWriter(journal: journal, key: Self.key, clock: fixture.clock).write()
        let lines = try CheckpointLog.read(path: path).lines
        #expect(lines.map { $0.checkpoint?.seq } == [1, 2])
        #expect(try Journal.verify(stateFolder: fixture.stateFolder, key: Self.key).ok)
    }

    @Test func theSignedTextIsFixed() {
        let hash = Digest(bytes: [UInt8](repeating: 0xab, count: 32))
        let text = Checkpoint.signedText(seq: 7, hash: hash, time: Date(timeIntervalSince1970: 0.25))
        #expect(String(decoding: text, as: UTF8.self)
            == "slipway-checkpoint-v1\nseq 7\nhash sha256:\(String(repeating: "ab", count: 32))\ntime 1970-01-01T00:00:00.250Z\n")
    }
}

@Suite struct CheckpointKeyTests {
    @Test func aKeyIsTheFilesBytesWithoutATrailingNewline() throws {
        let folder = try TemporaryDirectory(prefix: "slipway-key")
        let secret = String(repeating: "5e", count: 32)
        let key = try CheckpointKey.load(path: try JournalFixture.writeKey(secret + "\n", to: folder.path + "/key"))
        #expect(key.bytes == Array(secret.utf8))
        #expect(key.id == CheckpointKey(bytes: Array(secret.utf8)).id && key.id.count == 16)
        #expect(!key.id.contains(secret.prefix(8)))
        var dumped = ""
        dump(key, to: &dumped)
        #expect("\(key)" == "checkpoint key \(key.id)" && !dumped.contains("5e5e"), "printing a key must not show it")
    }

    @Test func aKeyOthersMayReadIsRefused() throws {
        let folder = try TemporaryDirectory(prefix: "slipway-key")
        let path = try JournalFixture.writeKey(String(repeating: "k", count: 32), to: folder.path + "/key", permissions: 0o640)
        #expect(throws: CheckpointKeyError.exposed(path: path, mode: 0o640)) { try CheckpointKey.load(path: path) }
        #expect(CheckpointKeyError.exposed(path: path, mode: 0o640).description.contains("chmod 600"))
    }

    @Test func aShortKeyIsRefused() throws {
        let folder = try TemporaryDirectory(prefix: "slipway-key")
        let path = try JournalFixture.writeKey(String(repeating: "k", count: 31) + "\n", to: folder.path + "/key")
        #expect(throws: CheckpointKeyError.tooShort(path: path, bytes: 31)) { try CheckpointKey.load(path: path) }
    }

    @Test func aKeyInsideTheStateFolderIsRefused() throws {
        let fixture = try JournalFixture()
        let path = try JournalFixture.writeKey(String(repeating: "k", count: 32), to: fixture.stateFolder + "/checkpoint.key")
        #expect(throws: CheckpointKeyError.insideStateFolder(path: path, stateFolder: fixture.stateFolder)) {
            try CheckpointKey.load(path: path, stateFolder: fixture.stateFolder)
        }
        #expect(try CheckpointKey.load(path: path).id.count == 16, "verification may read a key anywhere")
    }

    @Test func aMissingKeySaysSo() throws {
        #expect(throws: CheckpointKeyError.self) { try CheckpointKey.load(path: "/nonexistent/slipway.key") }
    }
}
