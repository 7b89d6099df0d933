import Foundation
import Testing
import TestSupport
@testable import Git

@Suite(.serialized) struct ResolveTests {
    /// A repository with two commits on main, a branch, a lightweight and an annotated tag.
    static func history() throws -> (fixture: GitFixture, first: ObjectID, second: ObjectID) {
        let fixture = try GitFixture()
        try fixture.write("a.txt", "a\n")
        let first = try fixture.commit("first")
        try fixture.write("a.txt", "b\n")
        let second = try fixture.commit("second")
        try fixture.branch("feature", at: first.hex)
        try fixture.tag("light", at: first.hex)
        try fixture.tag("v2", message: "release 2")
        return (fixture, first, second)
    }

    @Test(arguments: [
        ("main", 1), ("refs/heads/main", 1), ("HEAD", 1), ("HEAD~1", 0), ("main^", 0),
        ("feature", 0), ("light", 0), ("v2", 1), ("refs/tags/v2", 1),
    ])
    func resolvesRevisions(revision: String, expectedCommit: Int) async throws {
        let (fixture, first, second) = try Self.history()
        let repository = try Repository.open(at: fixture.path)
        #expect(try await repository.resolve(revision) == [first, second][expectedCommit])
    }

    @Test func resolvesFullAndAbbreviatedIDs() async throws {
        let (fixture, first, _) = try Self.history()
        let repository = try Repository.open(at: fixture.path)
        #expect(try await repository.resolve(first.hex) == first)
        #expect(try await repository.resolve(first.short) == first)
    }

    @Test func peelsAnAnnotatedTagToItsCommit() async throws {
        let (fixture, _, second) = try Self.history()
        let tagObject = try fixture.git("rev-parse", "v2")
        #expect(tagObject != second.hex)
        let repository = try Repository.open(at: fixture.path)
        #expect(try await repository.resolve("v2") == second)
    }

    @Test func aMissingBranchNamesTheRevisionAndTheRepository() async throws {
        let (fixture, _, _) = try Self.history()
        let repository = try Repository.open(at: fixture.path)
        let error = try await #require(throws: GitError.self) { try await repository.resolve("no-such-branch") }
        #expect(error.isNotFound)
        #expect(error.operation == "resolve revision 'no-such-branch'")
        #expect(error.repository == fixture.path)
        #expect(error.description.contains("revision 'no-such-branch' was not found"))
        #expect(error.description.contains(fixture.path))
    }

    @Test func anEmptyRepositoryHasNoRevisions() async throws {
        let fixture = try GitFixture()
        let repository = try Repository.open(at: fixture.path)
        #expect(try await repository.isEmpty())
        let error = try await #require(throws: GitError.self) { try await repository.resolve("main") }
        #expect(error.message.contains("no commits yet"))
        #expect(error.hint != nil)
        #expect(try await repository.references().isEmpty)
    }

    @Test func aTreeIsNotACommit() async throws {
        let (fixture, _, _) = try Self.history()
        let repository = try Repository.open(at: fixture.path)
        await #expect(throws: GitError.self) { try await repository.resolve("main^{tree}") }
    }
}
