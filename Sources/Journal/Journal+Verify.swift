import Glibc

extension Journal {
    /// Checks the journal in `stateFolder` without changing anything; backs `slipway audit verify`.
    ///
    /// The chain is walked from the first entry, and each snapshot's recorded hash must be the hash
    /// of the entry it names. With `key`, every checkpoint in `checkpoints` (the state folder's
    /// `checkpoints.jsonl` when nil; a copy kept elsewhere otherwise) must carry that key's
    /// signature, name an entry the journal still holds, and agree with that entry's hash: a chain
    /// rewritten with fresh hashes, or cut short at its end, fails there up to the newest checkpoint.
    public static func verify(stateFolder: String, key: CheckpointKey? = nil, checkpoints: String? = nil) throws -> AuditReport {
        let path = Journal.path(in: stateFolder)
        guard access(path, F_OK) == 0 else { throw JournalError.notFound(path: path) }
        let snapshots = SnapshotFolder(stateFolder: stateFolder)
        let recorded = snapshots.seqs().reversed().compactMap { seq in
            snapshots.recordedHash(seq: seq).map { (seq: seq, hash: $0) }
        }
        let checkpointPath = checkpoints ?? CheckpointLog.path(in: stateFolder)
        let signed = key == nil ? [] : try CheckpointLog.read(path: checkpointPath).lines
        let wanted = Set(recorded.map(\.seq) + signed.compactMap { $0.checkpoint?.seq })
        var hashes: [Int: Digest] = [:]
        let outcome = try ChainWalk.walk(path: path) { entry in
            if wanted.contains(entry.seq) { hashes[entry.seq] = entry.hash }
        }
        var problem = outcome.problem
        if problem == nil, let wrong = recorded.first(where: { $0.seq <= outcome.entries && hashes[$0.seq] != $0.hash }) {
            problem = AuditProblem(line: wrong.seq, seq: wrong.seq, kind: .disagreesWithSnapshot)
        }
        if problem == nil, let beyond = recorded.last, beyond.seq > outcome.entries {
            let missing = outcome.entries + 1
            problem = AuditProblem(line: missing, seq: missing, kind: .cutShort(snapshot: beyond.seq))
        }
        let audit = key.map { key in
            CheckpointAudit.check(lines: signed, path: checkpointPath, key: key, entries: outcome.entries,
                                  hashes: hashes, chainBroken: outcome.problem != nil)
        }
        return AuditReport(path: path, entries: outcome.entries, problem: problem, tornTail: outcome.tornTail, checkpoints: audit)
    }
}
