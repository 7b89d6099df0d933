import Foundation
import Gates
import Manifests
import Pipelines
import Testing
@testable import Controller

/// Verdicts are for the gate's definition: editing a gate runs it again on the same candidate, and the
/// other gates keep their verdicts.
@Suite struct PlannerGateSpecTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let key = "sha256:" + String(repeating: "a", count: 64)
    static let candidate = Candidate(runKey: key, artifact: "sha256:" + String(repeating: "1", count: 64))

    static func model(min: String = "0.80", command: String = "[python3, -m, unittest]") -> Model {
        Catalog.load([SourceFile(path: "m/model.yaml", text: """
            apiVersion: slipway.dev/v1
            kind: Model
            metadata: {name: m}
            spec:
              train: {command: [python3, train.py, "${output}"]}
              gates:
                - {name: unit, type: command, command: \(command)}
                - {name: quality, type: baseline, holdout: holdout.csv, label: y, metric: auc, min: \(min)}
                - {name: review, type: governance, approvals: {required: 0}}
              serve: {command: [python3, serve.py, "${port}"]}
            """)], fileExists: { _ in true }).models[0]
    }

    /// Passing verdicts on every gate of `model`, each for the digest `digest` gives it.
    static func passed(on model: Model, digest: (GateSpec) -> String?) -> [String: ObservedModel.Verdict] {
        Dictionary(uniqueKeysWithValues: model.gates.map { gate in
            var result = GateResult(gate: gate.name, kind: gate.kind.rawValue, verdict: .pass, reason: "passed")
            result.specDigest = digest(gate)
            return (gate.name, ObservedModel.Verdict(result: result, time: now.addingTimeInterval(-10)))
        })
    }

    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        /// The model at the revision the verdicts were given for, and the model wanted now.
        var judged: Model
        var wanted: Model
        /// Whether the verdicts carry digests (verdicts from before digests were recorded do not).
        var withDigests = true
        var action: ReconcileAction
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(name: "nothing edited: every verdict stands, the candidate rolls out", judged: model(), wanted: model(),
            action: .rollOut(candidate, allAtOnce: true)),
        Row(name: "a threshold edited: that gate runs again, the others keep their verdicts", judged: model(), wanted: model(min: "0.85"),
            action: .gate(candidate, gates: ["quality"])),
        Row(name: "a command edited: that gate runs again", judged: model(), wanted: model(command: "[python3, -m, pytest]"),
            action: .gate(candidate, gates: ["unit"])),
        Row(name: "the same threshold written differently: no gate runs again", judged: model(), wanted: model(min: "0.8"),
            action: .rollOut(candidate, allAtOnce: true)),
        Row(name: "verdicts journaled before digests count as for the current definition", judged: model(), wanted: model(min: "0.85"),
            withDigests: false, action: .rollOut(candidate, allAtOnce: true)),
    ]

    @Test(arguments: rows)
    func editedGatesRunAgain(_ row: Row) {
        var observed = ObservedModel(name: "m")
        observed.runs[Self.key] = .finished(artifact: Self.candidate.artifact)
        observed.gates[Self.candidate] = Self.passed(on: row.judged) { row.withDigests ? $0.specDigest : nil }
        let desired = DesiredModel(name: "m", revision: "0123456789", model: row.wanted, runKey: RunKey(Self.key))
        #expect(Planner.decide(desired, observed, now: Self.now).action == row.action)
    }

    @Test func aVerdictKeepsItsDigestThroughTheJournal() throws {
        var result = GateResult(gate: "quality", kind: "baseline", verdict: .pass, reason: "auc 0.9")
        result.specDigest = Self.model().gates[1].specDigest
        let event = GateFinished(model: "m", candidate: Self.candidate, result: result)
        let decoded = try JSONDecoder().decode(GateFinished.self, from: JSONEncoder().encode(event))
        #expect(decoded.result.specDigest == result.specDigest)
        let old = try JSONDecoder().decode(GateResult.self, from: Data(#"{"gate":"unit","kind":"command","verdict":"pass","reason":"ok","evidence":{},"violations":[],"seconds":1}"#.utf8))
        #expect(old.specDigest == nil)
    }
}
