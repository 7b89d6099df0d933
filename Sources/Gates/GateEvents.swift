import Foundation
import Journal
import Pipelines

// The events Gates journals.

/// One gate's verdict on one candidate, with its evidence: the record reviewers read.
public struct GateFinished: Event, Equatable {
    public static let type = "gate.finished"
    public var model: String
    public var candidate: Candidate
    public var result: GateResult

    public init(model: String, candidate: Candidate, result: GateResult) {
        self.model = model
        self.candidate = candidate
        self.result = result
    }
}

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

extension ApprovalRecorded {
    private enum CodingKeys: String, CodingKey { case model, candidate, gates, decision, reviewer, token, comment, expires }

    /// `expires` is written as an RFC 3339 time, so that the audit trail reads as the manifest does.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(model, forKey: .model)
        try c.encode(candidate, forKey: .candidate)
        try c.encode(gates, forKey: .gates)
        try c.encode(decision, forKey: .decision)
        try c.encode(reviewer, forKey: .reviewer)
        try c.encode(token, forKey: .token)
        try c.encodeIfPresent(comment, forKey: .comment)
        try c.encodeIfPresent(expires.map { ISO8601DateFormatter().string(from: $0) }, forKey: .expires)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        model = try c.decode(String.self, forKey: .model)
        candidate = try c.decode(Candidate.self, forKey: .candidate)
        gates = try c.decodeIfPresent([String].self, forKey: .gates) ?? []
        decision = try c.decode(ApprovalRecord.Decision.self, forKey: .decision)
        reviewer = try c.decode(String.self, forKey: .reviewer)
        token = try c.decode(String.self, forKey: .token)
        comment = try c.decodeIfPresent(String.self, forKey: .comment)
        expires = nil
        if let text = try c.decodeIfPresent(String.self, forKey: .expires) {
            guard let date = ISO8601DateFormatter().date(from: text) else {
                throw DecodingError.dataCorruptedError(forKey: .expires, in: c, debugDescription: "'\(text)' is not an RFC 3339 time")
            }
            expires = date
        }
    }
}
