import Foundation
import Manifests
@testable import Rollouts

/// The manual clock of these tests: `t(10)` is ten seconds after a fixed origin.
func t(_ seconds: Double) -> Date {
    Date(timeIntervalSince1970: 1_700_000_000 + seconds)
}

/// Two steps (10% then 50%, 30s each), an analysis every 10s, two failures roll back.
func twoStepSpec(pause: Duration = .seconds(30), interval: Duration = .seconds(10), failureLimit: Int = 2, maxP99: Duration? = nil) -> RolloutSpec {
    var analysis = AnalysisSpec()
    analysis.interval = interval
    analysis.failureLimit = failureLimit
    analysis.maxErrorRate = 0.01
    analysis.maxP99 = maxP99
    analysis.minRequests = 20
    return rolloutSpec(steps: [RolloutStep(weight: 10, pause: pause), RolloutStep(weight: 50, pause: pause)], analysis: analysis)
}

/// A rollout spec of `steps` and `analysis`, built through the spec's public fields.
func rolloutSpec(steps: [RolloutStep], analysis: AnalysisSpec) -> RolloutSpec {
    var spec = RolloutSpec.default
    spec.steps = steps
    spec.analysis = analysis
    return spec
}

/// A healthy window: 100 requests, no errors, p99 40ms.
let healthy = VersionWindow(requests: 100, errors: 0, p99: .milliseconds(40))
/// A failing window: 20 errors in 100 requests.
let erroring = VersionWindow(requests: 100, errors: 20, p99: .milliseconds(40))
/// A slow window: no errors, p99 150ms.
let slow = VersionWindow(requests: 100, errors: 0, p99: .milliseconds(150))
/// A window with too little traffic to judge.
let quiet = VersionWindow(requests: 3, errors: 0, p99: .milliseconds(30))

/// The rollback reason after the second of two 20%-error windows.
let erroringRollBack = "2 analyses failed, reaching failureLimit 2; last: canary error rate 20.00% (20 of 100 requests) exceeds maxErrorRate 1.00%"

/// One event fed to a rollout and the action it must return.
struct Move: Sendable, CustomStringConvertible {
    var event: CanaryRollout.Event
    var expected: CanaryRollout.Action

    var description: String { "\(event) → \(expected)" }
}

/// A tick at `seconds` that must return `expected`.
func tick(_ seconds: Double, _ expected: CanaryRollout.Action) -> Move {
    Move(event: .tick(now: t(seconds)), expected: expected)
}

/// Measurements of `canary` from `from` to `to` seconds that must return `expected`.
func measure(_ from: Double, _ to: Double, _ canary: VersionWindow, _ expected: CanaryRollout.Action) -> Move {
    Move(event: .metrics(CanaryWindow(interval: t(from)..<t(to), canary: canary, stable: nil)), expected: expected)
}

/// An analysis of the window from `from` to `to` seconds.
func analyse(_ from: Double, _ to: Double) -> CanaryRollout.Action {
    .analyse(window: t(from)..<t(to))
}

/// A tick that asks for the window from `from` to `to` and its measurements, which return `expected`.
func analysed(_ from: Double, _ to: Double, _ canary: VersionWindow, _ expected: CanaryRollout.Action) -> [Move] {
    [tick(to, analyse(from, to)), measure(from, to, canary, expected)]
}
