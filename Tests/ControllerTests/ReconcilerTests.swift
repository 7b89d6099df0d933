import Foundation
import HTTP
@testable import Journal
import Testing
import TestSupport
@testable import Controller

/// The loop against a real repository and an in-memory data plane: an unreachable remote is said in
/// status and retried, while the last revision stays reconciled.
@Suite(.serialized) struct ReconcilerTests {
    /// A repository on `main` holding `models`, each trained by a command that fails.
    static func repository(models: [String]) throws -> GitFixture {
        let git = try GitFixture()
        for name in models {
            try git.write("\(name)/model.yaml", """
                apiVersion: slipway.dev/v1
                kind: Model
                metadata: {name: \(name)}
                spec:
                  train: {command: [/bin/sh, -c, "echo the trainer fails; exit 3"]}
                  serve: {command: [/bin/true, "${port}"]}
                """)
        }
        _ = try git.commit(models.joined(separator: ", "))
        try git.git("branch", "-M", "main")
        return git
    }

    @Test func anUnreachableRemoteIsShownAndTheLastRevisionKept() async throws {
        let git = try Self.repository(models: ["m"])
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
        #expect(status.conditions.contains { $0.reason == .remoteUnreachable }, "\(status.conditions)")

        try FileManager.default.moveItem(atPath: away, toPath: git.path)
        await reconciler.pass()
        #expect(await reconciler.remoteProblem == nil)
        #expect(await !reconciler.status().contains { $0.conditions.contains { $0.reason == .remoteUnreachable } })
    }

    @Test func theObservedStateIsFoldedAsEntriesComeAndSnapshottedForTheNextStart() async throws {
        let git = try Self.repository(models: ["a", "b"])
        let state = try TemporaryDirectory(prefix: "slipway-reconciler-fold")
        let loops = try EventLoopGroup(loops: 1)
        let client = HTTPClient(group: loops)
        defer {
            client.shutdown()
            loops.shutdown()
        }
        var settings = ReconcilerSettings(repository: git.path, stateFolder: state.path)
        settings.snapshotEvery = 3
        var statuses: [ModelStatus] = []
        let journal = try Journal(lock: try StateLock(stateFolder: state.path))
        do {
            let reconciler = Reconciler(settings: settings, journal: journal, dataplane: MemoryDataplane(journal: journal), client: client)
            // Each pass starts the failing trainings; their runs end up failed in the journal.
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline {
                await reconciler.pass()
                statuses = await reconciler.status()
                if statuses.count == 2, statuses.allSatisfy({ $0.conditions.first?.reason == .trainingFailed }) { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(statuses.map { $0.conditions.first?.reason } == [.trainingFailed, .trainingFailed])
            let entries = try journal.entries()
            let snapshots = try FileManager.default.contentsOfDirectory(atPath: state.path + "/snapshots")
            #expect(!snapshots.isEmpty, "no snapshot after \(entries.count) entries")
        }
        // A new reconciler starts from the snapshot and sees the same world.
        let replay = try journal.replay(initial: ObservedState()) { state, entry in try state.apply(entry) }
        #expect(replay.snapshotSeq != nil)
        #expect(replay.state.models == (try ObservedState.fold(journal.entries())))
        let again = Reconciler(settings: settings, journal: journal, dataplane: MemoryDataplane(journal: journal), client: client)
        await again.pass()
        #expect(await again.status().map { $0.conditions.first?.reason } == statuses.map { $0.conditions.first?.reason })
        // The revision was journaled once, by the first pass that read it, not again after the restart.
        let observedRevisions = try journal.entries().compactMap { try $0.event(RevisionObserved.self) }
        #expect(observedRevisions.map(\.commit) == [try git.head().hex])
        #expect(observedRevisions.first?.models == 2)
    }

    @Test func aJournalThatCannotBeWrittenStopsEveryActionUntilItCanAndSaysSo() async throws {
        let git = try Self.repository(models: ["m"])
        let state = try TemporaryDirectory(prefix: "slipway-reconciler-full")
        let journal = try Journal(lock: try StateLock(stateFolder: state.path))
        let loops = try EventLoopGroup(loops: 1)
        let client = HTTPClient(group: loops)
        defer {
            client.shutdown()
            loops.shutdown()
        }
        let reconciler = Reconciler(settings: ReconcilerSettings(repository: git.path, stateFolder: state.path),
                                    journal: journal, dataplane: MemoryDataplane(journal: journal), client: client)
        journal.appendFault.withLock { $0 = "No space left on device" }
        await reconciler.pass()
        await reconciler.pass()
        let stalled = try #require(await reconciler.status().first)
        #expect(stalled.conditions.first?.reason == .journalUnwritable, "\(stalled.conditions)")
        #expect(await reconciler.journalProblem != nil)
        #expect(journal.lastSeq == 0, "nothing was journaled, so nothing was done")
        let api = try DaemonAPI(reconciler: reconciler, stateFolder: state.path, dataplane: MemoryDataplane(journal: journal), webhookSecret: nil)
        let health = await api.answer(HTTPRequest(method: "GET", target: "/healthz", headers: HTTPHeaders([("Host", "127.0.0.1")])))
        #expect(health.status == 503 && String(decoding: health.body, as: UTF8.self).contains("No space left"))

        journal.appendFault.withLock { $0 = nil }
        await reconciler.pass()
        #expect(await reconciler.journalProblem == nil)
        let entries = try journal.entries()
        #expect(entries.first?.type == JournalWritable.type)
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, try !journal.entries().contains(where: { $0.type == "run.started" }) {
            await reconciler.pass()
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(try journal.entries().contains { $0.type == "run.started" }, "acting resumed once the journal could be written")
    }
}
