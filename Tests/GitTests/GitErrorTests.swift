import CGit2
import Testing
@testable import Git

@Suite struct GitErrorTests {
    @Test func theFunnelCapturesLibgit2sMessageClassAndCode() throws {
        Libgit2.ensureInitialised()
        var repository: OpaquePointer?
        let error = try #require(throws: GitError.self) {
            try Libgit2.call("open repository", in: "/nonexistent/slipway") {
                git_repository_open(&repository, "/nonexistent/slipway")
            }
        }
        #expect(repository == nil)
        #expect(error.operation == "open repository")
        #expect(error.repository == "/nonexistent/slipway")
        #expect(error.code == GIT_ENOTFOUND.rawValue)
        #expect(error.errorClass != 0)
        #expect(!error.message.isEmpty)
        #expect(error.isNotFound)
        #expect(!error.isTransient)
    }

    @Test func theFunnelPassesSuccessThrough() throws {
        #expect(try Libgit2.call("count", in: "/repo") { 7 } == 7)
    }

    @Test func describesOperationRepositoryCauseAndRemedy() {
        let error = GitError(
            operation: "fetch into the mirror", repository: "/var/lib/slipway/mirror",
            message: "failed to resolve address", code: GIT_ERROR.rawValue,
            errorClass: Int32(bitPattern: GIT_ERROR_NET.rawValue), hint: "Check that the remote is reachable")
        #expect(error.description == "git: cannot fetch into the mirror in repository /var/lib/slipway/mirror: failed to resolve address (libgit2 error class \(GIT_ERROR_NET.rawValue), code -1). Check that the remote is reachable")
        #expect(error.isTransient)
        #expect(!error.isNotFound)
    }

    @Test func problemsFoundOutsideLibgit2HaveNoCodes() {
        let error = GitError(operation: "export 'x' at 1234567 to /tmp/out", repository: "/repo", message: "/tmp/out is not empty")
        #expect(error.description == "git: cannot export 'x' at 1234567 to /tmp/out in repository /repo: /tmp/out is not empty")
    }
}
