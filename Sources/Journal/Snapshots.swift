import Foundation
import Glibc

/// The result of a replay: the folded state and where it came from.
public struct Replay<State> {
    /// The fold of every entry.
    public let state: State
    /// The sequence number of the last entry folded in (0 for an empty journal).
    public let lastSeq: Int
    /// The snapshot the fold started from, if a valid one was found.
    public let snapshotSeq: Int?
    /// Just past the last entry folded in: where to go on reading from.
    public let cursor: JournalCursor
}

extension Journal {
    /// How many snapshots are kept at or below the newest, so that one damaged file still leaves a fallback.
    static let snapshotsKept = 3

    /// The snapshot files of this journal's state folder.
    var snapshots: SnapshotFolder { SnapshotFolder(stateFolder: stateFolder) }

    /// Writes `state`, which must be the fold of every entry appended so far, as a snapshot; returns its seq.
    ///
    /// Older snapshots beyond the newest few are removed. An empty journal needs no snapshot.
    @discardableResult
    public func snapshot<State: Codable>(state: State) throws -> Int {
        let (seq, hash) = last
        return try snapshot(state: state, through: seq, hash: hash)
    }

    /// Writes `state`, which must be the fold of every entry up to `cursor`, as a snapshot; a reader
    /// that folds as entries come in snapshots what it has folded while others go on appending.
    @discardableResult
    public func snapshot<State: Codable>(state: State, at cursor: JournalCursor) throws -> Int {
        try snapshot(state: state, through: cursor.seq, hash: cursor.hash)
    }

    private func snapshot<State: Codable>(state: State, through seq: Int, hash: Digest) throws -> Int {
        guard seq > 0 else { return 0 }
        let snapshots = self.snapshots
        try FileManager.default.createDirectory(atPath: snapshots.path, withIntermediateDirectories: true)
        let data = try JSONEncoder().encode(SnapshotFile(seq: seq, hash: hash.hex, state: state))
        try AtomicFile.write(data, to: snapshots.file(seq: seq))
        // Snapshots past `seq` are left alone: they outlived entries, which is evidence to keep.
        for older in snapshots.seqs().filter({ $0 < seq }).dropFirst(Journal.snapshotsKept - 1) {
            unlink(snapshots.file(seq: older))
        }
        return seq
    }

    /// Folds every entry into `initial`, starting from the newest snapshot that matches the journal.
    ///
    /// A snapshot counts only if the journal's entry at its seq has its hash and its state decodes;
    /// any other is ignored, falling back to an older snapshot or to the first entry.
    public func replay<State: Codable>(
        initial: State, fold: (inout State, JournalEntry) throws -> Void
    ) throws -> Replay<State> {
        let snapshots = self.snapshots
        let candidates = snapshots.seqs()
        var places: [Int: JournalCursor] = [:]
        let wanted = Set(candidates)
        try forEachPlace { entry, place in
            if wanted.contains(entry.seq) { places[entry.seq] = place }
        }
        var state = initial
        var start: Int?
        for seq in candidates {
            guard let hash = places[seq]?.hash, snapshots.recordedHash(seq: seq) == hash,
                  let data = FileManager.default.contents(atPath: snapshots.file(seq: seq)),
                  let file = try? JSONDecoder().decode(SnapshotFile<State>.self, from: data)
            else { continue }
            state = file.state
            start = seq
            break
        }
        let from = start.flatMap { places[$0] } ?? .start
        let cursor = try forEachEntry(after: from) { entry in try fold(&state, entry) }
        return Replay(state: state, lastSeq: cursor.seq, snapshotSeq: start, cursor: cursor)
    }
}
