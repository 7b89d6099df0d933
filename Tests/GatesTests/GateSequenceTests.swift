import Foundation
import Pipelines
import Testing
@testable import Gates

/// A gate that answers what it was told to, counting its calls.
struct FixedGate: Gate {
    let name: String
    let verdict: GateVerdict

    func evaluate(_ subject: GateSubject) async -> GateResult {
        GateResult(gate: name, kind: "command", verdict: verdict, reason: "told to \(verdict)")
    }
}

@Suite struct GateSequenceTests {
    let subject = GateSubject(model: "m", candidate: Candidate(runKey: "sha256:r", artifact: "sha256:a"), folder: "/nowhere")

    @Test(arguments: [
        ([GateVerdict.pass, .pass, .pass], GateVerdict.pass, 3),
        ([.pass, .fail, .pass], .fail, 2),
        ([.error, .pass], .error, 1),
        ([.pass, .pending, .pass], .pending, 3),
        ([.pending, .fail], .fail, 2),
    ])
    func theFirstFailureOrErrorStopsTheCandidate(verdicts: [GateVerdict], overall: GateVerdict, run: Int) async throws {
        let gates = verdicts.enumerated().map { FixedGate(name: "g\($0)", verdict: $1) }
        var recorded: [String] = []
        let report = try await GateSequence(gates).run(subject) { recorded.append($0.gate) }
        #expect(report.verdict == overall)
        #expect(recorded.count == run)
        #expect(report.results.map(\.gate) == recorded)
        #expect(report.notRun == gates.dropFirst(run).map(\.name))
    }

    @Test func dataGateReadsTheChecksRecordedForTheCandidatesRun() async {
        let ok = DataChecked(model: "m", runKey: "sha256:r", dataset: "train", verdict: "pass", summary: "1000 rows, no violations",
                             report: .object([:]), profile: nil)
        let other = DataChecked(model: "m", runKey: "sha256:other", dataset: "train", verdict: "fail", summary: "bad", report: .null, profile: nil)
        #expect(await DataCheck(name: "data", checks: [ok, other]).evaluate(subject).verdict == .pass)
        var bad = ok
        bad.verdict = "fail"
        bad.summary = "column amount: 3 values below min 0"
        let failed = await DataCheck(name: "data", checks: [ok, bad]).evaluate(subject)
        #expect(failed.verdict == .fail && failed.violations == ["train: column amount: 3 values below min 0"])
        #expect(await DataCheck(name: "data", checks: [other]).evaluate(subject).verdict == .error)
    }
}
