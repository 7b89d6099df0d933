import Foundation
import Manifests
import Pipelines

/// A reviewer's decision on one candidate whose origin has been established: an Approval manifest
/// whose signature verified, or a sign-off the daemon's API recorded. The governance gate still
/// judges it (model, candidate, group, expiry, separation of duties) before counting it.
public struct ApprovalRecord: Sendable, Equatable {
    /// Approve or reject.
    public enum Decision: String, Codable, Sendable, CaseIterable {
        case approve, reject

        /// The decision an Approval manifest states.
        public init(_ decision: Approval.Decision) {
            switch decision {
            case .approve: self = .approve
            case .reject: self = .reject
            }
        }
    }

    public var model: String
    public var candidate: Candidate
    /// The gates the decision covers; empty means every governance gate of the model.
    public var gates: [String]
    public var decision: Decision
    /// The reviewer's identity, as the Policy's reviewer groups list it.
    public var reviewer: String
    public var comment: String?
    /// After this time the decision no longer counts.
    public var expires: Date?
    /// When the decision was made: the signed commit's time, or when the API recorded it.
    public var decidedAt: Date
    public var source: ApprovalSource

    public init(model: String, candidate: Candidate, gates: [String] = [], decision: Decision, reviewer: String,
                comment: String? = nil, expires: Date? = nil, decidedAt: Date, source: ApprovalSource) {
        self.model = model
        self.candidate = candidate
        self.gates = gates
        self.decision = decision
        self.reviewer = reviewer
        self.comment = comment
        self.expires = expires
        self.decidedAt = decidedAt
        self.source = source
    }

    /// The record of an Approval manifest read from `place`, whose commit verified as signed by `signature`.
    public init(_ approval: Approval, place: ApprovalPlace, signature: ManifestSignature) {
        self.init(model: approval.model, candidate: Candidate(runKey: approval.runKey, artifact: approval.artifact),
                  gates: approval.gates, decision: Decision(approval.decision), reviewer: approval.reviewer,
                  comment: approval.comment, expires: approval.expires, decidedAt: signature.signedAt,
                  source: .manifest(place, signature))
    }

    /// Where the record came from, as a reviewer reads it.
    public var place: String { source.place }

    /// Every identity that stands behind the decision, lowercased: the reviewer and, for a signed
    /// manifest, the signing principal.
    public var identities: Set<String> {
        var identities: Set<String> = [reviewer.lowercased()]
        if case .manifest(_, let signature) = source { identities.insert(signature.principal.lowercased()) }
        return identities
    }
}
