import Foundation
import Journal

/// A state folder in a temp folder with a journal on a manual clock, and ways to damage it on purpose.
public final class JournalFixture {
    /// The temp folder that is the state folder.
    public let folder: TemporaryDirectory
    /// The clock the journal reads.
    public let clock: ManualClock

    /// A fresh, empty state folder.
    public init() throws {
        folder = try TemporaryDirectory(prefix: "slipway-journal")
        clock = ManualClock()
    }

    /// The state folder's path.
    public var stateFolder: String { folder.path }

    /// The path of the journal file.
    public var journalPath: String { folder.url.appendingPathComponent("journal.jsonl").path }

    /// Takes the folder's lock and opens its journal; the lock is released when the journal goes away.
    public func open() throws -> Journal {
        try Journal(lock: StateLock(stateFolder: stateFolder), clock: clock)
    }

    /// The raw bytes of the journal file.
    public func bytes() throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: journalPath))
    }

    /// The journal's lines, without their newlines.
    public func lines() throws -> [String] {
        String(decoding: try bytes(), as: UTF8.self)
            .split(separator: "\n", omittingEmptySubsequences: false)
            .dropLast()
            .map(String.init)
    }

    /// Replaces the journal file with `lines`, each ended by a newline.
    public func rewrite(lines: [String]) throws {
        try replace(bytes: Data(lines.map { $0 + "\n" }.joined().utf8))
    }

    /// Replaces the journal file with `bytes` exactly.
    public func replace(bytes: Data) throws {
        try bytes.write(to: URL(fileURLWithPath: journalPath))
    }
}
