/// An approval that does not count, and why, in a sentence that names its place and its reviewer.
public struct ApprovalRefusal: Codable, Sendable, Equatable {
    /// Why an approval does not count.
    public enum Reason: String, Codable, Sendable, CaseIterable {
        /// The Policy names no readable `allowedSigners` file, so no signature can be checked.
        case noAllowedSigners
        /// The commit that last changed the manifest is not signed.
        case unsigned
        /// The commit is signed, but not with an SSH key.
        case notSSHSigned
        /// The signature does not verify against the commit it is attached to.
        case badSignature
        /// The signing key is not in `allowed_signers`.
        case stranger
        /// The key belongs to another principal than the reviewer the manifest names.
        case reviewerIsNotSigner
        /// The reviewer is not in the gate's reviewer group.
        case notInGroup
        /// The approval names another model.
        case otherModel
        /// The approval names another candidate (run key or artifact).
        case otherCandidate
        /// The approval lists gates, and not this one.
        case otherGate
        /// The approval's expiry has passed.
        case expired
        /// The reviewer (or signer) authored or committed the change that produced the candidate.
        case authorOfChange
        /// The same reviewer decided again later; a reviewer counts once.
        case superseded
    }

    /// `file:line` of the manifest, or the API sign-off.
    public var place: String
    public var reviewer: String
    public var reason: Reason
    /// The whole sentence a reviewer reads.
    public var message: String

    public init(place: String, reviewer: String, reason: Reason, message: String) {
        self.place = place
        self.reviewer = reviewer
        self.reason = reason
        self.message = message
    }

    /// A refusal whose message reads "PLACE: REVIEWER's approval (or rejection) is not counted: WHY".
    init(place: String, reviewer: String, decision: ApprovalRecord.Decision, _ reason: Reason, _ why: String) {
        self.init(place: place, reviewer: reviewer, reason: reason,
                  message: "\(place): \(reviewer)'s \(decision.noun) is not counted: \(why)")
    }

    /// A refusal of `record`, for the reason `why` says.
    init(_ record: ApprovalRecord, _ reason: Reason, _ why: String) {
        self.init(place: record.place, reviewer: record.reviewer, decision: record.decision, reason, why)
    }
}

extension ApprovalRecord.Decision {
    /// The decision as a noun: approval or rejection.
    var noun: String { self == .approve ? "approval" : "rejection" }
}
