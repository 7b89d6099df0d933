import Foundation
@testable import Gates
import Git
import Testing
import TestSupport

/// Approval manifests count only when the commit that wrote them is signed by the reviewer they name.
@Suite(.serialized) struct ApprovalSignatureTests {
    @Test func anApprovalSignedByAGroupMemberPasses() async throws {
        let repo = try ApprovalRepository()
        try repo.commitModel()
        let signed = try repo.approve("alice", reviewer: repo.alice, signedBy: repo.alice)
        let result = try await repo.evaluate()
        #expect(result.verdict == .pass, "\(result.reason)")
        #expect(result.counted == ["alice@example.com"])
        #expect(result.refusals.isEmpty)
        let (approvals, _, _) = try await repo.collect()
        guard case .manifest(let place, let signature)? = approvals.records.first?.source else {
            Issue.record("no signed record: \(approvals)")
            return
        }
        #expect(place.description == "approvals/alice.yaml:1")
        #expect(signature.commit == signed.hex && signature.principal == "alice@example.com" && signature.key.hasPrefix("SHA256:"))
    }

    @Test func anUnsignedApprovalIsRefused() async throws {
        let repo = try ApprovalRepository()
        try repo.commitModel()
        let unsigned = try repo.approve("alice", reviewer: repo.alice, signedBy: nil)
        let result = try await repo.evaluate()
        #expect(result.verdict == .pending)
        #expect(result.refusals.map(\.reason) == ["unsigned"])
        #expect(result.refusals.first?.message == "approvals/alice.yaml:1: alice@example.com's approval is not counted: commit \(unsigned.short), which last changed approvals/alice.yaml, is not signed; commit it with `git commit -S` and an SSH key listed in reviewers/allowed_signers")
    }

    @Test func anApprovalSignedByAStrangerIsRefused() async throws {
        let repo = try ApprovalRepository()
        try repo.commitModel()
        let forged = try repo.approve("alice", reviewer: repo.alice, signedBy: repo.mallory)
        let result = try await repo.evaluate()
        #expect(result.verdict == .pending)
        #expect(result.refusals.map(\.reason) == ["stranger"])
        let message = try #require(result.refusals.first?.message)
        #expect(message.hasPrefix("approvals/alice.yaml:1: alice@example.com's approval is not counted: commit \(forged.short) is signed with key SHA256:"))
        #expect(message.hasSuffix("which reviewers/allowed_signers does not list"))
    }

    @Test func anApprovalSignedByAnotherReviewerIsRefused() async throws {
        let repo = try ApprovalRepository()
        try repo.commitModel()
        let commit = try repo.approve("alice", reviewer: repo.alice, signedBy: repo.bob)
        let result = try await repo.evaluate()
        #expect(result.refusals.map(\.reason) == ["reviewerIsNotSigner"])
        #expect(result.refusals.first?.message.contains("the manifest names reviewer alice@example.com, but commit \(commit.short) is signed with the key of bob@example.com") == true)
    }

    @Test func aSignerOutsideTheReviewerGroupIsRefused() async throws {
        let repo = try ApprovalRepository()
        try repo.commitModel()
        try repo.approve("carol", reviewer: repo.carol, signedBy: repo.carol)
        let result = try await repo.evaluate()
        #expect(result.verdict == .pending)
        #expect(result.refusals.map(\.message) == ["approvals/carol.yaml:1: carol@example.com's approval is not counted: carol@example.com is not a member of reviewer group 'risk-reviewers'"])
    }

    @Test func theAuthorOfTheChangeCannotApproveIt() async throws {
        let repo = try ApprovalRepository()
        let change = try repo.commitModel()
        try repo.approve("ada", reviewer: repo.ada, signedBy: repo.ada)
        let result = try await repo.evaluate()
        #expect(result.verdict == .pending)
        #expect(result.refusals.map(\.message) == ["approvals/ada.yaml:1: ada@example.com's approval is not counted: ada@example.com authored commit \(change.short), which produced the candidate; the author of a change cannot approve it"])
    }

    @Test func theSignerOfTheChangeCannotApproveItUnderAnotherEmail() async throws {
        let repo = try ApprovalRepository()
        // Ada commits from her home address but signs with the key allowed_signers lists as ada@example.com.
        let home = Person(name: "Ada", email: "ada.lovelace@home.example", privateKey: repo.ada.privateKey, publicKey: repo.ada.publicKey)
        let change = try repo.commitModel(signed: true, author: home)
        try repo.approve("ada", reviewer: repo.ada, signedBy: repo.ada)
        let result = try await repo.evaluate()
        #expect(result.verdict == .pending)
        #expect(result.refusals.map(\.message) == ["approvals/ada.yaml:1: ada@example.com's approval is not counted: ada@example.com signed commit \(change.short), which produced the candidate; the signer of a change cannot approve it"])
    }

    @Test func anApprovalMergedFromABranchCountsWithTheCommitThatWroteIt() async throws {
        let repo = try ApprovalRepository()
        try repo.commitModel()
        try repo.git.branch("review")
        try repo.git.checkout("review")
        let signed = try repo.approve("alice", reviewer: repo.alice, signedBy: repo.alice)
        try repo.git.checkout("main")
        try repo.git.write("models/fraud/notes.txt", "a change on main meanwhile\n")
        try repo.commit("notes", author: repo.ada)
        try repo.git.git("merge", "-q", "--no-ff", "-m", "merge review", "review",
                         environment: ["GIT_AUTHOR_NAME": "Merger", "GIT_AUTHOR_EMAIL": "merger@example.com",
                                       "GIT_COMMITTER_NAME": "Merger", "GIT_COMMITTER_EMAIL": "merger@example.com"])
        let repository = try Repository.open(at: repo.git.path)
        let head = try repo.git.head()
        #expect(try await repository.lastChange(of: "approvals/alice.yaml", from: head) == signed)
        #expect(try await repository.lastChange(of: "models/fraud/notes.txt", from: head) == (try repo.git.id("HEAD^1")))
        #expect(try await repository.lastChange(of: "no/such/file", from: head) == nil)
        let result = try await repo.evaluate()
        #expect(result.verdict == .pass, "\(result.reason)")
    }

    @Test func anUnsignedEditOfASignedApprovalVoidsIt() async throws {
        let repo = try ApprovalRepository()
        try repo.commitModel()
        try repo.approve("alice", reviewer: repo.alice, signedBy: repo.alice)
        // Someone else edits alice's approval without signing: her signature no longer covers what the file says.
        let text = try String(contentsOfFile: repo.git.path + "/approvals/alice.yaml", encoding: .utf8)
        try repo.git.write("approvals/alice.yaml", text + "  comment: edited later\n")
        let edit = try repo.commit("edit", author: repo.mallory)
        let result = try await repo.evaluate()
        #expect(result.verdict == .pending)
        #expect(result.refusals.first?.message.contains("commit \(edit.short), which last changed approvals/alice.yaml, is not signed") == true)
    }

    @Test func withoutAllowedSignersNoManifestCounts() async throws {
        let repo = try ApprovalRepository()
        try repo.commitModel(allowedSigners: false)
        try repo.approve("alice", reviewer: repo.alice, signedBy: repo.alice)
        let result = try await repo.evaluate()
        #expect(result.verdict == .pending)
        #expect(result.refusals.map(\.message) == ["approvals/alice.yaml:1: alice@example.com's approval is not counted: the Policy 'governance' names no allowedSigners file, so no signature can be checked"])
    }
}
