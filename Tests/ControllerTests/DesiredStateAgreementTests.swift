import Foundation
import Git
import Journal
import Pipelines
import Testing
import TestSupport
@testable import Controller

/// `slipway plan`, the daemon's desired run keys and training agree on every kind of change: plan says
/// retrain exactly when the run key moves, for the reasons that moved it, and the key training records
/// is the key the planner waits for, so the daemon never trains or reuses the same run again and again.
@Suite(.serialized) struct DesiredStateAgreementTests {
    static let folder = "models/fraud"
    static let manifest = """
        apiVersion: slipway.dev/v1
        kind: Model
        metadata: {name: fraud, owners: [team-risk]}
        spec:
          data:
            - {name: train, path: data/train.csv}
          train:
            command: [/bin/sh, train.sh, "${data.train}", "${output}", "${params.C}"]
            timeout: 10m
            params: {C: 0.5}
          gates:
            - {name: unit, type: command, command: [/bin/true]}
            - {name: beats-stable, type: baseline, holdout: data/holdout.csv, label: label, metric: auc, min: 0.80}
          serve:
            command: [/bin/sh, serve.sh, "${artifact}", "${port}"]
          rollout:
            steps: [{weight: 10, pause: 30s}, {weight: 50, pause: 30s}]

        """

    /// A model folder holding a manifest, a trainer, data, a gate's holdout and a non-manifest JSON file.
    static func base(_ git: GitFixture) throws {
        try git.write("\(folder)/model.yaml", manifest)
        try git.write("\(folder)/train.sh", "cp \"$1\" \"$2/model.csv\"\necho \"$3\" > \"$2/c.txt\"\n")
        try git.write("\(folder)/serve.sh", "exit 0\n")
        try git.write("\(folder)/data/train.csv", "amount,label\n1,0\n2,1\n")
        try git.write("\(folder)/data/holdout.csv", "amount,label\n3,1\n")
        try git.write("\(folder)/settings/config.json", "{\"layers\": 2}\n")
    }

    static func editManifest(_ a: String, _ b: String) -> @Sendable (GitFixture) throws -> Void {
        { git in
            let text = try String(contentsOfFile: git.path + "/\(folder)/model.yaml", encoding: .utf8)
            precondition(text.contains(a), "the manifest has no '\(a)'")
            try git.write("\(folder)/model.yaml", text.replacingOccurrences(of: a, with: b))
        }
    }

    /// Commits made after the base, and what `plan` must say about the last one.
    struct Row: CustomTestStringConvertible, Sendable {
        var name: String
        var edits: [@Sendable (GitFixture) throws -> Void]
        /// nil when the model is unchanged.
        var action: ChangePlan.ModelChange.Action?
        var reasons: [ChangePlan.RetrainReason] = []
        /// Gates that run again on the current candidate (an update only).
        var gatesRerun: [String] = []
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(name: "spec", edits: [editManifest("timeout: 10m", "timeout: 20m")], action: .retrain, reasons: [.spec]),
        Row(name: "code", edits: [{ try $0.write("\(folder)/train.sh", "cp \"$1\" \"$2/model.csv\"\n") }], action: .retrain, reasons: [.code]),
        Row(name: "non-manifest config.json added", edits: [{ try $0.write("\(folder)/config.json", "{\"layers\": 3}\n") }],
            action: .retrain, reasons: [.code]),
        Row(name: "non-manifest config.json changed", edits: [{ try $0.write("\(folder)/settings/config.json", "{\"layers\": 4}\n") }],
            action: .retrain, reasons: [.code]),
        Row(name: "another manifest added in the folder", edits: [{ try $0.write("\(folder)/pipeline.yaml", """
            apiVersion: slipway.dev/v1
            kind: Pipeline
            metadata: {name: unused}
            spec:
              steps:
                - {name: fit, command: [/bin/true, "${output}"]}

            """) }], action: nil),
        Row(name: "data", edits: [{ try $0.write("\(folder)/data/train.csv", "amount,label\n1,0\n5,1\n") }], action: .retrain, reasons: [.data]),
        Row(name: "params", edits: [editManifest("{C: 0.5}", "{C: 0.7}")], action: .retrain, reasons: [.params]),
        Row(name: "gate threshold only", edits: [editManifest("min: 0.80", "min: 0.85")], action: .update, gatesRerun: ["beats-stable"]),
        Row(name: "gate input only", edits: [{ try $0.write("\(folder)/data/holdout.csv", "amount,label\n4,0\n") }], action: .update),
        Row(name: "rollout only", edits: [editManifest("{weight: 50, pause: 30s}", "{weight: 60, pause: 30s}")], action: .update),
        Row(name: "metadata only", edits: [editManifest("owners: [team-risk]", "owners: [team-fraud]")], action: .update),
        Row(name: "manifest renamed in its folder", edits: [{ try $0.git("mv", "\(folder)/model.yaml", "\(folder)/fraud.yaml") }],
            action: nil),
        Row(name: "model folder moved", edits: [{ try $0.git("mv", folder, "models/fraud-v2") }], action: .retrain, reasons: [.spec, .code]),
        Row(name: "revert to the first commit", edits: [
            { try $0.write("\(folder)/train.sh", "cp \"$1\" \"$2/model.csv\"\n") },
            { try $0.git("revert", "--no-commit", "HEAD") },
        ], action: .retrain, reasons: [.code]),
    ]

    @Test(arguments: rows)
    func planAndDaemonAgree(_ row: Row) async throws {
        let git = try GitFixture()
        try Self.base(git)
        var commits = [try git.commit("base")]
        for (i, edit) in row.edits.enumerated() {
            try edit(git)
            commits.append(try git.commit("\(row.name) \(i)"))
        }
        let repository = try Repository.open(at: git.path)
        let state = try TemporaryDirectory(prefix: "slipway-desired")
        let journal = try Journal(lock: try StateLock(stateFolder: state.path))
        let executor = LocalExecutor()
        var desired: [DesiredModel] = []
        for commit in commits {
            let wanted = try await DesiredState.read(repository, at: commit, executor: executor.identity).model("fraud")
            #expect(wanted.problem == nil, "\(wanted.problem ?? "")")
            desired.append(wanted)
        }
        let keys = desired.map(\.runKey)

        // What `slipway plan` says about the last commit against the one before.
        let plan = try await ChangePlan.between(repository, from: commits[commits.count - 2].hex, to: commits[commits.count - 1].hex)
        let change = plan.models.first { $0.model == "fraud" }
        #expect(change?.action == row.action, "\(plan.models)")
        #expect(change?.retrainReasons ?? [] == row.reasons, "\(change?.details ?? [])")
        #expect(change?.gatesRerun ?? [] == row.gatesRerun)
        #expect((change?.action == .retrain) == (keys[keys.count - 1] != keys[keys.count - 2]),
                "plan says \(change?.action.rawValue ?? "unchanged"); the daemon's run key \(keys[keys.count - 1] == keys[keys.count - 2] ? "stays" : "moves")")

        // The daemon through the history: each revision trains as the planner asks, and the key recorded is the one wanted.
        for (commit, wanted) in zip(commits, desired) {
            let trainedBefore = Set(try ObservedState.fold(journal.entries())["fraud"]?.runs.keys.map { $0 } ?? [])
            let decision = Planner.decide(wanted, try observed(journal), now: Date())
            let key = try #require(wanted.runKey)
            #expect((decision.action == .train(runKey: key)) == !trainedBefore.contains(key.description), "\(decision.action)")
            guard case .train = decision.action else { continue }
            let training = try #require(Training(repository: repository, commit: commit, desired: wanted,
                                                 state: RunState(folder: state.path, journal: journal), executor: executor))
            let result = try await training.perform(say: { _ in })
            #expect(result.outcome == .trained, "\(result.failure ?? "")")
            #expect(result.runKey == key.description)
            let after = Planner.decide(wanted, try observed(journal), now: Date())
            #expect(after.action != .train(runKey: key), "the daemon would train \(key) again")
        }
        if row.name.hasPrefix("revert") {
            #expect(keys.last == keys.first, "a revert gives the first run key back")
        }
    }

    private func observed(_ journal: Journal) throws -> ObservedModel {
        try ObservedState.fold(journal.entries())["fraud"] ?? ObservedModel(name: "fraud")
    }
}
