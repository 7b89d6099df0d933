import Foundation

/// The first checkpoint that does not hold, and how.
public struct CheckpointProblem: Sendable, Equatable, CustomStringConvertible {
    /// Which check failed.
    public enum Kind: Sendable, Equatable {
        /// The line is not a checkpoint at all.
        case unreadable
        /// Signed by the key `found`, not by the key given.
        case otherKey(found: String)
        /// Names the key given, but its MAC is not that key's: forged, or edited after signing.
        case badSignature
        /// The journal's entry at the checkpoint's seq has another hash: the chain was rewritten.
        case rewritten
        /// The journal ends at entry `journalEnds`, before the checkpoint's seq: its tail was cut off.
        case cutShort(journalEnds: Int)
        /// There is no checkpoint at all, though the journal holds `entries` entries.
        case missing(entries: Int)

        /// A short name for machines: which check failed.
        public var name: String {
            switch self {
            case .unreadable: "unreadable"
            case .otherKey: "other-key"
            case .badSignature: "bad-signature"
            case .rewritten: "rewritten"
            case .cutShort: "cut-short"
            case .missing: "missing"
            }
        }
    }

    /// The checkpoint file.
    public let path: String
    /// The line of the checkpoint file, from 1 (0 when there is no checkpoint).
    public let line: Int
    /// The checkpoint as read; nil when the line is unreadable or there is none.
    public let checkpoint: Checkpoint?
    /// Which check failed.
    public let kind: Kind
    /// The id of the key verification used.
    public let keyId: String

    /// Names the checkpoint, the entry, and what was done.
    public var description: String {
        let place = "checkpoint \(line) of \(path)"
        guard let checkpoint else {
            if case .missing(let entries) = kind {
                return "there is no checkpoint in \(path), but the journal holds \(entries) entries: "
                    + "the file was removed, or the daemon never ran with --checkpoint-key"
            }
            return "\(place) is not a checkpoint: it was damaged or edited"
        }
        let signed = "entry \(checkpoint.seq) at \(Timestamp.format(checkpoint.time))"
        switch kind {
        case .unreadable, .missing:
            return "\(place) is not a checkpoint: it was damaged or edited"
        case .otherKey(let found):
            return "\(place) (\(signed)) was signed by key \(found), not by the key given (\(keyId)): "
                + "verify with the key the daemon used; if that was \(keyId), the checkpoint was made elsewhere"
        case .badSignature:
            return "\(place) (\(signed)) does not carry a valid signature of key \(keyId): it was forged or edited after signing"
        case .rewritten:
            return "journal entry \(checkpoint.seq) is not the entry \(place) signed at \(Timestamp.format(checkpoint.time)): "
                + "the journal was rewritten at or before entry \(checkpoint.seq), with every later hash recomputed"
        case .cutShort(let journalEnds):
            return "the journal ends at entry \(journalEnds), but \(place) signed \(signed): "
                + "entries \(journalEnds + 1) to \(checkpoint.seq) were removed from the end"
        }
    }
}

/// What checking the checkpoints against the journal found.
public struct CheckpointAudit: Sendable, Equatable {
    /// The checkpoint file checked.
    public let path: String
    /// The id of the key used.
    public let keyId: String
    /// How many checkpoints held before the first problem (all of them when there is none).
    public let verified: Int
    /// The checkpoint of the highest entry among those that held.
    public let newest: Checkpoint?
    /// Entries after the newest good checkpoint: the chain alone vouches for them.
    public let uncovered: Int
    /// The first checkpoint that does not hold.
    public let problem: CheckpointProblem?

    /// Checks every checkpoint in `path` against `key` and the journal's verified entries:
    /// `entries` of them, with `hashes` holding the hash of each entry a checkpoint names.
    /// With `chainBroken`, checkpoints past the verified entries are not judged: the chain's own
    /// problem says what is wrong there.
    static func check(
        lines: [CheckpointLog.Line], path: String, key: CheckpointKey, entries: Int, hashes: [Int: Digest], chainBroken: Bool
    ) -> CheckpointAudit {
        var verified = 0
        var newest: Checkpoint?
        func result(_ problem: CheckpointProblem?) -> CheckpointAudit {
            CheckpointAudit(path: path, keyId: key.id, verified: verified, newest: newest,
                            uncovered: entries - (newest?.seq ?? 0), problem: problem)
        }
        func problem(_ line: CheckpointLog.Line, _ kind: CheckpointProblem.Kind) -> CheckpointAudit {
            result(CheckpointProblem(path: path, line: line.number, checkpoint: line.checkpoint, kind: kind, keyId: key.id))
        }
        if lines.isEmpty, entries > 0 {
            return result(CheckpointProblem(path: path, line: 0, checkpoint: nil, kind: .missing(entries: entries), keyId: key.id))
        }
        for line in lines {
            guard let checkpoint = line.checkpoint else { return problem(line, .unreadable) }
            guard checkpoint.keyId == key.id else { return problem(line, .otherKey(found: checkpoint.keyId)) }
            guard checkpoint.isSigned(by: key) else { return problem(line, .badSignature) }
            if checkpoint.seq > entries {
                if chainBroken { continue }
                return problem(line, .cutShort(journalEnds: entries))
            }
            guard hashes[checkpoint.seq] == checkpoint.hash else { return problem(line, .rewritten) }
            verified += 1
            if checkpoint.seq >= newest?.seq ?? 0 { newest = checkpoint }
        }
        return result(nil)
    }
}
