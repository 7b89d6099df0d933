import Foundation
import Testing
@testable import Rollouts

@Suite struct CanaryRolloutRestoreTests {
    static let states: [CanaryRollout.State] = [.progressing(midway), pausedByHand, pausedQuiet, .promoted, rolledBack, .aborted]

    @Test(arguments: states)
    func stateRoundTripsThroughJSON(_ state: CanaryRollout.State) throws {
        let decoded = try JSONDecoder().decode(CanaryRollout.State.self, from: JSONEncoder().encode(state))
        #expect(decoded == state)
    }

    static let reassertions: [(CanaryRollout.State, CanaryRollout.Action)] = [
        (.progressing(midway), .setWeight(50)),
        (.progressing(RolloutPosition(step: 0, stepStarted: t(0))), .setWeight(10)),
        (pausedByHand, .setWeight(50)),
        (pausedQuiet, .setWeight(50)),
        (.promoted, .promote),
        (rolledBack, .rollBack(reason: "canary server restarted 3 times during the rollout, reaching the limit of 3")),
        (.aborted, .abort),
    ]

    @Test(arguments: reassertions)
    func reassertsTheWeightOfThePersistedState(_ state: CanaryRollout.State, _ expected: CanaryRollout.Action) throws {
        let rollout = try CanaryRollout(spec: twoStepSpec(), restoring: state)
        #expect(rollout.reassert() == expected)
        #expect(rollout.state == state)
    }

    @Test func resumesAfterARestartAtTheSameStepAndWeight() throws {
        var (before, _) = CanaryRollout.start(spec: twoStepSpec(), now: t(0))
        for move in analysed(0, 10, healthy, .waitUntil(t(20))) + analysed(10, 20, erroring, .waitUntil(t(30))) + analysed(20, 30, healthy, .setWeight(50)) {
            #expect(before.event(move.event) == move.expected)
        }
        // The state is persisted before the weight is set; the process dies before setting it.
        let persisted = try JSONEncoder().encode(before.state)

        var after = try CanaryRollout(spec: twoStepSpec(), restoring: JSONDecoder().decode(CanaryRollout.State.self, from: persisted))
        #expect(after.state == .progressing(RolloutPosition(step: 1, stepStarted: t(30), failedAnalyses: 1)))
        #expect(after.reassert() == .setWeight(50))
        let rest = [tick(35, .waitUntil(t(40)))]
            + analysed(30, 40, healthy, .waitUntil(t(50)))
            + analysed(40, 50, healthy, .waitUntil(t(60)))
            + analysed(50, 60, erroring, .rollBack(reason: "2 analyses failed, reaching failureLimit 2; last: canary error rate 20.00% (20 of 100 requests) exceeds maxErrorRate 1.00%"))
        for move in rest {
            #expect(after.event(move.event) == move.expected, "\(move)")
        }
    }

    @Test func resumesAPausedRolloutStillPaused() throws {
        var rollout = try CanaryRollout(spec: twoStepSpec(), restoring: pausedQuiet)
        #expect(rollout.reassert() == .setWeight(50))
        #expect(rollout.event(.tick(now: t(45))) == .waitUntil(t(50)))
        #expect(rollout.event(.tick(now: t(50))) == analyse(40, 50))
        #expect(rollout.event(.metrics(CanaryWindow(interval: t(40)..<t(50), canary: healthy, stable: nil))) == .waitUntil(t(60)))
        #expect(rollout.state == .paused(RolloutPosition(step: 1, stepStarted: t(30), passesInStep: 2, failedAnalyses: 1, windowStart: t(50)), .inconclusive(inARow: 6)))
    }

    @Test(arguments: [2, 5])
    func refusesAPositionBeyondTheSteps(_ step: Int) {
        let state = CanaryRollout.State.paused(RolloutPosition(step: step, stepStarted: t(0)), .byHand)
        #expect(throws: CanaryRollout.RestoreError(step: step, stepCount: 2)) {
            try CanaryRollout(spec: twoStepSpec(), restoring: state)
        }
    }

    @Test func restoreErrorSaysWhatToDo() {
        let error = CanaryRollout.RestoreError(step: 2, stepCount: 2)
        #expect(error.description == "the persisted rollout is at step 3, but the rollout now has 2 steps (was the manifest's rollout changed mid-rollout?); restore the steps, or abort the rollout to return to stable")
    }

    @Test func restoresAFinishedRolloutWhateverTheSteps() throws {
        let rollout = try CanaryRollout(spec: rolloutSpec(steps: [], analysis: twoStepSpec().analysis), restoring: .promoted)
        #expect(rollout.reassert() == .promote)
    }
}
