import Foundation
@testable import Gates
import Journal
import Pipelines
import Testing
import TestSupport

/// The rules a verified approval must still meet: this model, this candidate, this gate, not
/// expired, a group member who did not make the change; and how they add up to a verdict.
@Suite(.serialized) struct ApprovalRuleTests {
    static let otherArtifact = "sha256:" + String(repeating: "f0", count: 32)

    @Test func anApprovalOfAnotherDigestIsRefused() async throws {
        let repo = try ApprovalRepository()
        try repo.commitModel()
        try repo.approve("alice", reviewer: repo.alice, signedBy: repo.alice, artifact: Self.otherArtifact)
        let result = try await repo.evaluate()
        #expect(result.verdict == .pending)
        #expect(result.refusals.map(\.message) == ["approvals/alice.yaml:1: alice@example.com's approval is not counted: it approves \(Self.otherArtifact) but the candidate is \(ApprovalRepository.artifact)"])
    }

    @Test func anApprovalCountsUntilItExpires() async throws {
        let repo = try ApprovalRepository()
        try repo.commitModel()
        try repo.approve("alice", reviewer: repo.alice, signedBy: repo.alice, expires: "2026-03-01T00:00:00Z")
        let clock = ManualClock(try #require(ISO8601DateFormatter().date(from: "2026-02-28T23:59:00Z")))
        #expect(try await repo.evaluate(clock: clock).verdict == .pass)
        clock.advance(by: 60)
        let result = try await repo.evaluate(clock: clock)
        #expect(result.verdict == .pending)
        #expect(result.refusals.map(\.message) == ["approvals/alice.yaml:1: alice@example.com's approval is not counted: it expired at 2026-03-01T00:00:00Z (now 2026-03-01T00:00:00Z)"])
    }

    @Test func aQuorumCountsDistinctReviewers() async throws {
        let repo = try ApprovalRepository()
        try repo.commitModel(required: 2)
        try repo.approve("alice", reviewer: repo.alice, signedBy: repo.alice)
        let one = try await repo.evaluate()
        #expect(one.verdict == .pending)
        #expect(one.reason == "waiting for 1 more approval from risk-reviewers (1 of 2 counted, 0 refused)")

        try repo.approve("alice-again", reviewer: repo.alice, signedBy: repo.alice)
        let twice = try await repo.evaluate()
        #expect(twice.verdict == .pending)
        #expect(twice.counted == ["alice@example.com"])
        #expect(twice.refusals.map(\.message) == ["approvals/alice.yaml:1: alice@example.com's approval is not counted: alice@example.com decided again later (approvals/alice-again.yaml:1); a reviewer counts once, with their latest decision"])

        try repo.approve("bob", reviewer: repo.bob, signedBy: repo.bob)
        let two = try await repo.evaluate()
        #expect(two.verdict == .pass, "\(two.reason)")
        #expect(Set(two.counted) == ["alice@example.com", "bob@example.com"])
    }

    @Test func aRejectionFromAGroupMemberFails() async throws {
        let repo = try ApprovalRepository()
        try repo.commitModel()
        try repo.approve("alice", reviewer: repo.alice, signedBy: repo.alice)
        try repo.approve("bob", reviewer: repo.bob, signedBy: repo.bob, decision: "reject")
        let result = try await repo.evaluate()
        #expect(result.verdict == .fail)
        #expect(result.violations == ["bob@example.com rejected the candidate (approvals/bob.yaml:1)"])
        #expect(result.counted == ["alice@example.com"])
    }

    @Test func aLaterApprovalSupersedesTheSameReviewersRejection() async throws {
        let repo = try ApprovalRepository()
        try repo.commitModel()
        try repo.approve("bob-first", reviewer: repo.bob, signedBy: repo.bob, decision: "reject")
        try repo.approve("bob-then", reviewer: repo.bob, signedBy: repo.bob)
        let result = try await repo.evaluate()
        #expect(result.verdict == .pass, "\(result.reason)")
        #expect(result.refusals.map(\.reason) == ["superseded"])
    }

    /// API sign-offs, judged by the same rules as manifests: (event, expected verdict, expected refusal).
    static let signOffs: [(ApprovalRecorded, GateVerdict, String?)] = [
        (signOff(reviewer: "bob@example.com"), .pass, nil),
        (signOff(reviewer: "bob@example.com", model: "churn"), .pending, "it is for model 'churn', not 'fraud'"),
        (signOff(reviewer: "bob@example.com", gates: ["security"]), .pending, "it covers gates security, not 'governance'"),
        (signOff(reviewer: "bob@example.com", runKey: "sha256:" + String(repeating: "99", count: 32)), .pending,
         "it approves run sha256:\(String(repeating: "99", count: 32)) but the candidate's run key is \(ApprovalRepository.runKey)"),
        (signOff(reviewer: "ADA@example.com"), .pending,
         "ada@example.com authored commit CHANGE, which produced the candidate; the author of a change cannot approve it"),
        (signOff(reviewer: "mallory@example.com"), .pending, "mallory@example.com is not a member of reviewer group 'risk-reviewers'"),
        (signOff(reviewer: "bob@example.com", decision: .reject), .fail, nil),
    ]

    static func signOff(reviewer: String, model: String = "fraud", gates: [String] = [], runKey: String = ApprovalRepository.runKey,
                        decision: ApprovalRecord.Decision = .approve) -> ApprovalRecorded {
        ApprovalRecorded(model: model, candidate: Candidate(runKey: runKey, artifact: ApprovalRepository.artifact), gates: gates,
                         decision: decision, reviewer: reviewer, token: "laptop")
    }

    @Test(arguments: signOffs)
    func apiSignOffsMeetTheSameRules(_ event: ApprovalRecorded, _ verdict: GateVerdict, _ refusal: String?) async throws {
        let repo = try ApprovalRepository()
        let change = try repo.commitModel()
        let record = ApprovalRecord(event, entry: 7, time: Date(timeIntervalSince1970: 1_767_225_600))
        let result = try await repo.evaluate(signOffs: [record])
        #expect(result.verdict == verdict, "\(result.reason)")
        let expected = refusal.map {
            "API sign-off (journal entry 7, token 'laptop'): \(event.reviewer)'s approval is not counted: " + $0.replacingOccurrences(of: "CHANGE", with: change.short)
        }
        #expect(result.refusals.map(\.message) == (expected.map { [$0] } ?? []))
    }

    @Test func signOffsRoundTripThroughTheJournal() throws {
        let fixture = try JournalFixture()
        let journal = try fixture.open()
        var event = Self.signOff(reviewer: "bob@example.com")
        event.comment = "looked at the load figures"
        event.expires = ISO8601DateFormatter().date(from: "2026-12-31T00:00:00Z")
        try journal.append(RunFinishedStandIn(model: "fraud"))
        try journal.append(event)
        #expect(try fixture.lines()[1].contains("\"expires\":\"2026-12-31T00:00:00Z\""))
        let records = try ApprovalRecord.signOffs(in: try journal.entries())
        #expect(records.count == 1)
        let record = try #require(records.first)
        #expect(record.place == "API sign-off (journal entry 2, token 'laptop')")
        #expect(record.comment == "looked at the load figures" && record.expires == event.expires)
        #expect(record.decidedAt == fixture.clock.now)
    }
}

/// Another kind of event in the same journal, which reading sign-offs skips.
private struct RunFinishedStandIn: Event {
    static let type = "run.finished"
    var model: String
}
