import Foundation
import Glibc
import Synchronization

/// The append-only, hash-chained event log of one state folder, `<state>/journal.jsonl`.
///
/// Every append is fsynced before it returns, so an event the caller acts on survives a crash.
/// Opening checks the whole chain: bytes after the last newline (an append a crash cut short,
/// never acknowledged) are cut back and reported in `repair`; any other damage, a complete last
/// line included, is refused with the entry and line it starts at, and nothing is cut.
/// The chain alone catches an edit unless every later hash was recomputed too, and cannot tell a
/// journal whose last entries were removed; signed checkpoints (`CheckpointWriter`) catch both,
/// up to the newest checkpoint, in `verify`.
public final class Journal: Sendable {
    /// The state folder the journal belongs to.
    public let stateFolder: String
    /// The path of `journal.jsonl`.
    public let path: String
    /// The torn tail that opening cut back, if there was one.
    public let repair: TornTail?

    /// Kept only so that the folder stays held for as long as the journal can append.
    private let lock: StateLock
    /// Where append times come from.
    private let clock: any Clock
    /// The writer's position, behind a mutex so that any thread may append or read.
    private let head: Mutex<Head>
    /// Why the last append failed (a full disk, say), until one succeeds again.
    private let writeProblem = Mutex<String?>(nil)
    /// A failure every append meets, set by tests to stand for a full disk.
    let appendFault = Mutex<String?>(nil)

    /// The writer's position: the open file and the last entry it holds.
    private struct Head {
        let file: FileDescriptor
        var lastSeq: Int
        var lastHash: Digest
        var size: Int
    }

    /// The journal file name inside a state folder.
    static func path(in stateFolder: String) -> String {
        (stateFolder as NSString).appendingPathComponent("journal.jsonl")
    }

    /// Opens (or creates) the journal of the folder that `lock` holds, checking its chain.
    public init(lock: StateLock, clock: any Clock = SystemClock()) throws {
        let path = Journal.path(in: lock.stateFolder)
        let created = access(path, F_OK) != 0
        let file = try FileDescriptor(path: path, flags: O_RDWR | O_CREAT | O_APPEND)
        if created { try FileDescriptor.syncFolder(lock.stateFolder) }
        let outcome = try ChainWalk.walk(path: path)
        if let problem = outcome.problem {
            throw JournalError.damaged(path: path, problem: problem)
        }
        if outcome.tornTail != nil {
            try file.truncate(to: outcome.goodBytes)
            try file.sync()
        }
        self.stateFolder = lock.stateFolder
        self.path = path
        self.repair = outcome.tornTail
        self.lock = lock
        self.clock = clock
        self.head = Mutex(Head(
            file: file, lastSeq: outcome.entries, lastHash: outcome.lastHash, size: outcome.goodBytes))
    }

    /// Why the last append failed, while no later one has succeeded: whoever must journal before
    /// acting must not act meanwhile.
    public var lastWriteProblem: String? { writeProblem.withLock { $0 } }

    /// Free bytes on the journal's file system (what an unprivileged writer may use).
    public var freeBytes: Int? {
        var info = statvfs()
        guard statvfs(stateFolder, &info) == 0 else { return nil }
        return Int(info.f_bavail) * Int(info.f_frsize)
    }

    /// The sequence number of the last entry; 0 when the journal is empty.
    public var lastSeq: Int { head.withLock { $0.lastSeq } }

    /// The sequence number and hash of the last entry, read together.
    var last: (seq: Int, hash: Digest) { head.withLock { ($0.lastSeq, $0.lastHash) } }

    /// Appends an event of a type a later module defines.
    @discardableResult
    public func append<E: Event>(_ event: E) throws -> JournalEntry {
        try append(E.type, event)
    }

    /// Appends `payload` as an event named `type`; returns once the entry is on disk.
    @discardableResult
    public func append<Payload: Encodable>(_ type: String, _ payload: Payload) throws -> JournalEntry {
        let encoded: [UInt8]
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            encoded = Array(try encoder.encode(payload))
        } catch {
            throw JournalError.unencodable(type: type, reason: "\(error)")
        }
        let time = Timestamp.truncated(clock.now)
        return try head.withLock { head in
            let seq = head.lastSeq + 1
            let body = try JournalLine.body(
                seq: seq, time: time, type: type, previous: head.lastHash, payload: encoded)
            let line = JournalLine.line(body: body)
            do {
                if let fault = appendFault.withLock({ $0 }) { throw JournalError.unwritable(path: path, reason: fault) }
                try head.file.write(line)
                try head.file.sync()
            } catch {
                // A half-written line would break every later append; take it back out.
                try? head.file.truncate(to: head.size)
                writeProblem.withLock { $0 = "\(error)" }
                throw error
            }
            writeProblem.withLock { $0 = nil }
            let entry = JournalEntry(
                seq: seq, time: time, type: type, previous: head.lastHash, hash: SHA256.hash(body), body: body)
            head.lastSeq = seq
            head.lastHash = entry.hash
            head.size += line.count
            return entry
        }
    }

    /// Calls `visit` with every entry from `seq` on, in order, checking the chain on the way.
    public func forEachEntry(from seq: Int = 1, _ visit: (JournalEntry) throws -> Void) throws {
        let committed = head.withLock { $0.size }
        let outcome = try ChainWalk.walk(path: path, limit: committed) { entry in
            if entry.seq >= seq { try visit(entry) }
        }
        if let problem = outcome.problem {
            throw JournalError.damaged(path: path, problem: problem)
        }
    }

    /// Calls `visit` with every entry and the cursor just past it.
    func forEachPlace(_ visit: (JournalEntry, JournalCursor) throws -> Void) throws {
        let committed = head.withLock { $0.size }
        let outcome = try ChainWalk.walkPlaces(path: path, limit: committed, visit)
        if let problem = outcome.problem {
            throw JournalError.damaged(path: path, problem: problem)
        }
    }

    /// Calls `visit` with every entry appended after `cursor`, reading only those bytes and checking
    /// their chain from the cursor's hash; returns the cursor past the last one.
    @discardableResult
    public func forEachEntry(after cursor: JournalCursor, _ visit: (JournalEntry) throws -> Void) throws -> JournalCursor {
        let committed = head.withLock { $0.size }
        guard committed > cursor.offset else { return cursor }
        let outcome = try ChainWalk.walk(path: path, limit: committed, from: cursor, visit)
        if let problem = outcome.problem {
            throw JournalError.damaged(path: path, problem: problem)
        }
        return JournalCursor(seq: outcome.entries, hash: outcome.lastHash, offset: outcome.goodBytes)
    }

    /// Every entry from `seq` on.
    public func entries(from seq: Int = 1) throws -> [JournalEntry] {
        var entries: [JournalEntry] = []
        try forEachEntry(from: seq) { entries.append($0) }
        return entries
    }

    /// Every entry from `seq` on of the journal in `stateFolder`, read without its lock, for a
    /// reader beside the daemon (e.g. `slipway history`); a torn tail being written is skipped.
    public static func entries(stateFolder: String, from seq: Int = 1) throws -> [JournalEntry] {
        let path = Journal.path(in: stateFolder)
        guard access(path, F_OK) == 0 else { throw JournalError.notFound(path: path) }
        var entries: [JournalEntry] = []
        let outcome = try ChainWalk.walk(path: path) { entry in
            if entry.seq >= seq { entries.append(entry) }
        }
        if let problem = outcome.problem {
            throw JournalError.damaged(path: path, problem: problem)
        }
        return entries
    }
}
