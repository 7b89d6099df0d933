import Foundation
import CGit2
import Testing
import TestSupport
@testable import Git

@Suite(.serialized) struct GitFaultTests {
    @Test func anUnreachableRemoteFailsTheFetchAsTransient() async throws {
        let source = try GitFixture()
        let head = try source.commit("first")
        let state = try TemporaryDirectory()
        let mirror = try Repository.cloneMirror(from: source.path, into: state.path + "/mirror")

        let error = try await #require(throws: GitError.self) {
            try await GitFault.$active.withValue(.unreachableRemote) { try await mirror.fetch() }
        }
        #expect(error.isTransient)
        #expect(error.repository == state.path + "/mirror")
        #expect(error.description.contains("Connection refused"))
        #expect(error.hint?.contains("retries later") == true)
        // The fault is bound to that task only; the mirror itself is unharmed.
        #expect(try await mirror.fetch().isEmpty)
        #expect(try await mirror.resolve("main") == head)
    }

    @Test func aCorruptObjectFaultFailsReadsButNotListing() async throws {
        let fixture = try GitFixture()
        try fixture.write("a.yaml", "a: 1\n")
        let commit = try fixture.commit("first")
        let repository = try Repository.open(at: fixture.path)
        try await GitFault.$active.withValue(.corruptObject) {
            let error = try await #require(throws: GitError.self) { try await repository.readFiles(at: commit) { _ in true } }
            #expect(error.errorClass == Int32(bitPattern: GIT_ERROR_ZLIB.rawValue))
            #expect(try await repository.files(at: commit).map(\.path) == ["a.yaml"])
        }
    }
}
