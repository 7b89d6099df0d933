@testable import Controller
import Foundation
import Journal
import Manifests
import Rollouts
import Serving
import Synchronization
import Testing
import TestSupport

/// The driver's effects against an in-memory data plane and a manual clock: journal before act,
/// resume after a crash, commands, and windows across a data plane restart.
@Suite struct CanaryDriverTests {
    let folder: TemporaryDirectory
    let clock = ManualClock()
    let journal: Journal

    init() throws {
        folder = try TemporaryDirectory(prefix: "slipway-driver")
        journal = try Journal(lock: try StateLock(stateFolder: folder.path), clock: clock)
    }

    static func version(_ name: String) -> ServerSpec {
        ServerSpec(id: VersionID(model: "m", version: name), command: ["serve"], artifact: "/nowhere")
    }

    static func target(steps: [Int] = [10, 50], limits: RolloutLimits = RolloutLimits()) -> CanaryTarget {
        var analysis = AnalysisSpec()
        analysis.interval = .seconds(5)
        analysis.minRequests = 10
        analysis.failureLimit = 2
        return CanaryTarget(model: "m", stable: version("v1"), canary: version("v2"),
                            spec: RolloutSpec(steps: steps.map { RolloutStep(weight: $0, pause: .seconds(10)) }, analysis: analysis),
                            limits: limits)
    }

    func records() throws -> [RolloutRecorded] {
        try journal.entries().compactMap { try $0.event(RolloutRecorded.self) }
    }

    @Test func everyWeightIsJournaledBeforeItIsSet() async throws {
        let plane = MemoryDataplane(journal: journal)
        let outcome = try await CanaryDriver(target: Self.target(), dataplane: plane, journal: journal, clock: clock).run()
        #expect(outcome == .promoted)
        let applied = plane.applied()
        #expect(applied.map(\.weight) == [10, 50, 0])
        #expect(applied.last?.stable == "v2" && applied.last?.canary == nil)
        for change in applied.dropLast() {
            #expect(change.lastJournaledAction == "set weight \(change.weight)", "weight \(change.weight) was set before it was journaled")
        }
        #expect(applied.last?.lastJournaledAction == "promote")
        let finished = try journal.entries().compactMap { try $0.event(RolloutFinished.self) }
        #expect(finished.map(\.outcome) == [.promoted])
        #expect(try records().compactMap(\.analysis).allSatisfy { $0.verdict == .pass })
    }

    @Test func aDriverThatDiesMidStepIsResumedAtTheSameStepWithoutStartingOver() async throws {
        let plane = MemoryDataplane(journal: journal)
        // The data plane vanishes once the second step's weight is set; the driver stops there.
        plane.failAfterApplying(weight: 50)
        await #expect(throws: DataplaneError.self) {
            try await CanaryDriver(target: Self.target(), dataplane: plane, journal: journal, clock: clock).run()
        }
        let before = try records().count
        plane.recover()
        let outcome = try await CanaryDriver(target: Self.target(), dataplane: plane, journal: journal, clock: clock).run()
        #expect(outcome == .promoted)
        #expect(try journal.entries().filter { $0.type == RolloutStarted.type }.count == 1)
        // The first thing the resumed driver does is set the weight it had, not the first step's.
        let afterResume = plane.applied().drop { $0.weight != 50 }.dropFirst()
        #expect(afterResume.first?.weight == 50)
        #expect(try records().count > before)
    }

    @Test func aFinishedRolloutOnlyReassertsItsOutcome() async throws {
        let plane = MemoryDataplane(journal: journal)
        #expect(try await CanaryDriver(target: Self.target(), dataplane: plane, journal: journal, clock: clock).run() == .promoted)
        let entries = journal.lastSeq
        #expect(try await CanaryDriver(target: Self.target(), dataplane: plane, journal: journal, clock: clock).run() == .promoted)
        #expect(journal.lastSeq == entries, "a finished rollout was journaled again")
        #expect(plane.applied().last?.stable == "v2")
    }

    @Test func aCandidateRolledOutAgainAfterAnotherStartsAFreshRollout() async throws {
        let plane = MemoryDataplane(journal: journal)
        #expect(try await CanaryDriver(target: Self.target(), dataplane: plane, journal: journal, clock: clock).run() == .promoted)
        // Another candidate's rollout comes in between (as after a new commit), then a revert brings v2 back.
        _ = try journal.append(RolloutStarted(model: "m", candidate: "v3", stable: "v2", runKey: nil, artifact: nil, weights: [10], canaryRestartsAtStart: 0))
        _ = try journal.append(RolloutFinished(model: "m", candidate: "v3", outcome: .promoted))
        let before = plane.applied().count
        #expect(try await CanaryDriver(target: Self.target(), dataplane: plane, journal: journal, clock: clock).run() == .promoted)
        #expect(try journal.entries().filter { $0.type == RolloutStarted.type }.count == 3, "the revert's rollout only re-asserted the old outcome")
        #expect(plane.applied().dropFirst(before).map(\.weight) == [10, 50, 0])
    }

    @Test func anErroringCanaryIsRolledBackAfterFailureLimitAnalyses() async throws {
        let plane = MemoryDataplane(journal: journal, canaryErrorsPerHundred: 20)
        let outcome = try await CanaryDriver(target: Self.target(), dataplane: plane, journal: journal, clock: clock).run()
        guard case .rolledBack(let reason) = outcome else { Issue.record("\(outcome)"); return }
        #expect(reason.hasPrefix("2 analyses failed"))
        #expect(try records().compactMap(\.analysis).count == 2)
        #expect(plane.applied().last?.canary == nil && plane.applied().last?.stable == "v1")
    }

    @Test func aCrashLoopingCanaryIsRolledBack() async throws {
        let plane = MemoryDataplane(journal: journal, canaryRestartsPerCall: 1)
        let outcome = try await CanaryDriver(target: Self.target(limits: RolloutLimits(maxCanaryRestarts: 3)), dataplane: plane,
                                             journal: journal, clock: clock).run()
        #expect(outcome == .rolledBack(reason: "canary server restarted 3 times during the rollout, reaching the limit of 3"))
    }

    @Test func anAbortByHandSendsTrafficBackToStable() async throws {
        let plane = MemoryDataplane(journal: journal)
        let driver = CanaryDriver(target: Self.target(), dataplane: plane, journal: journal, clock: clock)
        await driver.command(.abort)
        #expect(try await driver.run() == .aborted)
        #expect(plane.applied().map(\.weight) == [10, 0])
        #expect(plane.applied().last?.canary == nil)
    }

    @Test(arguments: [
        // (earlier requests, later requests, window requests): a drop means the data plane restarted.
        (100, 160, 60), (100, 40, 40), (0, 0, 0),
    ])
    func windowsSurviveADataPlaneRestart(earlier: Int, later: Int, expected: Int) {
        var a = VersionMetricsSnapshot.zero
        a.requests = earlier
        var b = VersionMetricsSnapshot.zero
        b.requests = later
        #expect(CanaryDriver.window(b, since: a).requests == expected)
    }
}

/// A data plane in memory: it applies whatever is wanted at once, and its counters grow by a
/// hundred canary and stable requests each time they are read.
final class MemoryDataplane: Dataplane {
    struct Change: Sendable {
        var stable: String?
        var canary: String?
        var weight: Int
        /// The action of the journal's last rollout record when this change was applied.
        var lastJournaledAction: String?
    }

    private struct Inner {
        var desired = DesiredServing()
        var changes: [Change] = []
        var metrics: [VersionID: VersionMetricsSnapshot] = [:]
        var restarts = 0
        var failWeight: Int?
        var failing = false
    }

    private let journal: Journal
    private let canaryErrorsPerHundred: Int
    private let canaryRestartsPerCall: Int
    private let inner = Mutex(Inner())

    init(journal: Journal, canaryErrorsPerHundred: Int = 0, canaryRestartsPerCall: Int = 0) {
        self.journal = journal
        self.canaryErrorsPerHundred = canaryErrorsPerHundred
        self.canaryRestartsPerCall = canaryRestartsPerCall
    }

    func applied() -> [Change] { inner.withLock { $0.changes } }
    func failAfterApplying(weight: Int) { inner.withLock { $0.failWeight = weight } }
    func recover() { inner.withLock { $0.failing = false; $0.failWeight = nil } }

    private func check() throws(DataplaneError) {
        if inner.withLock({ $0.failing }) { throw DataplaneError(.unreachable, "connection refused") }
    }

    func desired() async throws(DataplaneError) -> DesiredServing {
        try check()
        return inner.withLock { $0.desired }
    }

    func apply(_ wanted: DesiredServing) async throws(DataplaneError) -> ObservedServing {
        try check()
        let last = try? journal.entries().compactMap { try $0.event(RolloutRecorded.self) }.last?.action
        let model = wanted.models.first { $0.model == "m" }
        inner.withLock {
            $0.desired = wanted
            $0.changes.append(Change(stable: model?.stable?.id.version, canary: model?.canary?.id.version,
                                     weight: model?.canaryWeight ?? 0, lastJournaledAction: last))
            if let weight = $0.failWeight, model?.canaryWeight == weight { $0.failing = true }
        }
        return try await observed()
    }

    func observed() async throws(DataplaneError) -> ObservedServing {
        try check()
        return inner.withLock { state in
            state.restarts += canaryRestartsPerCall
            let servers = state.desired.models.flatMap { [$0.stable, $0.canary].compactMap { $0 } }.map {
                ObservedServing.Server(id: $0.id, port: 1, pid: nil, restarts: $0.id.version == "v2" ? state.restarts : 0)
            }
            return ObservedServing(servers: servers, routes: [], failures: [:])
        }
    }

    func metrics() async throws(DataplaneError) -> [VersionID: VersionMetricsSnapshot] {
        try check()
        return inner.withLock { state in
            for (version, errors) in [("v1", 0), ("v2", canaryErrorsPerHundred)] {
                let id = VersionID(model: "m", version: version)
                var snapshot = state.metrics[id] ?? .zero
                snapshot.requests += 100
                snapshot.okResponses += 100 - errors
                if errors > 0 { snapshot.errors[.serverError, default: 0] += errors }
                snapshot.latencyCounts[2] += 100
                state.metrics[id] = snapshot
            }
            return state.metrics
        }
    }
}
