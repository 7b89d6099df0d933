import Foundation
import Journal

/// A reviewer signed a candidate off through the daemon's API with their token. Journaled before
/// the daemon answers, so a sign-off that was acknowledged is never lost.
public struct ApprovalRecorded: Event, Equatable {
    public static let type = "approval.recorded"
    public var model: String
    public var candidate: Candidate
    /// The gates the decision covers; empty means every governance gate of the model.
    public var gates: [String]
    public var decision: ApprovalRecord.Decision
    /// The identity the token belongs to.
    public var reviewer: String
    /// The token's name, to tell which of a reviewer's tokens was used.
    public var token: String
    public var comment: String?
    public var expires: Date?

    public init(model: String, candidate: Candidate, gates: [String] = [], decision: ApprovalRecord.Decision,
                reviewer: String, token: String, comment: String? = nil, expires: Date? = nil) {
        self.model = model
        self.candidate = candidate
        self.gates = gates
        self.decision = decision
        self.reviewer = reviewer
        self.token = token
        self.comment = comment
        self.expires = expires
    }
}

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
