import Foundation
import Testing
@testable import Manifests

/// The annotated reference manifests in `manifests/` and their JSON Schemas, read from the checkout.
enum ReferenceManifests {
    /// The kinds, each with its reference file `manifests/<kind>.yaml` and schema `manifests/schema/<kind>.json`.
    static let kinds = ["model", "pipeline", "policy", "approval"]

    /// The repository root: this file sits at `Tests/ManifestsTests/`.
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The repository-relative path of a kind's reference manifest.
    static func manifestPath(_ kind: String) -> String { "manifests/\(kind).yaml" }

    /// The reference manifest of `kind`, as a source file named by its repository path.
    static func file(_ kind: String) throws -> SourceFile {
        let path = manifestPath(kind)
        return SourceFile(path: path, text: try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8))
    }

    /// All four reference files.
    static func files() throws -> [SourceFile] {
        try kinds.map(file)
    }

    /// The parsed schema of `kind`.
    static func schema(_ kind: String) throws -> [String: Any] {
        let data = try Data(contentsOf: root.appendingPathComponent("manifests/schema/\(kind).json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }
}

@Suite struct ReferenceManifestTests {
    @Test func allReferenceFilesDecodeTogetherWithoutDiagnostics() throws {
        let catalog = Catalog.load(try ReferenceManifests.files(), fileExists: nil)
        #expect(catalog.diagnostics.map(\.description) == [])
        #expect(catalog.filesRead == 4)
        #expect(catalog.skippedDocuments == 0)
        #expect(Set(catalog.manifests.map(\.kind)) == Set(Manifest.Kind.allCases))
        #expect(catalog.models.map(\.name) == ["fraud-detector", "fraud-detector-gbm"])
        #expect(catalog.pipelines.map(\.name) == ["fraud-training"])
        #expect(catalog.approvals.map(\.model) == ["fraud-detector"])
    }

    @Test(arguments: ReferenceManifests.kinds)
    func eachReferenceFileNamesItsKindInEveryDocument(kind: String) throws {
        let documents = try YAMLReader.documents(in: try ReferenceManifests.file(kind).text)
        #expect(!documents.isEmpty)
        for document in documents {
            #expect(document.root["apiVersion"]?.value == .string(Manifest.apiVersion))
            #expect(document.root["kind"]?.value == .string(kind.prefix(1).uppercased() + kind.dropFirst()))
        }
    }

    @Test func referenceModelDecodesToTheWrittenValues() throws {
        let catalog = Catalog.load(try ReferenceManifests.files(), fileExists: nil)
        let model = try #require(catalog.models.first { $0.name == "fraud-detector" })
        #expect(model.folder == "manifests")
        #expect(model.metadata.owners == ["team-risk", "dana@example.com"])
        #expect(model.metadata.labels["tier"] == "1")
        guard case .repository(let trainPath)? = model.data.first?.source else { Issue.record("train is not in the repository"); return }
        #expect(trainPath.path == "manifests/data/train.csv")
        #expect(model.data.last?.source == .external(path: "/srv/data/fraud/transactions-2026-10.csv",
                                                     sha256: "sha256:9f2c4e1a7b3d5f60812a4c6e8b0d2f4a6c8e0b2d4f6a8c0e2b4d6f8a0c2e4b6d"))
        let schema = try #require(model.data.first?.schema)
        #expect(schema.columns.map(\.name) == ["amount", "hour", "country", "card_present", "label"])
        #expect(schema.columns.map(\.nullable) == [false, false, true, false, false])
        #expect(schema.columns.last?.values == ["0", "1"])
        #expect(model.train.timeout == .seconds(20 * 60))
        #expect(model.train.params["C"] == .double(0.5))
        #expect(model.train.params["warm_start"] == .bool(false))
        #expect(model.train.memoryLimit == 4 << 30)
        #expect(model.retrain?.driftPSI == 0.2)
        #expect(model.gates.map(\.kind) == [.command, .data, .baseline, .loadTest, .loadTest, .explainability, .explainability, .governance])
        #expect(model.gates.first?.timeout == .seconds(300))
        #expect(model.gates.dropFirst().first?.timeout == .seconds(120))
        #expect(model.gates.first { $0.name == "load-mixed" }?.timeout == .seconds(600))
        #expect(model.serve.readyTimeout == .seconds(90))
        #expect(model.rollout.steps == [RolloutStep(weight: 5, pause: .seconds(60)), RolloutStep(weight: 25, pause: .seconds(120)),
                                        RolloutStep(weight: 50, pause: .seconds(300))])
        #expect(model.rollout.analysis.maxP99Ratio == 1.5)
    }

    @Test func referenceGatesDecodeWithTheirDefaults() throws {
        let catalog = Catalog.load(try ReferenceManifests.files(), fileExists: nil)
        let model = try #require(catalog.models.first { $0.name == "fraud-detector" })
        let checks = Dictionary(uniqueKeysWithValues: model.gates.map { ($0.name, $0.check) })

        guard case .baseline(let baseline)? = checks["beats-stable"] else { Issue.record("no baseline gate"); return }
        #expect(baseline.threshold == Threshold(min: 0.80, max: 0.995, minChange: -0.005, maxChange: 0.1,
                                                minRelativeChange: -0.01, maxRelativeChange: 0.25, higherIsBetter: true, firstRun: .pass))
        #expect(baseline.positiveLabel == "1")

        guard case .loadTest(let mixed)? = checks["load-mixed"] else { Issue.record("no load-mixed gate"); return }
        #expect(mixed.requests.map(\.path) == ["manifests/requests/small.json", "manifests/requests/large-basket.json"])
        #expect(mixed.warmup == .seconds(2))
        #expect(mixed.slo.minAchievedRate == 0.99)

        guard case .explainability(let shap)? = checks["explain-shap"] else { Issue.record("no explain-shap gate"); return }
        #expect(shap.holdout == nil)
        #expect(shap.metric == .accuracy)
        #expect(shap.maxForbidden == 0.01 && shap.minAgreement == 0.9 && shap.repeats == 5 && shap.seed == 1)

        guard case .governance(let governance)? = checks["governance"] else { Issue.record("no governance gate"); return }
        #expect(governance.modelCard.path == "manifests/docs/MODEL_CARD.md")
        #expect(governance.requiredApprovals == 2)
        #expect(governance.reviewerGroup == "risk-reviewers")
    }

    @Test func pipelineModelTakesTheDefaults() throws {
        let catalog = Catalog.load(try ReferenceManifests.files(), fileExists: nil)
        let model = try #require(catalog.models.first { $0.name == "fraud-detector-gbm" })
        guard case .pipeline(let name, _) = model.train.runner else { Issue.record("not trained by a pipeline"); return }
        #expect(name == "fraud-training")
        #expect(model.train.timeout == .seconds(3600))
        #expect(model.retrain == nil)
        #expect(model.serve.ready == "/v2/health/ready")
        #expect(model.serve.readyTimeout == .seconds(60))
        #expect(model.rollout == .default)
        guard case .baseline(let baseline)? = model.gates.first(where: { $0.kind == .baseline })?.check else {
            Issue.record("no baseline gate"); return
        }
        #expect(baseline.threshold.higherIsBetter == false)
        #expect(baseline.threshold.firstRun == .fail)
        #expect(baseline.batchSize == 1_000)
        guard case .governance(let governance)? = model.gates.last?.check else { Issue.record("no governance gate"); return }
        #expect(governance.modelCard.path == "manifests/MODEL_CARD.md")
        #expect(governance.requiredApprovals == 1)
    }

    @Test func referencePipelinePolicyAndApprovalDecode() throws {
        let catalog = Catalog.load(try ReferenceManifests.files(), fileExists: nil)
        let pipeline = try #require(catalog.pipelines.first)
        #expect(pipeline.order.map(\.name) == ["prepare", "fit", "report"])
        #expect(pipeline.output == "fit")
        #expect(pipeline.steps.last?.timeout == .seconds(3600))
        #expect(pipeline.params["n_estimators"] == .int(300))

        let policy = try #require(catalog.policy)
        #expect(policy.reviewers["risk-reviewers"]?.count == 3)
        #expect(policy.allowedSigners?.path == "manifests/reviewers/allowed_signers")
        #expect(policy.requiredGates == [.data, .baseline, .governance])
        #expect(policy.requireOwners)

        let approval = try #require(catalog.approvals.first)
        #expect(approval.decision == .approve)
        #expect(approval.gates == ["governance"])
        #expect(approval.expires == Date(timeIntervalSince1970: 1_798_675_200))
    }
}
