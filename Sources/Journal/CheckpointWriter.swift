import Foundation
import Synchronization

/// Signs the journal's head into `<state>/checkpoints.jsonl`: the daemon calls `run` for a checkpoint
/// every interval in which the head moved, and `write` once more when it stops.
public final class CheckpointWriter: Sendable {
    /// The journal whose head is signed.
    private let journal: Journal
    /// The signing key; it stays in memory only.
    private let key: CheckpointKey
    /// Where checkpoint times come from.
    private let clock: any Clock
    /// The open checkpoint file and the seq of the last checkpoint this writer appended, behind
    /// one mutex so that the periodic write and the one at shutdown never interleave.
    private let log: Mutex<(file: CheckpointLog, lastSeq: Int)>

    /// Opens the checkpoint file of `journal`'s state folder for signing with `key`.
    public init(journal: Journal, key: CheckpointKey, clock: any Clock = SystemClock()) throws {
        self.journal = journal
        self.key = key
        self.clock = clock
        log = Mutex((try CheckpointLog(path: CheckpointLog.path(in: journal.stateFolder)), 0))
    }

    /// Signs and appends a checkpoint of the journal's head, unless the journal is empty or this
    /// writer already signed that head; returns the checkpoint written.
    @discardableResult
    public func write() throws -> Checkpoint? {
        try log.withLock { log in
            let (seq, hash) = journal.last
            guard seq > 0, seq != log.lastSeq else { return nil }
            let checkpoint = Checkpoint(seq: seq, hash: hash, time: clock.now, key: key)
            try log.file.append(checkpoint)
            log.lastSeq = seq
            return checkpoint
        }
    }

    /// Writes a checkpoint every `interval` (when the head moved) until the task is cancelled;
    /// a failed write is reported to `report` and tried again at the next interval.
    public func run(every interval: Duration, report: @Sendable (String) -> Void) async {
        let seconds = Double(interval.components.seconds) + Double(interval.components.attoseconds) / 1e18
        while !Task.isCancelled {
            do {
                try await clock.sleep(until: clock.now.addingTimeInterval(seconds))
            } catch {
                return
            }
            do {
                try write()
            } catch {
                report("a checkpoint of the journal could not be written: \(error)")
            }
        }
    }
}
