import Foundation
import Testing
import TestSupport
@testable import Git

@Suite(.serialized) struct ExportTests {
    @Test func writesFilesWithModesAndSymlinks() async throws {
        let fixture = try GitFixture()
        try fixture.write("models/fraud/train.py", "print('train')\n")
        try fixture.write("models/fraud/run.sh", "#!/bin/sh\n", executable: true)
        try fixture.write("models/fraud/données/é t.csv", "a\n1\n")
        try fixture.symlink("models/fraud/latest.csv", to: "données/é t.csv")
        try fixture.write("models/other/x.txt", "not exported\n")
        let commit = try fixture.commit("model")
        let repository = try Repository.open(at: fixture.path)
        let target = try TemporaryDirectory()
        let folder = target.path + "/new/export"

        try await repository.export(commit: commit, path: "models/fraud", to: folder)

        let files = FileManager.default
        #expect(try files.contentsOfDirectory(atPath: folder).sorted() == ["données", "latest.csv", "run.sh", "train.py"])
        #expect(try String(contentsOfFile: folder + "/données/é t.csv", encoding: .utf8) == "a\n1\n")
        #expect(try files.destinationOfSymbolicLink(atPath: folder + "/latest.csv") == "données/é t.csv")
        #expect(try String(contentsOfFile: folder + "/latest.csv", encoding: .utf8) == "a\n1\n")
        #expect(files.isExecutableFile(atPath: folder + "/run.sh"))
        #expect(!files.isExecutableFile(atPath: folder + "/train.py"))
        let mode = try files.attributesOfItem(atPath: folder + "/train.py")[.posixPermissions] as? Int
        #expect(mode == 0o644)
    }

    @Test func exportsTheWholeTreeIntoAnExistingEmptyFolder() async throws {
        let fixture = try GitFixture()
        try fixture.write("a.txt", "a\n")
        try fixture.write("b/c.txt", "c\n")
        let commit = try fixture.commit("tree")
        let repository = try Repository.open(at: fixture.path)
        let target = try TemporaryDirectory()
        try await repository.export(commit: commit, path: "", to: target.path)
        #expect(try String(contentsOfFile: target.path + "/b/c.txt", encoding: .utf8) == "c\n")
        #expect(!FileManager.default.fileExists(atPath: target.path + "/.git"))
    }

    @Test func refusesANonEmptyFolder() async throws {
        let fixture = try GitFixture()
        try fixture.write("a.txt", "a\n")
        let commit = try fixture.commit("tree")
        let repository = try Repository.open(at: fixture.path)
        let target = try TemporaryDirectory()
        try target.write("precious.txt", "keep me")
        let error = try await #require(throws: GitError.self) { try await repository.export(commit: commit, path: "", to: target.path) }
        #expect(error.message.contains("is not empty"))
        #expect(error.operation.contains(target.path))
        #expect(try String(contentsOfFile: target.path + "/precious.txt", encoding: .utf8) == "keep me")
    }

    @Test func refusesAMissingFolderInTheCommit() async throws {
        let fixture = try GitFixture()
        try fixture.write("a.txt", "a\n")
        let commit = try fixture.commit("tree")
        let repository = try Repository.open(at: fixture.path)
        let target = try TemporaryDirectory()
        let error = try await #require(throws: GitError.self) { try await repository.export(commit: commit, path: "models/x", to: target.path + "/out") }
        #expect(error.message.contains("no folder 'models/x'"))
    }

    @Test(arguments: ["../../outside", "/etc/passwd", "sub/../../x"])
    func refusesSymlinksLeavingTheFolder(destination: String) async throws {
        let fixture = try GitFixture()
        try fixture.write("model/sub/file.txt", "x\n")
        try fixture.symlink("model/escape", to: destination)
        let commit = try fixture.commit("escape")
        let repository = try Repository.open(at: fixture.path)
        let target = try TemporaryDirectory()
        let error = try await #require(throws: GitError.self) { try await repository.export(commit: commit, path: "model", to: target.path + "/out") }
        #expect(error.message.contains("symlink 'model/escape' points to '\(destination)', outside the exported folder"))
    }

    @Test(arguments: [
        ("a", "b", true), ("d/a", "../b", true), ("d/a", "../../b", false), ("a", "/abs", false),
        ("a", "./b/./c", true), ("a", "", false), ("d/e/a", "../../x/../y", true),
        // `up` is itself a symlink to `..`, so following it and then `..` would leave the folder.
        ("l", "deep/x/up/..", false),
        ("a", "b\0/../../x", false),
    ])
    func judgesSymlinkDestinations(link: String, destination: String, inside: Bool) {
        #expect(TreeRules.staysInside(link: link, destination: destination, symlinks: ["deep/x/up", "l"]) == inside)
    }

    /// Symlinks are judged before the first write: a refused export leaves its folder unmade.
    @Test func refusesAnEscapingSymlinkBeforeWritingAnything() async throws {
        let fixture = try GitFixture()
        try fixture.write("model/a.txt", "a\n")
        try fixture.symlink("model/z", to: "/tmp")
        let commit = try fixture.commit("escape")
        let repository = try Repository.open(at: fixture.path)
        let target = try TemporaryDirectory()
        let error = try await #require(throws: GitError.self) { try await repository.export(commit: commit, path: "model", to: target.path + "/out") }
        #expect(error.message.contains("commit \(commit.hex): symlink 'model/z' points to '/tmp'"))
        #expect(!FileManager.default.fileExists(atPath: target.path + "/out"))
    }

    /// Inside links are kept as links and never followed by the export itself: a link to a folder
    /// followed by files under that folder's own path writes the files in the folder, not through the link.
    @Test func writesLinksToFoldersWithoutFollowingThem() async throws {
        let fixture = try GitFixture()
        try fixture.write("model/real/x.txt", "x\n")
        try fixture.symlink("model/alias", to: "real")
        let commit = try fixture.commit("alias")
        let repository = try Repository.open(at: fixture.path)
        let target = try TemporaryDirectory()
        try await repository.export(commit: commit, path: "model", to: target.path + "/out")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: target.path + "/out/alias") == "real")
        #expect(try String(contentsOfFile: target.path + "/out/alias/x.txt", encoding: .utf8) == "x\n")
    }
}
