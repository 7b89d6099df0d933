import Foundation
@testable import Gates
import Git
import Testing

/// `ssh-keygen -Y` checks of real commit signatures against allowed_signers files.
@Suite(.serialized) struct SignerTests {
    /// A commit signed by alice (at 2025-12-29T09:21Z) and its signature.
    static func alicesSignature() async throws -> (ApprovalRepository, CommitSignature, Date) {
        let repo = try ApprovalRepository()
        try repo.git.write("file.txt", "signed\n")
        let commit = try repo.commit("signed", author: repo.alice, signedBy: repo.alice)
        let repository = try Repository.open(at: repo.git.path)
        let signature = try #require(try await repository.signature(of: commit))
        #expect(signature.format == .ssh)
        return (repo, signature, try await repository.commit(commit).committer.date)
    }

    static func signers(_ lines: String...) throws -> AllowedSigners {
        try AllowedSigners(file: "reviewers/allowed_signers", contents: Array((lines.joined(separator: "\n") + "\n").utf8))
    }

    @Test func theSignersKeyVerifiesForTheSigner() async throws {
        let (repo, signature, time) = try await Self.alicesSignature()
        let signers = try Self.signers(repo.alice.allowedSignersLine, repo.bob.allowedSignersLine)
        guard case .verified(let principal, let key) = try await signers.verify(signature, as: "alice@example.com", at: time) else {
            Issue.record("alice's signature did not verify for alice")
            return
        }
        #expect(principal == "alice@example.com" && key.hasPrefix("SHA256:"))
        guard case .otherPrincipal(let principals, let sameKey) = try await signers.verify(signature, as: "bob@example.com", at: time) else {
            Issue.record("alice's signature was not told apart from bob's")
            return
        }
        #expect(principals == ["alice@example.com"] && sameKey == key)
        #expect(try await signers.principals(of: signature, at: time) == ["alice@example.com"])
    }

    @Test func aKeyTheFileDoesNotListIsAStranger() async throws {
        let (repo, signature, time) = try await Self.alicesSignature()
        let signers = try Self.signers(repo.bob.allowedSignersLine)
        guard case .stranger(let key) = try await signers.verify(signature, as: "alice@example.com", at: time) else {
            Issue.record("an unknown key was not called a stranger")
            return
        }
        #expect(key.hasPrefix("SHA256:"))
        #expect(try await signers.principals(of: signature, at: time) == [])
    }

    @Test func aTamperedCommitDoesNotVerify() async throws {
        let (repo, signature, time) = try await Self.alicesSignature()
        let signers = try Self.signers(repo.alice.allowedSignersLine)
        // The same commit object with another message, its signature header kept as it was.
        let original = try repo.git.git("cat-file", "commit", "HEAD")
        let forged = try repo.git.git("hash-object", "-t", "commit", "-w", "--stdin",
                                      input: original.replacingOccurrences(of: "\nsigned", with: "\nsigned, then edited") + "\n")
        let repository = try Repository.open(at: repo.git.path)
        let forgedID = try #require(ObjectID(hex: forged))
        let tampered = try #require(try await repository.signature(of: forgedID))
        #expect(tampered.signature == signature.signature && tampered.signedPayload != signature.signedPayload)
        guard case .invalid(let reason) = try await signers.verify(tampered, as: "alice@example.com", at: time) else {
            Issue.record("a tampered payload verified")
            return
        }
        #expect(reason.contains("incorrect signature"))
        #expect(try await signers.principals(of: tampered, at: time) == nil)
    }

    @Test func keysAreJudgedAtTheCommitsTimeAndInTheGitNamespace() async throws {
        let (repo, signature, time) = try await Self.alicesSignature()
        // Valid until mid-2026: the commit (end of 2025) counts whatever today's date is.
        let untilJune = try Self.signers("alice@example.com valid-before=\"20260601\" " + repo.alice.publicKey)
        if case .verified = try await untilJune.verify(signature, as: "alice@example.com", at: time) {} else {
            Issue.record("a key valid at the commit's time was refused")
        }
        let revoked = try Self.signers("alice@example.com valid-before=\"20250101\" " + repo.alice.publicKey)
        let verdict = try await revoked.verify(signature, as: "alice@example.com", at: time)
        #expect(verdict == .invalid(reason: "reviewers/allowed_signers:1: key has expired: verify time 2025-12-29T09:21:00 > valid-before 2025-01-01T00:00:00; Could not verify signature."))
        let filesOnly = try Self.signers("alice@example.com namespaces=\"file\" " + repo.alice.publicKey)
        if case .invalid = try await filesOnly.verify(signature, as: "alice@example.com", at: time) {} else {
            Issue.record("a key limited to the file namespace verified a commit")
        }
    }

    @Test func aMissingSSHKeygenIsSaidPlainly() throws {
        #expect(throws: SignatureCheckError.self) { try SSHKeygen.locate(path: "/nonexistent") }
        let error = try #require(throws: SignatureCheckError.self) { try SSHKeygen.locate(path: "/nonexistent") }
        #expect(error.message.contains("apt-get install openssh-client"))
    }
}
