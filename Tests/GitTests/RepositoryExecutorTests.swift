import Dispatch
import Testing
import TestSupport
@testable import Git

@Suite(.serialized) struct RepositoryExecutorTests {
    @Test func repositoryWorkRunsOnTheRepositorysOwnQueue() async throws {
        let fixture = try GitFixture()
        try fixture.commit("first")
        let repository = try Repository.open(at: fixture.path)
        #expect(await repository.runsOnOwnQueue())
    }
}

extension Repository {
    /// Whether the caller runs on this repository's queue, checked from inside the actor.
    fileprivate func runsOnOwnQueue() -> Bool {
        let key = DispatchSpecificKey<Bool>()
        executor.queue.setSpecific(key: key, value: true)
        return DispatchQueue.getSpecific(key: key) == true
    }
}
