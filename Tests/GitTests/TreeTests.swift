import Foundation
import Testing
import TestSupport
@testable import Git

@Suite(.serialized) struct TreeTests {
    /// A commit with nested folders, an executable, a symlink and a path with spaces and accents.
    static func sample() throws -> (fixture: GitFixture, commit: ObjectID) {
        let fixture = try GitFixture()
        try fixture.write("README.md", "read me\n")
        try fixture.write("models/fraud/model.yaml", "kind: Model\n")
        try fixture.write("models/fraud/train.sh", "#!/bin/sh\n", executable: true)
        try fixture.write("données/é t.csv", "a,b\n1,2\n")
        try fixture.symlink("models/fraud/data", to: "../../données")
        return (fixture, try fixture.commit("sample"))
    }

    @Test func listsEveryFileRecursivelyWithKinds() async throws {
        let (fixture, commit) = try Self.sample()
        let repository = try Repository.open(at: fixture.path)
        let entries = try await repository.files(at: commit)
        #expect(entries.map(\.path) == ["README.md", "données/é t.csv", "models/fraud/data", "models/fraud/model.yaml", "models/fraud/train.sh"])
        #expect(entries.map(\.kind) == [.file, .file, .symlink, .file, .executable])
        // Same ids and modes as git's own listing.
        let listing = try fixture.git("-c", "core.quotepath=false", "ls-tree", "-r", commit.hex).split(separator: "\n").map(String.init)
        #expect(entries.map { "\(String($0.mode, radix: 8).leftPadded(6)) blob \($0.id.hex)\t\($0.path)" } == listing)
    }

    @Test func listsUnderAFolderOrAFile() async throws {
        let (fixture, commit) = try Self.sample()
        let repository = try Repository.open(at: fixture.path)
        #expect(try await repository.files(at: commit, under: "models/fraud/").map(\.path) == ["models/fraud/data", "models/fraud/model.yaml", "models/fraud/train.sh"])
        #expect(try await repository.files(at: commit, under: "données").map(\.name) == ["é t.csv"])
        #expect(try await repository.files(at: commit, under: "README.md").map(\.path) == ["README.md"])
        #expect(try await repository.files(at: commit, under: "nowhere").isEmpty)
    }

    @Test func findsTreesAndEntries() async throws {
        let (fixture, commit) = try Self.sample()
        let repository = try Repository.open(at: fixture.path)
        let root = try await repository.treeID(at: commit, path: "")
        #expect(root == (try await repository.commit(commit)).tree)
        #expect(try await repository.treeID(at: commit, path: "models")?.hex == (try fixture.git("rev-parse", "\(commit.hex):models")))
        #expect(try await repository.treeID(at: commit, path: "README.md") == nil)
        #expect(try await repository.treeID(at: commit, path: "missing") == nil)
        let csv = try #require(try await repository.entry(at: commit, path: "données/é t.csv"))
        #expect(csv.kind == .file)
        #expect(csv.path == "données/é t.csv")
        #expect(try await repository.entry(at: commit, path: "models")?.kind == .directory)
        #expect(try await repository.entry(at: commit, path: "models/nope") == nil)
    }

    @Test func readsBlobsSingleAndInBatch() async throws {
        let (fixture, commit) = try Self.sample()
        let repository = try Repository.open(at: fixture.path)
        let csv = try #require(try await repository.entry(at: commit, path: "données/é t.csv"))
        #expect(try await repository.blob(csv.id) == Array("a,b\n1,2\n".utf8))
        let yaml = try await repository.readFiles(at: commit) { $0.hasSuffix(".yaml") || $0.hasSuffix(".csv") }
        #expect(yaml.map(\.entry.path) == ["données/é t.csv", "models/fraud/model.yaml"])
        #expect(yaml.map { String(decoding: $0.bytes, as: UTF8.self) } == ["a,b\n1,2\n", "kind: Model\n"])
        let link = try await repository.readFiles(at: commit, under: "models") { $0.hasSuffix("/data") }
        #expect(link.map { String(decoding: $0.bytes, as: UTF8.self) } == ["../../données"])
    }

    @Test func batchReadMatchesAFastImportedTree() async throws {
        let fixture = try GitFixture()
        let files = (0..<300).map { (path: String(format: "models/m%03d/manifest.yaml", $0), contents: "name: m\($0)\n") }
            + [(path: "données/é \"t\".csv", contents: "x\n")]
        let commit = try fixture.importCommit(files, message: "many models")
        let repository = try Repository.open(at: fixture.path)
        let manifests = try await repository.readFiles(at: commit) { $0.hasSuffix("/manifest.yaml") }
        #expect(manifests.count == 300)
        #expect(manifests.last.map { String(decoding: $0.bytes, as: UTF8.self) } == "name: m299\n")
        #expect(try await repository.entry(at: commit, path: "données/é \"t\".csv")?.kind == .file)
        #expect(try await repository.files(at: commit).count == 301)
    }

    @Test func readingATreeAsABlobIsAnError() async throws {
        let (fixture, commit) = try Self.sample()
        let repository = try Repository.open(at: fixture.path)
        let tree = try #require(try await repository.treeID(at: commit, path: "models"))
        let error = try await #require(throws: GitError.self) { try await repository.blob(tree) }
        #expect(error.message.contains("is not a blob"))
    }

    @Test func aCorruptObjectIsAnErrorNamingTheOperation() async throws {
        let (fixture, commit) = try Self.sample()
        let repository = try Repository.open(at: fixture.path)
        let entry = try #require(try await repository.entry(at: commit, path: "models/fraud/model.yaml"))
        let object = fixture.path + "/.git/objects/\(entry.id.hex.prefix(2))/\(entry.id.hex.dropFirst(2))"
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: object)
        try Data("this is not zlib data".utf8).write(to: URL(fileURLWithPath: object))

        let error = try await #require(throws: GitError.self) { try await repository.blob(entry.id) }
        #expect(error.operation == "read blob \(entry.id.short)")
        #expect(error.repository == fixture.path)
        #expect(error.code != 0)
        let batchError = try await #require(throws: GitError.self) { try await repository.readFiles(at: commit) { _ in true } }
        #expect(batchError.operation.hasPrefix("read files"))
        #expect(batchError.description.contains(fixture.path))
    }
}

extension String {
    /// Pads with leading zeros, as `git ls-tree` prints modes.
    fileprivate func leftPadded(_ width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
