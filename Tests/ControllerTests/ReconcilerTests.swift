import Foundation
import HTTP
import Journal
import Testing
import TestSupport
@testable import Controller

/// The loop against a real repository and an in-memory data plane: an unreachable remote is said in
/// status and retried, while the last revision stays reconciled.
@Suite(.serialized) struct ReconcilerTests {
    @Test func anUnreachableRemoteIsShownAndTheLastRevisionKept() async throws {
        let git = try GitFixture()
        try git.write("m/model.yaml", """
            apiVersion: slipway.dev/v1
            kind: Model
            metadata: {name: m}
            spec:
              train: {command: [/bin/sh, -c, "echo the trainer fails; exit 3"]}
              serve: {command: [/bin/true, "${port}"]}
            """)
        _ = try git.commit("m")
        try git.git("branch", "-M", "main")
        let state = try TemporaryDirectory(prefix: "slipway-reconciler")
        let journal = try Journal(lock: try StateLock(stateFolder: state.path))
        let loops = try EventLoopGroup(loops: 1)
        let client = HTTPClient(group: loops)
        defer {
            client.shutdown()
            loops.shutdown()
        }
        let reconciler = Reconciler(settings: ReconcilerSettings(repository: git.path, stateFolder: state.path),
                                    journal: journal, dataplane: MemoryDataplane(journal: journal), client: client)
        await reconciler.pass()
        let revision = try #require(await reconciler.revision)
        #expect(await reconciler.remoteProblem == nil)
        #expect(await reconciler.status().map(\.name) == ["m"])

        let away = git.path + "-away"
        try FileManager.default.moveItem(atPath: git.path, toPath: away)
        await reconciler.pass()
        #expect(await reconciler.remoteProblem != nil)
        #expect(await reconciler.fetchErrors == 1)
        #expect(await reconciler.revision == revision, "the last revision stays reconciled")
        let status = try #require(await reconciler.status().first)
        #expect(status.conditions.contains { $0.reason == "RemoteUnreachable" }, "\(status.conditions)")

        try FileManager.default.moveItem(atPath: away, toPath: git.path)
        await reconciler.pass()
        #expect(await reconciler.remoteProblem == nil)
        #expect(await !reconciler.status().contains { $0.conditions.contains { $0.reason == "RemoteUnreachable" } })
    }
}
