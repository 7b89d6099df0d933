import Foundation
import Manifests
import Pipelines

/// The approvals of one governance gate on one candidate, judged record by record: each one
/// either counts (the latest decision of each distinct reviewer) or is refused with its reason.
struct ApprovalTally {
    var required: Int
    var group: String?
    /// The group's members, lowercased; nil when the gate names no group.
    var members: Set<String>?
    /// Why the gate's reviewer group cannot be used, when it cannot: a broken rule.
    var groupProblem: String?
    /// The approvals that count, one per reviewer.
    var counted: [ApprovalRecord] = []
    /// The rejections that count, one per reviewer.
    var rejections: [ApprovalRecord] = []
    var refusals: [ApprovalRefusal]

    /// How many more approvals the gate waits for.
    var missing: Int { max(0, required - counted.count) }

    init(_ collected: CollectedApprovals, gate: String, spec: GovernanceGate, policy: Policy?,
         model: String, candidate: Candidate, change: CandidateChange, now: Date) {
        required = spec.requiredApprovals
        group = spec.reviewerGroup
        refusals = collected.refusals
        if let group = spec.reviewerGroup {
            if let listed = policy?.reviewers[group] {
                members = Set(listed.map { $0.lowercased() })
            } else {
                members = []
                groupProblem = policy.map { "approvals.from names reviewer group '\(group)', which the Policy '\($0.metadata.name)' does not define" }
                    ?? "approvals.from names reviewer group '\(group)', but the repository has no Policy defining reviewers"
            }
        }
        var valid: [ApprovalRecord] = []
        for record in collected.records {
            if let refusal = refusal(of: record, gate: gate, model: model, candidate: candidate, change: change, now: now) {
                refusals.append(refusal)
            } else {
                valid.append(record)
            }
        }
        // A reviewer counts once: their latest decision stands (the later one read, at equal times),
        // earlier ones are superseded.
        var latest: [String: Int] = [:]
        for (index, record) in valid.enumerated() {
            let reviewer = record.reviewer.lowercased()
            if let known = latest[reviewer], valid[known].decidedAt > record.decidedAt { continue }
            latest[reviewer] = index
        }
        for (index, record) in valid.enumerated() {
            let kept = valid[latest[record.reviewer.lowercased()]!]
            if latest[record.reviewer.lowercased()] == index {
                if record.decision == .approve { counted.append(record) } else { rejections.append(record) }
            } else {
                refusals.append(ApprovalRefusal(record, .superseded,
                    "\(record.reviewer) decided again later (\(kept.place)); a reviewer counts once, with their latest decision"))
            }
        }
    }

    /// Why `record` does not count for this gate and candidate, or nil when it does.
    private func refusal(of record: ApprovalRecord, gate: String, model: String, candidate: Candidate,
                         change: CandidateChange, now: Date) -> ApprovalRefusal? {
        if record.model != model {
            return ApprovalRefusal(record, .otherModel, "it is for model '\(record.model)', not '\(model)'")
        }
        if record.candidate.artifact != candidate.artifact {
            return ApprovalRefusal(record, .otherCandidate,
                                   "it \(record.decision.verb) \(record.candidate.artifact) but the candidate is \(candidate.artifact)")
        }
        if record.candidate.runKey != candidate.runKey {
            return ApprovalRefusal(record, .otherCandidate,
                                   "it \(record.decision.verb) run \(record.candidate.runKey) but the candidate's run key is \(candidate.runKey)")
        }
        if !record.gates.isEmpty && !record.gates.contains(gate) {
            return ApprovalRefusal(record, .otherGate, "it covers gates \(record.gates.joined(separator: ", ")), not '\(gate)'")
        }
        if let expires = record.expires, expires <= now {
            let format = ISO8601DateFormatter()
            return ApprovalRefusal(record, .expired, "it expired at \(format.string(from: expires)) (now \(format.string(from: now)))")
        }
        if let members, let group, !record.identities.isSubset(of: members) {
            let why = groupProblem ?? "\(record.reviewer) is not a member of reviewer group '\(group)'"
            return ApprovalRefusal(record, .notInGroup, why)
        }
        if record.decision == .approve, let conflict = change.conflict(with: record) {
            return ApprovalRefusal(record, .authorOfChange, conflict)
        }
        return nil
    }
}

extension ApprovalRecord.Decision {
    /// The decision as a verb: approves or rejects.
    var verb: String { self == .approve ? "approves" : "rejects" }
}
