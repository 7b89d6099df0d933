import Foundation

/// What a governance gate shows a reviewer: the model card, each Policy rule, each approval.
struct GovernanceEvidence: Encodable {
    var modelCard: ModelCardCheck
    var rules: [PolicyRule]
    var approvals: Approvals

    /// The approvals part: what was required, what counted, what was refused and why.
    struct Approvals: Encodable {
        var required: Int
        var group: String?
        var counted: [Row]
        var rejections: [Row]
        var refused: [ApprovalRefusal]
        var missing: Int

        init(_ tally: ApprovalTally) {
            required = tally.required
            group = tally.group
            counted = tally.counted.map(Row.init)
            rejections = tally.rejections.map(Row.init)
            refused = tally.refusals
            missing = tally.missing
        }
    }

    /// One approval or rejection that counted, with where it came from.
    struct Row: Encodable {
        var place: String
        var reviewer: String
        var decision: ApprovalRecord.Decision
        var via: String
        var commit: String?
        var signer: String?
        var key: String?
        var decidedAt: String
        var expires: String?
        var comment: String?

        init(_ record: ApprovalRecord) {
            let format = ISO8601DateFormatter()
            place = record.place
            reviewer = record.reviewer
            decision = record.decision
            decidedAt = format.string(from: record.decidedAt)
            expires = record.expires.map(format.string(from:))
            comment = record.comment
            switch record.source {
            case .manifest(_, let signature):
                via = "signed manifest"
                commit = signature.commit
                signer = signature.principal
                key = signature.key
            case .signOff:
                via = "API sign-off"
            }
        }
    }
}
