import Foundation
import Testing
import TestSupport

/// `slipway approve` writes an Approval manifest that `slipway validate` accepts.
@Suite(.serialized) struct ApproveCommandTests {
    static let runKey = "sha256:" + String(repeating: "3c", count: 32)
    static let artifact = "sha256:" + String(repeating: "4d", count: 32)

    /// A repository with the fixture model and Policy, committed.
    func repository() throws -> GitFixture {
        let git = try GitFixture()
        try git.write("policy.yaml", ManifestFixtures.policy())
        try git.write("models/fraud/model.yaml", ManifestFixtures.model())
        for (path, contents) in ManifestFixtures.modelFiles { try git.write("models/fraud/\(path)", contents) }
        _ = try git.commit("fraud model")
        return git
    }

    @Test func theWrittenManifestValidates() throws {
        let git = try repository()
        let comment = "Reviewed \"AUC\" and load\nfigures — fine: [ok] # not a comment"
        let approve = try SlipwayProcess.run([
            "approve", "fraud-detector", "--candidate", Self.runKey, "--artifact", Self.artifact,
            "--reviewer", "alice@example.com", "--comment", comment, "--expires", "2099-12-31T00:00:00Z",
            "--gates", "governance", "--write-manifest", "approvals/alice.yaml",
        ], in: git.path)
        #expect(approve.status == 0, "\(approve)")
        #expect(approve.standardOutput.hasPrefix("wrote approvals/alice.yaml: alice@example.com approves fraud-detector candidate \(Self.runKey)"))

        let validate = try SlipwayProcess.run(["validate", "."], in: git.path)
        #expect(validate.status == 0, "\(validate)")
        #expect(validate.standardOutput.hasPrefix("ok: 1 Approval, 1 Model, 1 Policy in 4 files"))

        let json = try SlipwayProcess.run(["yaml2json", "approvals/alice.yaml"], in: git.path)
        let documents = try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [[String: Any]]
        let document = try #require(documents?.first)
        let spec = try #require(document["spec"] as? [String: Any])
        #expect(document["kind"] as? String == "Approval")
        #expect((document["metadata"] as? [String: Any])?["name"] as? String == "fraud-detector-alice-4d4d4d4d4d4d")
        #expect(spec["comment"] as? String == comment)
        #expect(spec["decision"] as? String == "approve")
        #expect(spec["gates"] as? [String] == ["governance"])
        #expect((spec["candidate"] as? [String: String]) == ["runKey": Self.runKey, "artifact": Self.artifact])
    }

    @Test func aRejectionWithJSONOutput() throws {
        let git = try repository()
        let result = try SlipwayProcess.run([
            "approve", "fraud-detector", "--candidate", Self.runKey, "--artifact", Self.artifact, "--reviewer", "bob@example.com",
            "--reject", "--json", "--write-manifest", "approvals/bob.yaml",
        ], in: git.path)
        #expect(result.status == 0, "\(result)")
        let json = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        #expect(json?["decision"] as? String == "reject")
        #expect(json?["path"] as? String == "approvals/bob.yaml")
        let validate = try SlipwayProcess.run(["validate", "approvals/bob.yaml", "models", "policy.yaml"], in: git.path)
        #expect(validate.status == 0, "\(validate)")
    }

    /// Command lines refused as usage errors, and a phrase of what each says.
    static let refused: [([String], String)] = [
        (["approve", "fraud-detector", "--candidate", runKey, "--artifact", artifact, "--reviewer", "alice@example.com"],
         "signing off through the daemon needs a reviewer's token"),
        (["approve", "fraud-detector", "--candidate", runKey, "--artifact", "sha256:abc", "--reviewer", "a", "--write-manifest", "a.yaml"],
         "--artifact: 'sha256:abc' is not a digest of the form sha256:<64 lowercase hex digits>"),
        (["approve", "fraud-detector", "--candidate", runKey, "--artifact", artifact, "--reviewer", "a", "--expires", "tomorrow",
          "--write-manifest", "a.yaml"], "--expires: 'tomorrow' is not an RFC 3339 time"),
        (["approve", "fraud-detector", "--candidate", runKey, "--artifact", artifact, "--reviewer", "a", "--expires", "2001-01-01T00:00:00Z",
          "--write-manifest", "a.yaml"], "--expires 2001-01-01T00:00:00Z is already past"),
        (["approve", "fraud-detector", "--candidate", runKey, "--artifact", artifact, "--write-manifest", "a.yaml"], "--reviewer is required"),
        (["approve", "fraud-detector", "--candidate", runKey, "--artifact", artifact, "--reviewer", "a", "--write-manifest", "policy.yaml"],
         "'policy.yaml' already exists"),
    ]

    @Test(arguments: refused)
    func usageErrorsExitTwo(_ arguments: [String], _ said: String) throws {
        let git = try repository()
        let result = try SlipwayProcess.run(arguments, in: git.path)
        #expect(result.status == 2)
        #expect(result.standardError.contains(said), "\(result.standardError)")
        #expect(!FileManager.default.fileExists(atPath: git.path + "/a.yaml"))
    }

    @Test func helpListsTheOptions() throws {
        let result = try SlipwayProcess.run(["approve", "--help"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("--write-manifest PATH"))
        let top = try SlipwayProcess.run(["--help"])
        #expect(top.standardOutput.contains("approve"))
    }
}
