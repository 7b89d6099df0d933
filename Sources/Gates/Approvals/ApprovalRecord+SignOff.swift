import Foundation
import Journal

extension ApprovalRecord {
    /// The record of a sign-off journaled as entry `entry`.
    public init(_ event: ApprovalRecorded, entry: Int, time: Date) {
        self.init(model: event.model, candidate: event.candidate, gates: event.gates, decision: event.decision,
                  reviewer: event.reviewer, comment: event.comment, expires: event.expires, decidedAt: time,
                  source: .signOff(APISignOff(journalEntry: entry, token: event.token)))
    }

    /// The sign-offs among journal entries, in journal order; entries of other types are skipped.
    public static func signOffs(in entries: [JournalEntry]) throws -> [ApprovalRecord] {
        try entries.compactMap { entry in
            try entry.event(ApprovalRecorded.self).map { ApprovalRecord($0, entry: entry.seq, time: entry.time) }
        }
    }
}
