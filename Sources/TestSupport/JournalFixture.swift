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

    /// `lines` with the entry bodies `edit` changes, and every hash and previous-hash from there on
    /// recomputed: what an attacker who can write the state folder, but holds no key, can make.
    public static func rechained(_ lines: [String], edit: (_ seq: Int, _ body: String) -> String) -> [String] {
        let head = #"{"hash":""#, middle = #"","entry":"#
        var previous = String(repeating: "0", count: 64)
        return lines.enumerated().map { index, line in
            var body = edit(index + 1, String(line.dropFirst(head.count + 64 + middle.count).dropLast()))
            if let prev = body.range(of: #""prev":""#) {
                let digits = prev.upperBound..<body.index(prev.upperBound, offsetBy: 64)
                body.replaceSubrange(digits, with: previous)
            }
            previous = SHA256.hash(body).hex
            return head + previous + middle + body + "}"
        }
    }

    /// Writes `bytes` as a checkpoint key at `path` with `permissions`; returns the path.
    @discardableResult
    public static func writeKey(_ bytes: String, to path: String, permissions: Int = 0o600) throws -> String {
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes.utf8), attributes: [.posixPermissions: permissions])
        try FileManager.default.setAttributes([.posixPermissions: permissions], ofItemAtPath: path)
        return path
    }
}
