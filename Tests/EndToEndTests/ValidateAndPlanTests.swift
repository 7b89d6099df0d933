import Foundation
import Testing
import TestSupport

@Suite(.serialized) struct ValidateAndPlanTests {
    /// A repository with the fixture model, its files and the policy.
    func repository() throws -> GitFixture {
        let git = try GitFixture()
        try git.write("policy.yaml", ManifestFixtures.policy())
        try git.write("models/fraud/model.yaml", ManifestFixtures.model())
        for (path, contents) in ManifestFixtures.modelFiles { try git.write("models/fraud/\(path)", contents) }
        _ = try git.commit("fraud model")
        return git
    }

    @Test func validFolderPassesWithSummary() throws {
        let git = try repository()
        let result = try SlipwayProcess.run(["validate", "."], in: git.path)
        #expect(result.status == 0, "\(result)")
        #expect(result.standardOutput.hasPrefix("ok: 1 Model, 1 Policy in 3 files"))
    }

    @Test func errorsArePrintedAsPathLineColumnAndExitOne() throws {
        let git = try repository()
        try git.write("models/fraud/model.yaml", ManifestFixtures.model().replacingOccurrences(of: "timeout: 10m", with: "tmeout: 10m"))
        try FileManager.default.removeItem(atPath: git.path + "/models/fraud/MODEL_CARD.md")
        let result = try SlipwayProcess.run(["validate", "models", "policy.yaml"], in: git.path)
        #expect(result.status == 1)
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.contains("models/fraud/model.yaml:16:5: error: unknown field 'tmeout' in spec.train (did you mean 'timeout'?)"))
        #expect(lines.contains { $0.hasPrefix("models/fraud/model.yaml:25:") && $0.contains("model card: 'MODEL_CARD.md' does not exist") })
        #expect(lines.last?.hasPrefix("invalid: 2 errors") == true)
    }

    @Test func jsonOutputIsMachineReadable() throws {
        let git = try repository()
        try git.write("models/fraud/model.yaml", ManifestFixtures.model().replacingOccurrences(of: "rate: 200", with: "rate: 0"))
        let result = try SlipwayProcess.run(["validate", "--json", "."], in: git.path)
        #expect(result.status == 1)
        let json = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        #expect(json?["valid"] as? Bool == false)
        let first = (json?["diagnostics"] as? [[String: Any]])?.first
        #expect(first?["file"] as? String == "models/fraud/model.yaml")
        #expect(first?["line"] as? Int == 23)
        #expect(first?["message"] as? String == "spec.gates[3].rate must be between 1 and 1000000, found 0")
    }

    @Test func numbersBeyondWhatTheGatesCanScheduleAreRefusedWithTheirPlace() throws {
        let git = try repository()
        let model = ManifestFixtures.model()
            .replacingOccurrences(of: "rate: 200, duration: 20s,", with: "rate: 1000000, duration: 2d, warmup: 1000000d,")
            .replacingOccurrences(of: "timeout: 10m", with: "timeout: 400d")
        try git.write("models/fraud/model.yaml", model)
        let result = try SlipwayProcess.run(["validate", "."], in: git.path)
        #expect(result.status == 1)
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.contains("models/fraud/model.yaml:23:89: error: spec.gates[3].duration may be at most 1d, found 2d"), "\(result)")
        #expect(lines.contains("models/fraud/model.yaml:23:101: error: spec.gates[3].warmup may be at most 1d, found 1000000d"), "\(result)")
        #expect(lines.contains("models/fraud/model.yaml:16:14: error: spec.train.timeout may be at most 365d, found 400d"), "\(result)")
        #expect(lines.last?.hasPrefix("invalid: 3 errors") == true, "\(result)")
    }

    @Test func aDecimalIntegerBeyond64BitsIsRefusedNotReadAsAFloat() throws {
        let git = try repository()
        try git.write("models/fraud/model.yaml", ManifestFixtures.model(param: "99999999999999999999"))
        let result = try SlipwayProcess.run(["validate", "."], in: git.path)
        #expect(result.status == 1)
        #expect(result.standardOutput.hasPrefix("models/fraud/model.yaml:17:17: error: integer '99999999999999999999' is out of range"), "\(result)")
    }

    @Test func aFileThatIsNotUTF8IsReportedAtItsStartAndTheOthersAreStillChecked() throws {
        let git = try repository()
        try git.write("models/other/model.yaml", bytes: Array("kind: Model\nmetadata: {name: caf".utf8) + [0xE9] + Array("}\n".utf8))
        try git.write("models/fraud/model.yaml", ManifestFixtures.model().replacingOccurrences(of: "rate: 200", with: "rate: 0"))
        let expected = "models/other/model.yaml:1:1: error: the file is not UTF-8 text (byte 32 is not part of a UTF-8 character); save it as UTF-8"
        let onDisk = try SlipwayProcess.run(["validate", "."], in: git.path)
        #expect(onDisk.status == 1)
        var lines = onDisk.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.contains(expected), "\(onDisk)")
        #expect(lines.contains { $0.hasPrefix("models/fraud/model.yaml:23:70: error: spec.gates[3].rate must be between 1 and 1000000") }, "\(onDisk)")
        // From git the same file was once read with replacement characters; now it is refused the same way.
        _ = try git.commit("a Latin-1 file")
        let committed = try SlipwayProcess.run(["validate", "--repo", git.path])
        #expect(committed.status == 1)
        lines = committed.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.contains(expected), "\(committed)")
    }

    @Test func validatesACommitStraightFromGit() throws {
        let git = try repository()
        // The working tree is broken, the commit is not: --repo/--rev reads the commit.
        try git.write("models/fraud/model.yaml", "kind: Model\nspec: [\n")
        let good = try SlipwayProcess.run(["validate", "--repo", git.path, "--rev", "main"])
        #expect(good.status == 0, "\(good)")
        _ = try git.commit("break it")
        let bad = try SlipwayProcess.run(["validate", "--repo", git.path, "--rev", "HEAD"])
        #expect(bad.status == 1)
        #expect(bad.standardOutput.hasPrefix("models/fraud/model.yaml:2:"))
    }

    /// Crafted tree entries in a model's folder, as an attacker's tool writes them: `validate --repo`
    /// names the commit, the path and the rule, and fails.
    @Test(arguments: [
        ("..", "models/fraud/..:1:1: error: commit ", "'..' is not a name but a step in a path"),
        ("../../escaped.txt", "models/fraud/../../escaped.txt:1:1: error: commit ", "holds '/'"),
        (".GIT", "models/fraud/.GIT:1:1: error: commit ", "the name is '.git'"),
        ("git~1", "models/fraud/git~1:1:1: error: commit ", "the name is '.git'"),
        (".git\u{200C}", "models/fraud/.git\\u{200C}:1:1: error: commit ", "the name is '.git'"),
    ])
    func validateRepoRefusesACraftedCommit(name: String, prefix: String, reason: String) throws {
        let git = try repository()
        let inner = try git.writeTree([.file("escaped.txt", try git.writeBlob("pwned\n"))])
        let commit = try git.commitAdding([name.contains("/") ? .file(name, try git.writeBlob("pwned\n")) : .folder(name, inner)],
                                          in: "models/fraud", message: "crafted")
        let result = try SlipwayProcess.run(["validate", "--repo", git.path])
        #expect(result.status == 1, "\(result)")
        let line = try #require(result.standardOutput.split(separator: "\n").first.map(String.init))
        #expect(line.hasPrefix(prefix + commit.short + " holds a tree entry Slipway refuses:"), "\(result)")
        #expect(line.contains(reason), "\(result)")
        #expect(result.standardOutput.split(separator: "\n").last?.hasPrefix("invalid: 1 error") == true, "\(result)")
    }

    /// A committed `data/train.csv -> /etc/passwd` is reported where the manifest names it.
    @Test func validateRepoReportsASymlinkedDataSet() throws {
        let git = try repository()
        try git.symlink("models/fraud/data/train.csv", to: "/etc/passwd")
        _ = try git.commit("link the data")
        let result = try SlipwayProcess.run(["validate", "--repo", git.path])
        #expect(result.status == 1, "\(result)")
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("models/fraud/model.yaml:7:13: error: data set 'train': 'data/train.csv' is a symlink to '/etc/passwd'") },
                "\(result)")
        #expect(lines.contains { $0.hasPrefix("models/fraud/model.yaml:3:18: error: model 'fraud-detector': symlink 'models/fraud/data/train.csv' points to '/etc/passwd'") },
                "\(result)")
        // The same check runs on a checkout.
        let onDisk = try SlipwayProcess.run(["validate", "."], in: git.path)
        #expect(onDisk.status == 1, "\(onDisk)")
        #expect(onDisk.standardOutput.contains("data set 'train': 'data/train.csv' is a symlink to '/etc/passwd'"), "\(onDisk)")
    }

    @Test func planSaysWhatAMergeWouldDo() throws {
        let git = try repository()
        let base = try git.head()
        try git.write("models/fraud/train.py", "print('v2')\n")
        try git.write("models/fraud/model.yaml", ManifestFixtures.model(param: "0.9"))
        _ = try git.commit("tune")
        let result = try SlipwayProcess.run(["plan", "--repo", git.path, "--from", base.hex, "--to", "main"])
        #expect(result.status == 0, "\(result)")
        #expect(result.standardOutput.contains("retrain  fraud-detector (code, params)  models/fraud/model.yaml"))
        #expect(result.standardOutput.contains("params: C 0.5 → 0.9"))
        let json = try SlipwayProcess.run(["plan", "--json", "--repo", git.path, "--from", base.hex, "--to", "main"])
        let plan = try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any]
        let model = (plan?["models"] as? [[String: Any]])?.first
        #expect(model?["retrainReasons"] as? [String] == ["code", "params"])
    }

    @Test func yaml2jsonPrintsDocumentsAndLocatesErrors() throws {
        let dir = try TemporaryDirectory()
        let good = try dir.write("a.yaml", "a: 1\nb: [yes, 0o17]\n---\n- x\n")
        let result = try SlipwayProcess.run(["yaml2json", good])
        #expect(result.status == 0)
        let parsed = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [Any]
        #expect(parsed?.count == 2)
        #expect(((parsed?.first as? [String: Any])?["b"] as? [Any])?.first as? String == "yes")
        let bad = try dir.write("b.yaml", "a: 1\nb: *alias\n")
        let failed = try SlipwayProcess.run(["yaml2json", bad])
        #expect(failed.status == 1)
        #expect(failed.standardError.hasPrefix("\(bad):2:4: "))
    }

    @Test(arguments: [["validate"], ["plan", "--repo", "."], ["validate", "--bogus", "x"], ["frobnicate"], ["yaml2json"]])
    func usageErrorsExitTwo(arguments: [String]) throws {
        let result = try SlipwayProcess.run(arguments)
        #expect(result.status == 2, "\(result)")
        #expect(!result.standardError.isEmpty)
    }

    @Test(arguments: ["validate", "plan", "yaml2json"])
    func everyCommandHasHelp(command: String) throws {
        let result = try SlipwayProcess.run([command, "--help"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("Usage: slipway \(command)"))
    }
}
