import Foundation
import Journal
import Manifests
import Pipelines

/// The `governance` gate: the model card has the required sections, the model meets the
/// Policy's rules, and enough reviewers of the gate's group approved this exact candidate.
public struct GovernanceCheck: Gate {
    public let name: String
    public let spec: GovernanceGate
    /// The repository's Policy; without one there are no rules beyond the gate's own.
    public let policy: Policy?
    public let model: Model
    /// The approvals gathered for the revision (verified records and refusals).
    public let approvals: CollectedApprovals
    /// Who made the change the candidate was trained from.
    public let change: CandidateChange
    /// Judges expiry.
    public let clock: any Clock

    public init(name: String, spec: GovernanceGate, policy: Policy?, model: Model, approvals: CollectedApprovals,
                change: CandidateChange, clock: any Clock) {
        self.name = name
        self.spec = spec
        self.policy = policy
        self.model = model
        self.approvals = approvals
        self.change = change
        self.clock = clock
    }

    public func evaluate(_ subject: GateSubject) async -> GateResult {
        let started = ContinuousClock.now
        let card = cardCheck(in: subject.folder)
        let rules = PolicyRule.check(policy, on: model)
        let tally = ApprovalTally(approvals, gate: name, spec: spec, policy: policy, model: subject.model,
                                  candidate: subject.candidate, change: change, now: clock.now)
        let violations = card.violations
            + rules.filter { !$0.passed }.map(\.detail)
            + (tally.groupProblem.map { [$0] } ?? [])
            + tally.rejections.map { "\($0.reviewer) rejected the candidate (\($0.place))\($0.comment.map { ": \($0)" } ?? "")" }
        let verdict: GateVerdict
        let reason: String
        if let first = violations.first {
            verdict = .fail
            reason = first + (violations.count > 1 ? " (and \(violations.count - 1) more)" : "")
        } else if let problem = card.problem {
            verdict = .error
            reason = "cannot read the model card: \(problem)"
        } else if tally.missing > 0 {
            verdict = .pending
            reason = "waiting for \(tally.missing) more approval\(tally.missing == 1 ? "" : "s") from \(tally.group ?? "reviewers")"
                + " (\(tally.counted.count) of \(tally.required) counted, \(tally.refusals.count) refused)"
        } else {
            verdict = .pass
            reason = "model card has all \(card.required.count) sections, \(rules.count) Policy rule\(rules.count == 1 ? "" : "s") met, "
                + "\(tally.counted.count) of \(tally.required) approval\(tally.required == 1 ? "" : "s") counted"
        }
        let evidence = (try? JSONValue(encoding: GovernanceEvidence(modelCard: card, rules: rules, approvals: .init(tally)))) ?? .null
        return GateResult(gate: name, kind: GateSpec.Kind.governance.rawValue, verdict: verdict, reason: reason,
                          evidence: evidence, violations: violations, seconds: (ContinuousClock.now - started).seconds)
    }

    /// The card check, with the card's path made relative to the model's folder, which is all a gate is given.
    private func cardCheck(in folder: String) -> ModelCardCheck {
        let required = policy?.modelCardSections ?? Policy.defaultModelCardSections
        let path = spec.modelCard.path
        guard RepositoryPath.isInside(path, folder: model.folder), path != model.folder else {
            return ModelCardCheck(file: spec.modelCard.written, required: required,
                                  problem: "\(path) is outside the model's folder '\(model.folder)', and a gate sees only that folder")
        }
        return ModelCardCheck(folder: folder, relative: model.folder.isEmpty ? path : String(path.dropFirst(model.folder.count + 1)),
                              required: required)
    }
}

extension GovernanceCheck {
    /// Why `signOff` could never count for gate `name`: a reviewer outside the gate's group, the
    /// author, committer or signer of the change, or a sign-off for another candidate. Nil when it
    /// counts (or only expiry, which time decides, could stop it).
    public static func refusal(of signOff: ApprovalRecord, gate name: String, spec: GovernanceGate, policy: Policy?,
                               model: String, candidate: Candidate, change: CandidateChange, now: Date) -> ApprovalRefusal? {
        let tally = ApprovalTally(CollectedApprovals(records: [signOff]), gate: name, spec: spec, policy: policy, model: model,
                                  candidate: candidate, change: change, now: now)
        return tally.refusals.first
    }
}

