/// The first place where the journal's chain breaks.
public struct AuditProblem: Sendable, Equatable, CustomStringConvertible {
    /// How the chain breaks there.
    public enum Kind: Sendable, Equatable {
        /// The line is not a journal entry at all.
        case unreadable
        /// The entry's content no longer matches its own hash.
        case changed
        /// The line holds entry `found` where another sequence number belongs.
        case sequence(found: Int)
        /// The entry's previous-hash is not the hash of the entry before it.
        case brokenLink
        /// The entry's hash is not the one its snapshot recorded: the chain was rewritten up to here.
        case disagreesWithSnapshot
        /// The journal ends before the entry that snapshot `snapshot` recorded.
        case cutShort(snapshot: Int)
    }

    /// The line of `journal.jsonl`, from 1.
    public let line: Int
    /// The sequence number of the entry that belongs at that line.
    public let seq: Int
    /// How the chain breaks.
    public let kind: Kind

    /// Names the entry and line, and what was done to it.
    public var description: String {
        switch kind {
        case .unreadable:
            return "line \(line), where entry \(seq) belongs, is not a journal entry: it was damaged or edited"
        case .changed:
            return "entry \(seq) (line \(line)) was changed: its content no longer matches its hash"
        case .sequence(let found) where found > seq:
            return "entry \(seq) is missing: line \(line) holds entry \(found) instead, "
                + "so entries were removed or moved"
        case .sequence(let found):
            return "entry \(found) appears again at line \(line), where entry \(seq) belongs, "
                + "so an entry was repeated or moved"
        case .brokenLink:
            return "entry \(seq) (line \(line)) does not follow entry \(seq - 1): its previous-hash does not match, "
                + "so an entry before it was changed, removed or reordered"
        case .disagreesWithSnapshot:
            return "entry \(seq) (line \(line)) is not the entry that snapshot \(seq) recorded, "
                + "so the journal was rewritten at or before entry \(seq) with fresh hashes"
        case .cutShort(let snapshot):
            return "the journal ends before entry \(seq), but snapshot \(snapshot) recorded entries up to \(snapshot), "
                + "so entries \(seq) to \(snapshot) were removed from the end"
        }
    }
}

/// An append that a crash cut short: bytes after the last good line.
public struct TornTail: Sendable, Equatable, CustomStringConvertible {
    /// The line it starts on, from 1.
    public let line: Int
    /// The file offset where it starts; the journal is cut back to this length.
    public let offset: Int
    /// How many bytes it spans.
    public let bytes: Int

    /// Says where it is and why it is harmless.
    public var description: String {
        "a torn last line (line \(line), \(bytes) bytes) left by an append that a crash interrupted before it was acknowledged"
    }
}

/// What `Journal.verify` found: every entry chained, or the first one that breaks the chain; and,
/// when a key was given, whether every checkpoint holds.
public struct AuditReport: Sendable, Equatable, CustomStringConvertible {
    /// The journal file that was checked.
    public let path: String
    /// How many entries verified before the first problem (all of them when there is none).
    public let entries: Int
    /// The first problem of the chain (or with a snapshot), if any.
    public let problem: AuditProblem?
    /// Bytes after the last newline, which the next open of the journal cuts back; not a sign of tampering.
    public let tornTail: TornTail?
    /// What checking the checkpoints found; nil when no key was given and they were not checked.
    public let checkpoints: CheckpointAudit?

    public init(path: String, entries: Int, problem: AuditProblem?, tornTail: TornTail?, checkpoints: CheckpointAudit? = nil) {
        self.path = path
        self.entries = entries
        self.problem = problem
        self.tornTail = tornTail
        self.checkpoints = checkpoints
    }

    /// True when the chain holds from the first entry to the last, and every checkpoint checked holds.
    public var ok: Bool { problem == nil && checkpoints?.problem == nil }

    /// One human paragraph: `ok: N entries` and what vouches for them, or every problem found and what to do.
    public var description: String {
        var failures: [String] = []
        if let problem { failures.append("\(path): \(problem). The \(entries) entries before it verify.") }
        if let failed = checkpoints?.problem { failures.append("\(failed).") }
        guard failures.isEmpty else {
            return "FAILED: " + failures.joined(separator: " ")
                + " Restore the state folder from a backup, or keep this copy as evidence and start a new state folder."
        }
        var text = "ok: \(entries) entries in \(path)"
        if let tornTail { text += "; \(tornTail), which the daemon cuts back when it next opens the journal" }
        guard let checkpoints else {
            return text + ". Only the hash chain was checked: it cannot tell a journal rewritten with fresh hashes, "
                + "or with its last entries removed; pass --key FILE to check the signed checkpoints."
        }
        guard let newest = checkpoints.newest else { return text + "; no checkpoints, and none needed for an empty journal." }
        text += "; \(checkpoints.verified) checkpoints signed by key \(checkpoints.keyId) hold, the newest at entry \(newest.seq)"
            + " (\(Timestamp.format(newest.time)))"
        if checkpoints.uncovered > 0 {
            text += "; the \(checkpoints.uncovered) entries after it are vouched for by the chain alone"
        }
        return text + "."
    }
}
