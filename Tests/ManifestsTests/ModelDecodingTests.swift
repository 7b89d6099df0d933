import Testing
import TestSupport
@testable import Manifests

/// Decodes one model file (plus the fixture policy) and returns the problems found.
func problems(_ model: String, file: String = "models/fraud/model.yaml", fileExists: ((String) -> Bool)? = nil) -> [Diagnostic] {
    Catalog.load([SourceFile(path: file, text: model), SourceFile(path: "policy.yaml", text: ManifestFixtures.policy())],
                 fileExists: fileExists).diagnostics
}

@Suite struct ModelDecodingTests {
    @Test func fixtureModelDecodesCleanlyWithDefaults() throws {
        let catalog = Catalog.load([SourceFile(path: "models/fraud/model.yaml", text: ManifestFixtures.model()),
                                    SourceFile(path: "policy.yaml", text: ManifestFixtures.policy())])
        #expect(catalog.diagnostics == [])
        let model = try #require(catalog.models.first)
        #expect(model.name == "fraud-detector")
        #expect(model.folder == "models/fraud")
        #expect(model.gates.map(\.kind) == [.command, .data, .baseline, .loadTest, .explainability, .governance])
        #expect(model.train.timeout == .seconds(600))
        #expect(model.train.params["C"] == .double(0.5))
        #expect(model.rollout.steps == [RolloutStep(weight: 10, pause: .seconds(30)), RolloutStep(weight: 50, pause: .seconds(30))])
        #expect(model.rollout.analysis.maxP99 == .milliseconds(100))
        #expect(model.rollout.analysis.minRequests == 20)
        #expect(model.serve.readyTimeout == .seconds(60))
        #expect(model.retrain?.schedule?.hours == [3])
        guard case .repository(let path) = model.data[0].source else { Issue.record("expected a repository data set"); return }
        #expect(path.path == "models/fraud/data/train.csv")
        guard case .baseline(let b) = model.gates[2].check else { Issue.record("expected a baseline gate"); return }
        #expect(b.metric == .auc && b.threshold.min == 0.8 && b.threshold.minChange == 0 && b.threshold.higherIsBetter)
        guard case .governance(let g) = model.gates[5].check else { Issue.record("expected a governance gate"); return }
        #expect(g.modelCard.path == "models/fraud/MODEL_CARD.md" && g.requiredApprovals == 1)
    }

    /// One edit of the fixture model, the message it must produce, and where.
    struct Case: CustomTestStringConvertible, Sendable {
        var edit: (String, String)
        var message: String
        var line: Int
        var column: Int
        var hint: String? = nil
        var testDescription: String { message }
    }

    @Test(arguments: [
        Case(edit: ("    timeout: 10m", "    tmeout: 10m"), message: "unknown field 'tmeout' in spec.train", line: 16, column: 5,
             hint: "did you mean 'timeout'?"),
        Case(edit: ("timeout: 10m", "timeout: 10 minutes"), message: "spec.train.timeout: '10 minutes' is not a duration", line: 16, column: 14),
        Case(edit: ("timeout: 10m", "timeout: 600"), message: "spec.train.timeout must be a duration", line: 16, column: 14,
             hint: "write a unit, e.g. '600s'"),
        Case(edit: ("{weight: 50, pause: 30s}", "{weight: 5, pause: 30s}"), message: "spec.rollout.steps[1].weight must rise from step to step: 5 follows 10",
             line: 30, column: 48),
        Case(edit: ("{weight: 50, pause: 30s}", "{weight: 150, pause: 30s}"), message: "spec.rollout.steps[1].weight must be between 1 and 100, found 150",
             line: 30, column: 48),
        Case(edit: ("name: fraud-detector", "name: Fraud_Detector"), message: "metadata.name: 'Fraud_Detector' is not a DNS-1123 label", line: 3, column: 18),
        Case(edit: ("path: data/train.csv", "path: ../../../train.csv"), message: "spec.data[0].path: '../../../train.csv': the path leaves the repository",
             line: 7, column: 13),
        Case(edit: ("holdout: data/holdout.csv, label: label, metric: auc", "holdout: /data/holdout.csv, label: label, metric: auc"),
             message: "absolute paths are not allowed", line: 22, column: 53),
        Case(edit: ("{name: data, type: data}", "{name: data, type: data, datasets: [tran]}"),
             message: "gate 'data' checks data set 'tran', which spec.data does not declare", line: 21, column: 42, hint: "did you mean 'train'?"),
        Case(edit: ("type: loadTest", "type: loadtest"), message: "spec.gates[3].type: 'loadtest' is not one of", line: 23, column: 26,
             hint: "did you mean 'loadTest'?"),
        Case(edit: ("command: [python3, -m, unittest, discover, tests]", "command: python3 -m unittest"),
             message: "spec.gates[0].command must be a list of arguments; commands never go through a shell", line: 20, column: 44),
        Case(edit: ("\"${data.train}\"", "\"${data.tain}\""), message: "${data.tain} names data set 'tain'", line: 15, column: 5,
             hint: "did you mean 'train'?"),
        Case(edit: ("--port, \"${port}\"", "--port, \"8080\""), message: "spec.serve.command never uses ${port}", line: 27, column: 5),
        Case(edit: ("failureLimit: 2", "failureLimit: yes"), message: "spec.rollout.analysis.failureLimit must be an integer, found a string",
             line: 31, column: 44),
        Case(edit: ("schedule: \"0 3 * * *\"", "schedule: \"0 25 * * *\""), message: "spec.retrain.schedule: hour '25' is not in 0–23", line: 18, column: 23),
        Case(edit: ("from: risk-reviewers", "from: risk-reviewer"),
             message: "approvals.from names reviewer group 'risk-reviewer', which the Policy 'default' does not define", line: 25, column: 101,
             hint: "did you mean 'risk-reviewers'?"),
        Case(edit: ("    - {name: data, type: data}\n", ""), message: "has no gate of type 'data', which the Policy 'default' requires",
             line: 3, column: 18),
        Case(edit: ("  serve:", "  serving:"), message: "spec is missing the required field 'serve'", line: 5, column: 3),
        Case(edit: ("request: requests/one.json,", "request: requests/one.json, requests: [requests/two.json],"),
             message: "spec.gates[3] has both 'request' and 'requests'; give one", line: 23, column: 7),
        Case(edit: ("label: label, forbid", "label: label, explainer: [python3, shap.py], forbid"),
             message: "spec.gates[4] has both 'explainer' and 'holdout'/'label'", line: 24, column: 7),
        Case(edit: ("\"${artifact}\"", "\"${artifac}\""), message: "spec.serve.command: ${artifac} is not a placeholder that can be used here",
             line: 27, column: 5),
        Case(edit: ("[python3, -m, unittest, discover, tests]", "[python3, -m, pytest, --junitxml, \"${report}\"]"),
             message: "gate 'unit' command: ${report} is not a placeholder that can be used here", line: 20, column: 7,
             hint: "here you may use ${data.NAME}, ${params.NAME}, ${artifact}, ${reports}"),
        Case(edit: ("country: {type: string}", "country: {type: string, nullable: false, maxMissing: 0.1}"),
             message: "spec.data[0].schema.columns.country: nullable is false but maxMissing allows 0.1 missing", line: 11, column: 45),
        Case(edit: ("maxMissing: 0.01", "maxMissing: 1.5"), message: "spec.data[0].schema.maxMissing must be between 0 and 1, found 1.5",
             line: 13, column: 21),
    ])
    func refusesWithPlace(_ c: Case) throws {
        let text = ManifestFixtures.model()
        #expect(text.contains(c.edit.0), "the fixture lacks '\(c.edit.0)'")
        let found = problems(text.replacingOccurrences(of: c.edit.0, with: c.edit.1))
        let match = found.first { $0.description.contains(c.message) }
        #expect(match != nil, "no '\(c.message)' among:\n\(found.map(\.description).joined(separator: "\n"))")
        if let match {
            #expect(match.file == "models/fraud/model.yaml")
            #expect(match.location == SourceLocation(line: c.line, column: c.column), "at \(match.location)")
            if let hint = c.hint { #expect(match.hint == hint) }
        }
    }

    @Test func reportsEveryProblemAtOnce() {
        let text = ManifestFixtures.model()
            .replacingOccurrences(of: "timeout: 10m", with: "timeout: soon")
            .replacingOccurrences(of: "{weight: 50, pause: 30s}", with: "{weight: 5, pause: 30s}")
            .replacingOccurrences(of: "rate: 200", with: "rate: -1")
        let found = problems(text)
        #expect(found.count == 3, "\(found)")
        #expect(found.map(\.location.line) == found.map(\.location.line).sorted())
    }

    @Test func duplicateModelNamesAcrossFiles() {
        let catalog = Catalog.load([
            SourceFile(path: "a/model.yaml", text: ManifestFixtures.model()),
            SourceFile(path: "b/model.yaml", text: ManifestFixtures.model()),
            SourceFile(path: "policy.yaml", text: ManifestFixtures.policy()),
        ])
        #expect(catalog.diagnostics.map(\.description) == [
            "b/model.yaml:3:18: error: Model 'fraud-detector' is also defined at a/model.yaml:3:18; names must be unique",
        ])
    }

    @Test func missingReferencedFilesAreReportedWhereTheyAreWritten() {
        let present = Set(ManifestFixtures.modelFiles.keys.filter { $0 != "data/holdout.csv" }.map { "models/fraud/" + $0 })
        let found = problems(ManifestFixtures.model(), fileExists: { present.contains($0) })
        #expect(found.map(\.description) == [
            "models/fraud/model.yaml:22:53: error: gate 'beats-stable' holdout: 'data/holdout.csv' does not exist (models/fraud/data/holdout.csv)",
            "models/fraud/model.yaml:24:54: error: gate 'explain' holdout: 'data/holdout.csv' does not exist (models/fraud/data/holdout.csv)",
        ])
    }

    @Test func otherYAMLIsLeftAlone() {
        let catalog = Catalog.load([
            SourceFile(path: "ci.yaml", text: "name: build\non: [push]\n"),
            SourceFile(path: "requests/one.json", text: "{\"inputs\": []}"),
        ])
        #expect(catalog.diagnostics == [] && catalog.manifests.isEmpty && catalog.skippedDocuments == 2)
    }

    @Test func unsupportedVersionAndKind() {
        let found = problems("apiVersion: slipway.dev/v2\nkind: Modle\nmetadata: {name: x}\nspec: {}\n", file: "x.yaml")
        #expect(found.contains { $0.description == "x.yaml:1:13: error: apiVersion 'slipway.dev/v2' is not supported; this Slipway reads slipway.dev/v1" })
        #expect(found.contains { $0.description.hasPrefix("x.yaml:2:7: error: kind: 'Modle' is not one of") && $0.hint == "did you mean 'Model'?" })
    }

    @Test func yamlErrorsCarryTheirPlace() {
        let found = problems("apiVersion: slipway.dev/v1\nkind: &k Model\n", file: "x.yaml")
        #expect(found.count == 1)
        #expect(found.first?.location.line == 2)
    }
}
