import Foundation
import Manifests
import Testing
@testable import Rollouts

/// A rollout started at t(0), fed events one by one, each answered by an exact action.
struct Walk: Sendable, CustomTestStringConvertible {
    var name: String
    var spec: RolloutSpec = twoStepSpec()
    var limits = RolloutLimits()
    var start: CanaryRollout.Action = .setWeight(10)
    var moves: [Move]
    var final: CanaryRollout.State

    var testDescription: String { name }
}

@Suite struct CanaryRolloutWalkTests {
    static let walks: [Walk] = [
        Walk(name: "a good canary walks 10% then 50% then is promoted",
             moves: [tick(0, .waitUntil(t(10))), tick(5, .waitUntil(t(10)))]
                + analysed(0, 10, healthy, .waitUntil(t(20)))
                + analysed(10, 20, healthy, .waitUntil(t(30)))
                + analysed(20, 30, healthy, .setWeight(50))
                + [tick(30, .waitUntil(t(40)))]
                + analysed(30, 40, healthy, .waitUntil(t(50)))
                + analysed(40, 50, healthy, .waitUntil(t(60)))
                + analysed(50, 60, healthy, .promote)
                + [tick(70, .none)],
             final: .promoted),
        Walk(name: "a canary with 20% errors rolls back at failureLimit",
             moves: analysed(0, 10, erroring, .waitUntil(t(20)))
                + analysed(10, 20, erroring, .rollBack(reason: erroringRollBack))
                + [tick(30, .none)],
             final: .rolledBack(reason: erroringRollBack)),
        Walk(name: "failures count over the whole rollout, across steps",
             moves: analysed(0, 10, erroring, .waitUntil(t(20)))
                + analysed(10, 20, healthy, .waitUntil(t(30)))
                + analysed(20, 30, healthy, .setWeight(50))
                + analysed(30, 40, erroring, .rollBack(reason: erroringRollBack)),
             final: .rolledBack(reason: erroringRollBack)),
        Walk(name: "a failure erases the step's earlier passes, so the step waits for a fresh pass",
             spec: twoStepSpec(failureLimit: 3),
             moves: analysed(0, 10, healthy, .waitUntil(t(20)))
                + analysed(10, 20, healthy, .waitUntil(t(30)))
                + analysed(20, 30, erroring, .waitUntil(t(40)))
                + analysed(30, 40, healthy, .setWeight(50)),
             final: .progressing(RolloutPosition(step: 1, stepStarted: t(40), failedAnalyses: 1))),
        Walk(name: "p99 over maxP99 fails like errors do",
             spec: twoStepSpec(maxP99: .milliseconds(100)),
             moves: analysed(0, 10, slow, .waitUntil(t(20)))
                + analysed(10, 20, slow, .rollBack(reason: "2 analyses failed, reaching failureLimit 2; last: canary p99 150ms exceeds maxP99 100ms")),
             final: .rolledBack(reason: "2 analyses failed, reaching failureLimit 2; last: canary p99 150ms exceeds maxP99 100ms")),
        Walk(name: "inconclusive windows alone never advance a step",
             moves: analysed(0, 10, quiet, .waitUntil(t(20)))
                + analysed(10, 20, quiet, .waitUntil(t(30)))
                + analysed(20, 30, quiet, .waitUntil(t(40)))
                + analysed(30, 40, healthy, .setWeight(50)),
             final: .progressing(RolloutPosition(step: 1, stepStarted: t(40)))),
        Walk(name: "traffic that never arrives pauses the rollout for a human at inconclusiveLimit",
             limits: RolloutLimits(inconclusiveLimit: 2),
             moves: analysed(0, 10, quiet, .waitUntil(t(20)))
                + analysed(10, 20, quiet, .hold(reason: CanaryRollout.PauseReason.inconclusive(inARow: 2).description))
                + [tick(25, .waitUntil(t(30)))]
                + analysed(20, 30, healthy, .waitUntil(t(40)))
                + analysed(30, 40, healthy, .waitUntil(t(50)))
                + [Move(event: .resume(now: t(45)), expected: .waitUntil(t(55))), tick(50, .waitUntil(t(55)))]
                + analysed(45, 55, healthy, .waitUntil(t(65)))
                + analysed(55, 65, healthy, .waitUntil(t(75)))
                + analysed(65, 75, healthy, .setWeight(50)),
             final: .progressing(RolloutPosition(step: 1, stepStarted: t(75)))),
        Walk(name: "a pass or failure breaks a run of inconclusive windows",
             spec: twoStepSpec(pause: .seconds(60)),
             limits: RolloutLimits(inconclusiveLimit: 2),
             moves: analysed(0, 10, quiet, .waitUntil(t(20)))
                + analysed(10, 20, healthy, .waitUntil(t(30)))
                + analysed(20, 30, quiet, .waitUntil(t(40)))
                + analysed(30, 40, erroring, .waitUntil(t(50)))
                + analysed(40, 50, quiet, .waitUntil(t(60))),
             final: .progressing(RolloutPosition(step: 0, stepStarted: t(0), failedAnalyses: 1, inconclusiveInARow: 1, windowStart: t(50)))),
        Walk(name: "a paused rollout is still analysed and still rolled back",
             moves: [Move(event: .pause, expected: .hold(reason: CanaryRollout.PauseReason.byHand.description)), tick(5, .waitUntil(t(10)))]
                + analysed(0, 10, erroring, .waitUntil(t(20)))
                + analysed(10, 20, erroring, .rollBack(reason: erroringRollBack)),
             final: .rolledBack(reason: erroringRollBack)),
        Walk(name: "a paused rollout does not advance on passing analyses",
             moves: [Move(event: .pause, expected: .hold(reason: CanaryRollout.PauseReason.byHand.description))]
                + analysed(0, 10, healthy, .waitUntil(t(20)))
                + analysed(10, 20, healthy, .waitUntil(t(30)))
                + analysed(20, 30, healthy, .waitUntil(t(40)))
                + [tick(35, .waitUntil(t(40)))],
             final: .paused(RolloutPosition(step: 0, stepStarted: t(0), passesInStep: 3, windowStart: t(30)), .byHand)),
        Walk(name: "a crash loop rolls back at maxCanaryRestarts",
             moves: [Move(event: .canaryCrashed(restarts: 1), expected: .none), Move(event: .canaryCrashed(restarts: 2), expected: .none)]
                + analysed(0, 10, healthy, .waitUntil(t(20)))
                + [Move(event: .canaryCrashed(restarts: 3), expected: .rollBack(reason: "canary server restarted 3 times during the rollout, reaching the limit of 3"))],
             final: .rolledBack(reason: "canary server restarted 3 times during the rollout, reaching the limit of 3")),
        Walk(name: "a crash loop rolls back a paused rollout too",
             limits: RolloutLimits(maxCanaryRestarts: 1),
             moves: [Move(event: .pause, expected: .hold(reason: CanaryRollout.PauseReason.byHand.description)),
                     Move(event: .canaryCrashed(restarts: 1), expected: .rollBack(reason: "canary server restarted 1 time during the rollout, reaching the limit of 1"))],
             final: .rolledBack(reason: "canary server restarted 1 time during the rollout, reaching the limit of 1")),
        Walk(name: "a canary whose server cannot start is rolled back, and nothing moves it afterwards",
             moves: [Move(event: .canaryUnavailable(reason: "not ready within 20s"),
                          expected: .rollBack(reason: "the canary's server could not be started: not ready within 20s")),
                     Move(event: .canaryUnavailable(reason: "again"), expected: .none),
                     tick(10, .none)],
             final: .rolledBack(reason: "the canary's server could not be started: not ready within 20s")),
        Walk(name: "a manual promote skips the remaining steps",
             moves: analysed(0, 10, healthy, .waitUntil(t(20))) + [Move(event: .promote, expected: .promote)],
             final: .promoted),
        Walk(name: "a rollout with zero steps promotes at once",
             spec: rolloutSpec(steps: [], analysis: AnalysisSpec()),
             start: .promote,
             moves: [tick(10, .none)],
             final: .promoted),
        Walk(name: "a late tick analyses everything since the last window",
             moves: [tick(25, analyse(0, 25)), measure(0, 25, healthy, .waitUntil(t(30))), tick(30, .setWeight(50))],
             final: .progressing(RolloutPosition(step: 1, stepStarted: t(30)))),
        Walk(name: "a step advances when its pause ends after an earlier pass, without waiting for the next analysis",
             spec: twoStepSpec(interval: .seconds(20)),
             moves: analysed(0, 20, healthy, .waitUntil(t(30))) + [tick(30, .setWeight(50)), tick(30, .waitUntil(t(50)))],
             final: .progressing(RolloutPosition(step: 1, stepStarted: t(30)))),
        Walk(name: "an interval longer than the pause holds the step until its first analysis",
             spec: twoStepSpec(pause: .seconds(5), interval: .seconds(10)),
             moves: [tick(5, .waitUntil(t(10)))] + analysed(0, 10, healthy, .setWeight(50)) + analysed(10, 20, healthy, .promote),
             final: .promoted),
        Walk(name: "metrics for a window already judged or never asked for are ignored",
             moves: analysed(0, 10, healthy, .waitUntil(t(20)))
                + [measure(0, 10, erroring, .none), measure(5, 20, erroring, .none), tick(15, .waitUntil(t(20)))],
             final: .progressing(RolloutPosition(step: 0, stepStarted: t(0), passesInStep: 1, windowStart: t(10)))),
        Walk(name: "a zero interval analyses whenever time has moved",
             spec: twoStepSpec(interval: .zero),
             moves: [tick(0, .waitUntil(t(0)))] + analysed(0, 30, healthy, .setWeight(50)),
             final: .progressing(RolloutPosition(step: 1, stepStarted: t(30)))),
    ]

    @Test(arguments: walks)
    func walksStepByStep(_ walk: Walk) {
        var (rollout, first) = CanaryRollout.start(spec: walk.spec, limits: walk.limits, now: t(0))
        #expect(first == walk.start)
        for (index, move) in walk.moves.enumerated() {
            let action = rollout.event(move.event)
            #expect(action == move.expected, "move \(index): \(move.event)")
        }
        #expect(rollout.state == walk.final)
    }

    @Test func keepsTheLastVerdictForTheJournal() {
        var (rollout, _) = CanaryRollout.start(spec: twoStepSpec(), now: t(0))
        #expect(rollout.lastVerdict == nil)
        _ = rollout.event(.metrics(CanaryWindow(interval: t(0)..<t(10), canary: erroring, stable: nil)))
        #expect(rollout.lastVerdict == .fail(reasons: ["canary error rate 20.00% (20 of 100 requests) exceeds maxErrorRate 1.00%"]))
    }
}
