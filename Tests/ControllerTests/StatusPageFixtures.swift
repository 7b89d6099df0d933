import Foundation
import Gates
import Pipelines
@testable import Controller

/// Models as the status page tests show them: one rolling out with analyses, one failed at a gate.
enum StatusPageFixtures {
    static let now = Date(timeIntervalSince1970: 1_772_366_400) // 2026-03-01 12:00:00 UTC

    static let stable = Candidate(runKey: "sha256:" + String(repeating: "1a", count: 32), artifact: "sha256:" + String(repeating: "2b", count: 32))
    static let candidate = Candidate(runKey: "sha256:" + String(repeating: "3c", count: 32), artifact: "sha256:" + String(repeating: "4d", count: 32))

    /// Three analyses ten seconds apart, the canary a little worse than stable.
    static let analyses = [0.0, 1, 2].map { (step: Double) -> AnalysisPoint in
        AnalysisPoint(time: now.addingTimeInterval((step - 3) * 10), canaryErrorRate: 0.002 * (step + 1),
                      stableErrorRate: 0.001, canaryP99: 0.080 + 0.01 * step, stableP99: 0.075)
    }

    static let rollingOut = ModelStatus(
        name: "fraud-detector", revision: "89e14ebd5c8d4a1b0d0a7c3e4e5b3f6e2c1a0b9d", phase: .rollingOut(step: 2, steps: 3, weight: 50),
        conditions: [ModelCondition(type: .reconciling, status: true, reason: .rollingOut, message: "step 2 of 3 at 50%",
                                    since: now.addingTimeInterval(-300))],
        stable: stable, candidate: candidate,
        gates: [GateResult(gate: "unit", kind: "command", verdict: .pass, reason: "exit status 0", seconds: 1.25)],
        analyses: analyses)

    static let failed = ModelStatus(
        name: "churn", revision: "0123456789abcdef0123456789abcdef01234567", phase: .failed,
        conditions: [ModelCondition(type: .stalled, status: true, reason: .gateFailed, message: "gate load failed", since: now.addingTimeInterval(-7_260))],
        stable: stable, candidate: candidate,
        gates: [GateResult(gate: "unit", kind: "command", verdict: .pass, reason: "exit status 0"),
                GateResult(gate: "load", kind: "loadTest", verdict: .fail, reason: "p99 above the SLO",
                           violations: ["p99 130 ms > 50 ms", "error rate 0.02 > 0.001"], seconds: 20.04),
                GateResult(gate: "governance", kind: "governance", verdict: .pending, reason: "1 approval of 2")],
        lastError: "gate load failed on candidate sha256:4d4d")
}
