import Foundation
import Testing
@testable import Rollouts

/// One row of the command table: an event given in a state, the action and the state after.
struct CommandCase: Sendable, CustomTestStringConvertible {
    var state: CanaryRollout.State
    var event: CanaryRollout.Event
    var expected: CanaryRollout.Action
    var after: CanaryRollout.State

    var testDescription: String { "\(event) in \(state)" }
}

/// A rollout at step 1 (50%), begun at t(30), one pass and one failure so far.
let midway = RolloutPosition(step: 1, stepStarted: t(30), passesInStep: 1, failedAnalyses: 1, windowStart: t(40))
let pausedByHand = CanaryRollout.State.paused(midway, .byHand)
let pausedQuiet = CanaryRollout.State.paused(midway, .inconclusive(inARow: 6))
let rolledBack = CanaryRollout.State.rolledBack(reason: "canary server restarted 3 times during the rollout, reaching the limit of 3")

/// The refusal of `command` on a rollout that ended as `ending`.
func overRefusal(_ command: String, _ ending: String) -> CanaryRollout.Action {
    .refuse(CanaryRollout.Refusal(description: "cannot \(command): the rollout is already over (\(ending)); start a new rollout to move traffic again"))
}

@Suite struct CanaryRolloutCommandTests {
    static let byHand: [CommandCase] = [
        CommandCase(state: .progressing(midway), event: .promote, expected: .promote, after: .promoted),
        CommandCase(state: .progressing(midway), event: .abort, expected: .abort, after: .aborted),
        CommandCase(state: .progressing(midway), event: .pause, expected: .hold(reason: "paused by hand; resume or promote to continue"), after: pausedByHand),
        CommandCase(state: .progressing(midway), event: .resume(now: t(45)),
                    expected: .refuse(CanaryRollout.Refusal(description: "cannot resume: the rollout is not paused; pause it first if you meant to hold it")),
                    after: .progressing(midway)),

        CommandCase(state: pausedByHand, event: .promote, expected: .promote, after: .promoted),
        CommandCase(state: pausedByHand, event: .abort, expected: .abort, after: .aborted),
        CommandCase(state: pausedByHand, event: .pause,
                    expected: .refuse(CanaryRollout.Refusal(description: "cannot pause: the rollout is already paused (paused by hand; resume or promote to continue)")),
                    after: pausedByHand),
        CommandCase(state: pausedByHand, event: .resume(now: t(45)), expected: .waitUntil(t(55)),
                    after: .progressing(RolloutPosition(step: 1, stepStarted: t(45), failedAnalyses: 1))),

        CommandCase(state: pausedQuiet, event: .promote, expected: .promote, after: .promoted),
        CommandCase(state: pausedQuiet, event: .abort, expected: .abort, after: .aborted),
        CommandCase(state: pausedQuiet, event: .pause,
                    expected: .refuse(CanaryRollout.Refusal(description: "cannot pause: the rollout is already paused (\(CanaryRollout.PauseReason.inconclusive(inARow: 6).description))")),
                    after: pausedQuiet),
        CommandCase(state: pausedQuiet, event: .resume(now: t(45)), expected: .waitUntil(t(55)),
                    after: .progressing(RolloutPosition(step: 1, stepStarted: t(45), failedAnalyses: 1))),

        CommandCase(state: .promoted, event: .promote, expected: overRefusal("promote", "promoted"), after: .promoted),
        CommandCase(state: .promoted, event: .abort, expected: overRefusal("abort", "promoted"), after: .promoted),
        CommandCase(state: .promoted, event: .pause, expected: overRefusal("pause", "promoted"), after: .promoted),
        CommandCase(state: .promoted, event: .resume(now: t(45)), expected: overRefusal("resume", "promoted"), after: .promoted),

        CommandCase(state: rolledBack, event: .promote,
                    expected: overRefusal("promote", "rolled back: canary server restarted 3 times during the rollout, reaching the limit of 3"), after: rolledBack),
        CommandCase(state: rolledBack, event: .abort,
                    expected: overRefusal("abort", "rolled back: canary server restarted 3 times during the rollout, reaching the limit of 3"), after: rolledBack),
        CommandCase(state: rolledBack, event: .pause,
                    expected: overRefusal("pause", "rolled back: canary server restarted 3 times during the rollout, reaching the limit of 3"), after: rolledBack),
        CommandCase(state: rolledBack, event: .resume(now: t(45)),
                    expected: overRefusal("resume", "rolled back: canary server restarted 3 times during the rollout, reaching the limit of 3"), after: rolledBack),

        CommandCase(state: .aborted, event: .promote, expected: overRefusal("promote", "aborted"), after: .aborted),
        CommandCase(state: .aborted, event: .abort, expected: overRefusal("abort", "aborted"), after: .aborted),
        CommandCase(state: .aborted, event: .pause, expected: overRefusal("pause", "aborted"), after: .aborted),
        CommandCase(state: .aborted, event: .resume(now: t(45)), expected: overRefusal("resume", "aborted"), after: .aborted),
    ]

    @Test(arguments: byHand)
    func answersACommand(_ row: CommandCase) throws {
        var rollout = try CanaryRollout(spec: twoStepSpec(), restoring: row.state)
        #expect(rollout.event(row.event) == row.expected)
        #expect(rollout.state == row.after)
    }

    static let lateArrivals: [CommandCase] = [CanaryRollout.State.promoted, rolledBack, .aborted].flatMap { state in
        [
            CommandCase(state: state, event: .tick(now: t(100)), expected: .none, after: state),
            CommandCase(state: state, event: .metrics(CanaryWindow(interval: t(40)..<t(50), canary: erroring, stable: healthy)), expected: .none, after: state),
            CommandCase(state: state, event: .canaryCrashed(restarts: 10), expected: .none, after: state),
        ]
    }

    @Test(arguments: lateArrivals)
    func ignoresWhatArrivesAfterTheEnd(_ row: CommandCase) throws {
        var rollout = try CanaryRollout(spec: twoStepSpec(), restoring: row.state)
        #expect(rollout.event(row.event) == row.expected)
        #expect(rollout.state == row.after)
        #expect(rollout.lastVerdict == nil)
    }
}
