import Foundation
import Testing
import TestSupport
@testable import Git

@Suite(.serialized) struct CommitTests {
    @Test func readsCommitMetadata() async throws {
        let fixture = try GitFixture()
        try fixture.write("a.txt", "a\n")
        let first = try fixture.commit("first")
        try fixture.write("a.txt", "b\n")
        let second = try fixture.commit("Change the data\n\nBecause the old data was stale.")
        let repository = try Repository.open(at: fixture.path)
        let info = try await repository.commit(second)
        #expect(info.id == second)
        #expect(info.parents == [first])
        #expect(info.tree.hex == (try fixture.git("rev-parse", "\(second.hex)^{tree}")))
        #expect(info.author.name == GitFixture.author.name)
        #expect(info.author.email == GitFixture.author.email)
        #expect(info.committer.name == GitFixture.committer.name)
        #expect(info.committer.email == GitFixture.committer.email)
        #expect(info.committer.date == Date(timeIntervalSince1970: TimeInterval(GitFixture.firstCommitTime + 120)))
        #expect(info.author.utcOffsetMinutes == 120)
        #expect(info.summary == "Change the data")
        #expect(info.message == "Change the data\n\nBecause the old data was stale.\n")
        #expect(try await repository.commit(first).parents.isEmpty)
    }

    @Test func commitIDsAreDeterministic() throws {
        let one = try GitFixture(), two = try GitFixture()
        for fixture in [one, two] {
            try fixture.write("a.txt", "a\n")
            try fixture.commit("first")
        }
        #expect(try one.head() == two.head())
    }

    @Test func readingAMissingCommitNamesIt() async throws {
        let fixture = try GitFixture()
        try fixture.commit("first")
        let repository = try Repository.open(at: fixture.path)
        let missing = try #require(ObjectID(hex: String(repeating: "ab", count: 20)))
        let error = try await #require(throws: GitError.self) { try await repository.commit(missing) }
        #expect(error.operation == "read commit abababa")
        #expect(error.repository == fixture.path)
        #expect(error.isNotFound)
    }

    @Test func extractsAnSSHSignatureAndItsPayload() async throws {
        let fixture = try GitFixture()
        try fixture.write("approval.yaml", "kind: Approval\n")
        let signed = try fixture.commit("approve", signed: true)
        let repository = try Repository.open(at: fixture.path)
        let signature = try #require(try await repository.signature(of: signed))
        #expect(signature.format == .ssh)
        #expect(signature.signature.hasPrefix("-----BEGIN SSH SIGNATURE-----"))
        let payload = String(decoding: signature.signedPayload, as: UTF8.self)
        #expect(payload.hasPrefix("tree "))
        #expect(payload.hasSuffix("approve\n"))
        #expect(!payload.contains("gpgsig"))

        // The payload and signature are what `ssh-keygen -Y verify` accepts for a git commit.
        let key = try fixture.signingKey()
        try fixture.directory.write("allowed_signers", key.allowedSignersLine + "\n")
        try fixture.directory.write("payload", payload)
        try fixture.directory.write("payload.sig", signature.signature)
        let verify = Process()
        verify.executableURL = URL(fileURLWithPath: "/usr/bin/ssh-keygen")
        verify.arguments = ["-Y", "verify", "-f", fixture.directory.path + "/allowed_signers", "-I", key.email,
                            "-n", "git", "-s", fixture.directory.path + "/payload.sig"]
        verify.standardInput = FileHandle(forReadingAtPath: fixture.directory.path + "/payload")
        verify.standardOutput = FileHandle.nullDevice
        verify.standardError = FileHandle.nullDevice
        try verify.run()
        verify.waitUntilExit()
        #expect(verify.terminationStatus == 0)
    }

    @Test func anUnsignedCommitHasNoSignature() async throws {
        let fixture = try GitFixture()
        let unsigned = try fixture.commit("plain")
        let repository = try Repository.open(at: fixture.path)
        #expect(try await repository.signature(of: unsigned) == nil)
    }

    @Test func theSignatureOfAMissingCommitIsAnError() async throws {
        let fixture = try GitFixture()
        try fixture.commit("plain")
        let repository = try Repository.open(at: fixture.path)
        let missing = try #require(ObjectID(hex: String(repeating: "cd", count: 20)))
        let error = try await #require(throws: GitError.self) { try await repository.signature(of: missing) }
        #expect(error.operation.contains("extract the signature of commit cdcdcdc"))
    }
}
