import Foundation
import Gates
import Manifests
import Pipelines
import Testing
import TestSupport
@testable import Controller

/// The reconcile rules, one row each: desired and observed in, action and phase out.
@Suite struct PlannerTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let model: Model = {
        var catalog = Catalog.load([SourceFile(path: "m/model.yaml", text: """
            apiVersion: slipway.dev/v1
            kind: Model
            metadata: {name: m}
            spec:
              train: {command: [python3, train.py, "${output}"]}
              gates:
                - {name: unit, type: command, command: [python3, -m, unittest]}
                - {name: review, type: governance, approvals: {required: 0}}
              serve: {command: [python3, serve.py, "${port}"]}
            """)], fileExists: { _ in true })
        return catalog.models[0]
    }()

    static let keyA = "sha256:" + String(repeating: "a", count: 64)
    static let keyB = "sha256:" + String(repeating: "b", count: 64)
    static let a = Candidate(runKey: keyA, artifact: "sha256:" + String(repeating: "1", count: 64))
    static let b = Candidate(runKey: keyB, artifact: "sha256:" + String(repeating: "2", count: 64))

    static func desired(_ key: String?, problem: String? = nil) -> DesiredModel {
        DesiredModel(name: "m", revision: "0123456789", model: problem == nil ? model : nil, runKey: key.flatMap(RunKey.init), problem: problem)
    }

    static func observed(_ change: (inout ObservedModel) -> Void = { _ in }) -> ObservedModel {
        var o = ObservedModel(name: "m")
        change(&o)
        return o
    }

    static func verdict(_ gate: String, _ v: GateVerdict, ago seconds: TimeInterval = 1) -> ObservedModel.Verdict {
        .init(result: GateResult(gate: gate, kind: "command", verdict: v, reason: "\(v)"), time: now.addingTimeInterval(-seconds))
    }

    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        var desired: DesiredModel
        var observed: ObservedModel
        var action: ReconcileAction
        var phase: ModelPhase
        var reason: ConditionReason
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(name: "a new run key trains", desired: desired(keyA), observed: observed(), action: .train(runKey: RunKey(keyA)!), phase: .training, reason: .training),
        Row(name: "a run interrupted by a crash trains again", desired: desired(keyA), observed: observed { $0.runs[keyA] = .started },
            action: .train(runKey: RunKey(keyA)!), phase: .training, reason: .training),
        Row(name: "a failed run waits for a change", desired: desired(keyA), observed: observed { $0.runs[keyA] = .failed(reason: "exit 1") },
            action: .none, phase: .failed, reason: .trainingFailed),
        Row(name: "a finished run is gated, every gate", desired: desired(keyA), observed: observed { $0.runs[keyA] = .finished(artifact: a.artifact) },
            action: .gate(a, gates: ["unit", "review"]), phase: .gating, reason: .gating),
        Row(name: "a failed gate stops the candidate", desired: desired(keyA), observed: observed {
                $0.runs[keyA] = .finished(artifact: a.artifact); $0.gates[a] = ["unit": verdict("unit", .fail)] },
            action: .none, phase: .failed, reason: .gateFailed),
        Row(name: "a gate that could not judge waits, then runs again", desired: desired(keyA), observed: observed {
                $0.runs[keyA] = .finished(artifact: a.artifact); $0.gates[a] = ["unit": verdict("unit", .error, ago: 5), "review": verdict("review", .pass)] },
            action: .none, phase: .gating, reason: .gateError),
        Row(name: "an erroring gate is retried after the wait", desired: desired(keyA), observed: observed {
                $0.runs[keyA] = .finished(artifact: a.artifact); $0.gates[a] = ["unit": verdict("unit", .error, ago: 61), "review": verdict("review", .pass)] },
            action: .gate(a, gates: ["unit"]), phase: .gating, reason: .gating),
        Row(name: "pending approvals wait", desired: desired(keyA), observed: observed {
                $0.runs[keyA] = .finished(artifact: a.artifact); $0.gates[a] = ["unit": verdict("unit", .pass), "review": verdict("review", .pending)] },
            action: .none, phase: .awaitingApproval, reason: .awaitingApproval),
        Row(name: "a sign-off after the pending verdict re-checks only governance", desired: desired(keyA), observed: observed {
                $0.runs[keyA] = .finished(artifact: a.artifact); $0.gates[a] = ["unit": verdict("unit", .pass), "review": verdict("review", .pending, ago: 5)]
                $0.lastApproval = now.addingTimeInterval(-1) },
            action: .gate(a, gates: ["review"]), phase: .awaitingApproval, reason: .awaitingApproval),
        Row(name: "every gate passed rolls out", desired: desired(keyA), observed: observed {
                $0.runs[keyA] = .finished(artifact: a.artifact); $0.gates[a] = ["unit": verdict("unit", .pass), "review": verdict("review", .pass)] },
            action: .rollOut(a, allAtOnce: true), phase: .rollingOut(step: 0, steps: 0, weight: 0), reason: .rollingOut),
        Row(name: "a new version beside stable walks the canary's steps", desired: desired(keyA), observed: observed {
                $0.runs[keyA] = .finished(artifact: a.artifact); $0.runs[keyB] = .finished(artifact: b.artifact); $0.stable = b
                $0.gates[a] = ["unit": verdict("unit", .pass), "review": verdict("review", .pass)] },
            action: .rollOut(a, allAtOnce: false), phase: .rollingOut(step: 0, steps: 2, weight: 0), reason: .rollingOut),
        Row(name: "a rollout in progress resumes after a restart", desired: desired(keyA), observed: observed {
                $0.runs[keyA] = .finished(artifact: a.artifact); $0.rollouts[a] = .inProgress; $0.lastRollout = a },
            action: .rollOut(a, allAtOnce: true), phase: .rollingOut(step: 0, steps: 0, weight: 0), reason: .rollingOut),
        Row(name: "a new revision mid-rollout aborts the canary (new revision wins)", desired: desired(keyB), observed: observed {
                $0.runs[keyA] = .finished(artifact: a.artifact); $0.rollouts[a] = .inProgress; $0.lastRollout = a },
            action: .abortRollout(a), phase: .rollingBack, reason: .newRevisionWins),
        Row(name: "stable already serving the desired run is idle", desired: desired(keyA), observed: observed {
                $0.runs[keyA] = .finished(artifact: a.artifact); $0.stable = a },
            action: .none, phase: .idle, reason: .serving),
        Row(name: "a rolled-back candidate is quarantined, no flapping", desired: desired(keyB), observed: observed {
                $0.runs[keyB] = .finished(artifact: b.artifact); $0.stable = a; $0.quarantined = [b]
                $0.rollouts[b] = .finished(.rolledBack(reason: "2 analyses failed")); $0.gates[b] = ["unit": verdict("unit", .pass), "review": verdict("review", .pass)] },
            action: .none, phase: .failed, reason: .quarantined),
        Row(name: "a revert to an earlier run key with its artifact and gates rolls out without training", desired: desired(keyA), observed: observed {
                $0.runs[keyA] = .finished(artifact: a.artifact); $0.runs[keyB] = .finished(artifact: b.artifact); $0.stable = b
                $0.gates[a] = ["unit": verdict("unit", .pass), "review": verdict("review", .pass)] },
            action: .rollOut(a, allAtOnce: false), phase: .rollingOut(step: 0, steps: 2, weight: 0), reason: .rollingOut),
        Row(name: "an invalid manifest keeps stable and shows the error", desired: desired(nil, problem: "m/model.yaml:3:1: unknown field"), observed: observed { $0.stable = a },
            action: .none, phase: .failed, reason: .invalidManifest),
        Row(name: "an invalid manifest mid-rollout aborts the canary", desired: desired(nil, problem: "bad"), observed: observed {
                $0.stable = a; $0.rollouts[b] = .inProgress; $0.lastRollout = b },
            action: .abortRollout(b), phase: .rollingBack, reason: .invalidManifest),
    ]

    @Test(arguments: rows)
    func decides(_ row: Row) {
        let decision = Planner.decide(row.desired, row.observed, now: Self.now)
        #expect(decision.action == row.action)
        #expect(decision.phase == row.phase)
        #expect(decision.condition.reason == row.reason, "\(decision.condition.message)")
    }

    /// The planner says when to look again instead of the loop guessing: a gate error's retry time,
    /// a pending approval's recheck; nothing when only a change matters.
    @Test func theDecisionSaysWhenToLookAgain() {
        let erroring = Self.observed {
            $0.runs[Self.keyA] = .finished(artifact: Self.a.artifact)
            $0.gates[Self.a] = ["unit": Self.verdict("unit", .error, ago: 5), "review": Self.verdict("review", .pass)]
        }
        #expect(Planner.decide(Self.desired(Self.keyA), erroring, now: Self.now).recheckAt
                == Self.now.addingTimeInterval(Planner.errorRetry - 5))
        let pending = Self.observed {
            $0.runs[Self.keyA] = .finished(artifact: Self.a.artifact)
            $0.gates[Self.a] = ["unit": Self.verdict("unit", .pass), "review": Self.verdict("review", .pending, ago: 10)]
        }
        #expect(Planner.decide(Self.desired(Self.keyA), pending, now: Self.now).recheckAt
                == Self.now.addingTimeInterval(Planner.pendingRecheck - 10))
        let serving = Self.observed {
            $0.runs[Self.keyA] = .finished(artifact: Self.a.artifact)
            $0.stable = Self.a
        }
        #expect(Planner.decide(Self.desired(Self.keyA), serving, now: Self.now).recheckAt == nil)
    }

    /// An interrupted run is tried again after a backoff that doubles with each start, and no more
    /// after `maxRunAttempts` starts; a run whose effect is running is left alone.
    @Test(arguments: [
        // (starts so far, seconds since the last start, effect running, expected action is train, expected reason)
        (1, 5.0, true, false, ConditionReason.training),
        (1, 5.0, false, false, .training),
        (1, 11.0, false, true, .training),
        (3, 30.0, false, false, .training),
        (3, 41.0, false, true, .training),
        (5, 9_999.0, false, false, .trainingInterrupted),
    ] as [(Int, Double, Bool, Bool, ConditionReason)])
    func anInterruptedRunIsRetriedWithBackoffAndBounded(starts: Int, ago: Double, running: Bool, trains: Bool, reason: ConditionReason) {
        var observed = Self.observed {
            $0.runs[Self.keyA] = .started
            $0.runStarts[Self.keyA] = ObservedModel.RunStarts(count: starts, last: Self.now.addingTimeInterval(-ago))
        }
        observed.effectRunning = running
        let decision = Planner.decide(Self.desired(Self.keyA), observed, now: Self.now)
        #expect((decision.action == .train(runKey: RunKey(Self.keyA)!)) == trains, "\(decision.condition.message)")
        #expect(decision.condition.reason == reason)
        if !trains, !running, reason == .training {
            #expect(decision.recheckAt == Self.now.addingTimeInterval(Planner.retryDelay(afterStarts: starts) - ago))
        }
    }
}
