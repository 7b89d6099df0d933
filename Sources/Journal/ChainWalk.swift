import Glibc

/// A walk over `journal.jsonl` that checks every line against the chain before handing it on.
///
/// The walk stops at the first problem. Only bytes after the last newline are a torn tail (an
/// append a crash cut short, never acknowledged: the newline is the last byte an append writes).
/// A complete line that does not parse or chain is damage wherever it is, the last line included.
struct ChainWalk {
    /// Where the walk ended and why.
    struct Outcome {
        /// Entries that passed every check.
        var entries = 0
        /// The hash of the last good entry (genesis when there is none).
        var lastHash = Digest.genesis
        /// The file offset just past the last good line.
        var goodBytes = 0
        /// The torn tail after the good lines, if any.
        var tornTail: TornTail?
        /// The first problem, if any; the walk stopped there.
        var problem: AuditProblem?
    }

    /// The read size; journal lines are short, so this only bounds the number of reads.
    private static let chunkSize = 1 << 20

    /// Walks the first `limit` bytes of the journal at `path` (all of it when nil), calling
    /// `visit` with every good entry in order. With `start`, the walk begins at that cursor's byte
    /// offset and goes on with its chain, so the entries before it are neither read nor checked again.
    static func walk(
        path: String, limit: Int? = nil, from start: JournalCursor = .start, _ visit: (JournalEntry) throws -> Void = { _ in }
    ) throws -> Outcome {
        try walkPlaces(path: path, limit: limit, from: start) { entry, _ in try visit(entry) }
    }

    /// As `walk`, handing each entry on with the cursor just past it.
    static func walkPlaces(
        path: String, limit: Int? = nil, from start: JournalCursor = .start, _ visit: (JournalEntry, JournalCursor) throws -> Void
    ) throws -> Outcome {
        let file = try FileDescriptor(path: path, flags: O_RDONLY)
        let end = try limit ?? Int(file.status().st_size)
        var outcome = Outcome(entries: start.seq, lastHash: start.hash, goodBytes: start.offset)
        var pending: [UInt8] = []
        var pendingOffset = start.offset
        var lineNumber = start.seq
        var readSoFar = start.offset
        if start.offset > 0 { try file.seek(to: start.offset) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }

        while readSoFar < end {
            let count = try file.read(into: UnsafeMutableRawBufferPointer(
                rebasing: buffer[0..<min(chunkSize, end - readSoFar)]))
            if count == 0 { break }
            readSoFar += count
            pending += UnsafeRawBufferPointer(rebasing: buffer[0..<count])
            var start = 0
            while let newline = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
                lineNumber += 1
                let line = pending[start..<newline]
                if try !check(line, number: lineNumber, offset: pendingOffset + start, into: &outcome, visit) {
                    return outcome
                }
                start = newline + 1
            }
            pending.removeFirst(start)
            pendingOffset += start
        }
        if !pending.isEmpty {
            outcome.tornTail = TornTail(line: lineNumber + 1, offset: pendingOffset, bytes: pending.count)
        }
        return outcome
    }

    /// Checks one line; false when the walk must stop.
    private static func check(
        _ line: ArraySlice<UInt8>, number: Int, offset: Int,
        into outcome: inout Outcome, _ visit: (JournalEntry, JournalCursor) throws -> Void
    ) rethrows -> Bool {
        let expected = outcome.entries + 1
        guard let parsed = JournalLine.parse(line) else {
            outcome.problem = AuditProblem(line: number, seq: expected, kind: .unreadable)
            return false
        }
        let entry = parsed.entry
        let kind: AuditProblem.Kind? =
            !parsed.hashMatches ? .changed
            : entry.seq != expected ? .sequence(found: entry.seq)
            : entry.previous != outcome.lastHash ? .brokenLink
            : nil
        if let kind {
            outcome.problem = AuditProblem(line: number, seq: expected, kind: kind)
            return false
        }
        try visit(entry, JournalCursor(seq: expected, hash: entry.hash, offset: offset + line.count + 1))
        outcome.entries = expected
        outcome.lastHash = entry.hash
        outcome.goodBytes = offset + line.count + 1
        return true
    }
}
