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
        let outcome = try await CanaryDriver.resuming(journal, target: Self.target(), dataplane: plane, journal: journal, clock: clock).run()
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
            try await CanaryDriver.resuming(journal, target: Self.target(), dataplane: plane, journal: journal, clock: clock).run()
        }
        let before = try records().count
        plane.recover()
        let outcome = try await CanaryDriver.resuming(journal, target: Self.target(), dataplane: plane, journal: journal, clock: clock).run()
        #expect(outcome == .promoted)
        #expect(try journal.entries().filter { $0.type == RolloutStarted.type }.count == 1)
        // The first thing the resumed driver does is set the weight it had, not the first step's.
        let afterResume = plane.applied().drop { $0.weight != 50 }.dropFirst()
        #expect(afterResume.first?.weight == 50)
        #expect(try records().count > before)
    }

    @Test func aFinishedRolloutOnlyReassertsItsOutcome() async throws {
        let plane = MemoryDataplane(journal: journal)
        #expect(try await CanaryDriver.resuming(journal, target: Self.target(), dataplane: plane, journal: journal, clock: clock).run() == .promoted)
        let entries = journal.lastSeq
        #expect(try await CanaryDriver.resuming(journal, target: Self.target(), dataplane: plane, journal: journal, clock: clock).run() == .promoted)
        #expect(journal.lastSeq == entries, "a finished rollout was journaled again")
        #expect(plane.applied().last?.stable == "v2")
    }

    @Test func aCandidateRolledOutAgainAfterAnotherStartsAFreshRollout() async throws {
        let plane = MemoryDataplane(journal: journal)
        #expect(try await CanaryDriver.resuming(journal, target: Self.target(), dataplane: plane, journal: journal, clock: clock).run() == .promoted)
        // Another candidate's rollout comes in between (as after a new commit), then a revert brings v2 back.
        _ = try journal.append(RolloutStarted(model: "m", candidate: "v3", stable: "v2", runKey: nil, artifact: nil, weights: [10], canaryRestartsAtStart: 0))
        _ = try journal.append(RolloutFinished(model: "m", candidate: "v3", outcome: .promoted))
        let before = plane.applied().count
        #expect(try await CanaryDriver.resuming(journal, target: Self.target(), dataplane: plane, journal: journal, clock: clock).run() == .promoted)
        #expect(try journal.entries().filter { $0.type == RolloutStarted.type }.count == 3, "the revert's rollout only re-asserted the old outcome")
        #expect(plane.applied().dropFirst(before).map(\.weight) == [10, 50, 0])
    }

    @Test func anErroringCanaryIsRolledBackAfterFailureLimitAnalyses() async throws {
        let plane = MemoryDataplane(journal: journal, canaryErrorsPerHundred: 20)
        let outcome = try await CanaryDriver.resuming(journal, target: Self.target(), dataplane: plane, journal: journal, clock: clock).run()
        guard case .rolledBack(let reason) = outcome else { Issue.record("\(outcome)"); return }
        #expect(reason.hasPrefix("2 analyses failed"))
        #expect(try records().compactMap(\.analysis).count == 2)
        #expect(plane.applied().last?.canary == nil && plane.applied().last?.stable == "v1")
    }

    @Test func aCrashLoopingCanaryIsRolledBack() async throws {
        let plane = MemoryDataplane(journal: journal, canaryRestartsPerCall: 1)
        let outcome = try await CanaryDriver.resuming(journal, target: Self.target(limits: RolloutLimits(maxCanaryRestarts: 3)), dataplane: plane,
                                             journal: journal, clock: clock).run()
        #expect(outcome == .rolledBack(reason: "canary server restarted 3 times during the rollout, reaching the limit of 3"))
    }

    @Test func anAbortByHandSendsTrafficBackToStable() async throws {
        let plane = MemoryDataplane(journal: journal)
        let driver = try CanaryDriver.resuming(journal, target: Self.target(), dataplane: plane, journal: journal, clock: clock)
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

extension CanaryDriver {
    /// A driver started the way the reconciler starts one: with the latest rollout the journal's one fold holds.
    static func resuming(_ journal: Journal, target: CanaryTarget, dataplane: any Dataplane, journal _: Journal,
                         clock: any Clock, pollInterval: TimeInterval = 1) throws -> CanaryDriver {
        CanaryDriver(target: target, history: try ObservedState.read(journal).latestRollouts[target.model], dataplane: dataplane, journal: journal,
                            clock: clock, pollInterval: pollInterval)
    }
}
