import Foundation
import Testing
import TestSupport
@testable import Git

@Suite(.serialized) struct MirrorTests {
    @Test func opensAWorkTreeAndABareRepository() async throws {
        let source = try GitFixture()
        try source.write("README.md", "hello\n")
        let head = try source.commit("first")
        let workTree = try Repository.open(at: source.path)
        #expect(await !workTree.isBare)
        #expect(try await workTree.resolve("main") == head)

        let bare = try TemporaryDirectory()
        try source.git("clone", "-q", "--bare", source.path, bare.path + "/bare.git")
        let opened = try Repository.open(at: bare.path + "/bare.git")
        #expect(await opened.isBare)
        #expect(try await opened.resolve("main") == head)
    }

    @Test func openingAFolderThatIsNoRepositoryNamesTheFolder() throws {
        let folder = try TemporaryDirectory()
        let error = try #require(throws: GitError.self) { try Repository.open(at: folder.path) }
        #expect(error.operation == "open repository")
        #expect(error.repository == folder.path)
        #expect(error.isNotFound)
        #expect(error.description.contains(folder.path))
    }

    @Test(arguments: [false, true])
    func clonesAMirrorOfAllBranchesAndTags(viaFileURL: Bool) async throws {
        let source = try GitFixture()
        try source.write("a.txt", "a\n")
        let first = try source.commit("first")
        try source.branch("feature")
        try source.write("a.txt", "b\n")
        let second = try source.commit("second")
        try source.tag("v1", at: "main~1", message: "release 1")

        let state = try TemporaryDirectory()
        let mirror = try Repository.cloneMirror(from: viaFileURL ? source.fileURL : source.path, into: state.path + "/mirror")
        #expect(await mirror.isBare)
        #expect(try await mirror.resolve("main") == second)
        #expect(try await mirror.resolve("HEAD") == second)
        #expect(try await mirror.resolve("refs/heads/feature") == first)
        #expect(try await mirror.resolve("v1") == first)
        let refs = try await mirror.references()
        #expect(refs.keys.contains("refs/heads/main"))
        #expect(refs.keys.contains("refs/tags/v1"))
        #expect(!refs.keys.contains { $0.hasPrefix("refs/remotes/") })
        // Nothing else is left behind next to the mirror by the staged clone.
        #expect(try FileManager.default.contentsOfDirectory(atPath: state.path) == ["mirror"])
    }

    @Test func mirrorsOffTheCooperativePoolWithTheSameResult() async throws {
        let source = try GitFixture()
        try source.write("a.txt", "a\n")
        let head = try source.commit("first")
        let state = try TemporaryDirectory()
        let mirror = try await Repository.mirror(from: source.path, into: state.path + "/mirror")
        #expect(try await mirror.resolve("HEAD") == head)
        let error = try await #require(throws: GitError.self) {
            try await Repository.mirror(from: state.path + "/missing", into: state.path + "/other")
        }
        #expect(error.message.isEmpty == false)
    }

    @Test func reusesAMirrorOfTheSameURL() async throws {
        let source = try GitFixture()
        try source.write("a.txt", "a\n")
        let first = try source.commit("first")
        let state = try TemporaryDirectory()
        _ = try Repository.cloneMirror(from: source.path, into: state.path + "/mirror")
        let marker = state.path + "/mirror/slipway-marker"
        #expect(FileManager.default.createFile(atPath: marker, contents: Data()))

        try source.write("a.txt", "b\n")
        try source.commit("second")
        let again = try Repository.cloneMirror(from: source.path, into: state.path + "/mirror")
        // Reused, not cloned again: the marker survives and the new commit is not there until a fetch.
        #expect(FileManager.default.fileExists(atPath: marker))
        #expect(try await again.resolve("main") == first)
    }

    @Test func removesStagedClonesLeftByACrash() async throws {
        let source = try GitFixture()
        let head = try source.commit("first")
        let state = try TemporaryDirectory()
        try state.write(".mirror.clone-dead0001/objects/junk", "half a clone")
        let mirror = try Repository.cloneMirror(from: source.path, into: state.path + "/mirror")
        #expect(try await mirror.resolve("main") == head)
        #expect(try FileManager.default.contentsOfDirectory(atPath: state.path) == ["mirror"])
    }

    @Test func refusesAFolderMirroringAnotherURL() throws {
        let one = try GitFixture(), other = try GitFixture()
        try one.commit("one")
        try other.commit("other")
        let state = try TemporaryDirectory()
        _ = try Repository.cloneMirror(from: one.path, into: state.path + "/mirror")
        let error = try #require(throws: GitError.self) { try Repository.cloneMirror(from: other.path, into: state.path + "/mirror") }
        #expect(error.message.contains("already mirrors \(one.path)"))
        #expect(error.description.contains(other.path))
    }

    @Test func refusesANonEmptyFolderThatIsNoRepository() throws {
        let source = try GitFixture()
        try source.commit("first")
        let state = try TemporaryDirectory()
        try state.write("mirror/notes.txt", "not a repository")
        let error = try #require(throws: GitError.self) { try Repository.cloneMirror(from: source.path, into: state.path + "/mirror") }
        #expect(error.message.contains("neither empty nor a git repository"))
    }

    @Test func cloningAMissingRemoteFailsAndLeavesNothingBehind() throws {
        let state = try TemporaryDirectory()
        let missing = state.path + "/no-such-repo"
        let error = try #require(throws: GitError.self) { try Repository.cloneMirror(from: missing, into: state.path + "/mirror") }
        #expect(error.operation.contains("mirror \(missing)"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: state.path).isEmpty)
    }

    @Test func fetchTakesNewCommitsBranchesAndDeletions() async throws {
        let source = try GitFixture()
        try source.write("a.txt", "a\n")
        let first = try source.commit("first")
        try source.branch("doomed")
        let state = try TemporaryDirectory()
        let mirror = try Repository.cloneMirror(from: source.fileURL, into: state.path + "/mirror")
        #expect(try await mirror.fetch().isEmpty)

        try source.write("a.txt", "b\n")
        let second = try source.commit("second")
        try source.branch("feature")
        try source.git("branch", "-D", "doomed")
        let updates = try await mirror.fetch()
        #expect(updates == [
            RefUpdate(name: "refs/heads/doomed", old: first, new: nil),
            RefUpdate(name: "refs/heads/feature", old: nil, new: second),
            RefUpdate(name: "refs/heads/main", old: first, new: second),
        ])
        #expect(try await mirror.resolve("main") == second)
        await #expect(throws: GitError.self) { try await mirror.resolve("doomed") }
    }

    @Test func fetchTakesAForcePushedRewrite() async throws {
        let source = try GitFixture()
        try source.write("a.txt", "a\n")
        let base = try source.commit("base")
        try source.write("a.txt", "bad\n")
        let bad = try source.commit("bad")
        let state = try TemporaryDirectory()
        let mirror = try Repository.cloneMirror(from: source.path, into: state.path + "/mirror")
        #expect(try await mirror.resolve("main") == bad)

        try source.resetHard(to: base.hex)
        try source.write("a.txt", "good\n")
        let good = try source.commit("good")
        let updates = try await mirror.fetch()
        #expect(updates == [RefUpdate(name: "refs/heads/main", old: bad, new: good, isForced: true)])
        #expect(try await mirror.resolve("main") == good)
        #expect(try await mirror.resolve("main~1") == base)
    }

    @Test func headFollowsTheRemotesDefaultBranch() async throws {
        let source = try GitFixture()
        let first = try source.commit("first")
        try source.git("checkout", "-q", "-b", "trunk")
        let second = try source.commit("second")
        try source.checkout("main")
        let state = try TemporaryDirectory()
        let mirror = try Repository.cloneMirror(from: source.path, into: state.path + "/mirror")
        #expect(try await mirror.resolve("HEAD") == first)

        try source.checkout("trunk")
        #expect(try await mirror.fetch().isEmpty)
        #expect(try await mirror.resolve("HEAD") == second)
    }

    @Test func fetchIntoARepositoryWithoutMirrorRemoteSaysSo() async throws {
        let source = try GitFixture()
        try source.commit("first")
        let repository = try Repository.open(at: source.path)
        let error = try await #require(throws: GitError.self) { try await repository.fetch() }
        #expect(error.operation == "fetch into the mirror")
        #expect(error.repository == source.path)
        #expect(error.hint?.contains("no remote 'origin'") == true)
    }

    @Test func mirrorsAnEmptyRepository() async throws {
        let source = try GitFixture()
        let state = try TemporaryDirectory()
        let mirror = try Repository.cloneMirror(from: source.path, into: state.path + "/mirror")
        #expect(try await mirror.isEmpty())
        #expect(try await mirror.references().isEmpty)
        let first = try source.commit("first")
        #expect(try await mirror.fetch() == [RefUpdate(name: "refs/heads/main", old: nil, new: first)])
    }
}
