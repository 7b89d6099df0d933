import Foundation
@testable import Gates
import Manifests
import TestSupport

/// A governance gate over manifests given as text and a model folder on disk, with no approvals:
/// for the model card and the Policy's rules.
struct GovernanceBench {
    let folder: TemporaryDirectory

    init() throws {
        folder = try TemporaryDirectory(prefix: "slipway-governance")
    }

    /// Writes `contents` to `relative` in the model's folder.
    func write(_ relative: String, _ contents: String) throws {
        try folder.write(relative, contents)
    }

    /// The gate's result for `model` (in models/fraud) under `policy`, with no approvals to count.
    func evaluate(model: String, policy: String?) async throws -> GateResult {
        let files = [SourceFile(path: "models/fraud/model.yaml", text: model)] + (policy.map { [SourceFile(path: "policy.yaml", text: $0)] } ?? [])
        let catalog = Catalog.load(files)
        guard let model = catalog.models.first, let gate = model.gates.first(where: { $0.kind == .governance }),
              case .governance(let spec) = gate.check else {
            throw FixtureProblem(message: catalog.diagnostics.map(\.description).joined(separator: "\n"))
        }
        let check = GovernanceCheck(name: gate.name, spec: spec, policy: catalog.policy, model: model, approvals: CollectedApprovals(),
                                    change: CandidateChange(commit: String(repeating: "0", count: 40), authorEmail: "ada@example.com",
                                                            committerEmail: "ada@example.com"),
                                    clock: ManualClock())
        return await check.evaluate(GateSubject(model: model.name, candidate: ApprovalRepository.candidate, folder: folder.path))
    }

    /// A Policy requiring the cards sections `sections`, the gate types `gates` and forbidding `forbidden` features.
    static func policy(sections: [String] = ["Intended use", "Limitations"], gates: [String] = ["governance"],
                       forbidden: [String] = ["gender"], requireOwners: Bool = true) -> String {
        """
        apiVersion: slipway.dev/v1
        kind: Policy
        metadata: {name: governance}
        spec:
          reviewers: {risk-reviewers: [alice@example.com]}
          requiredGates: [\(gates.joined(separator: ", "))]
          modelCard: {sections: [\(sections.joined(separator: ", "))]}
          forbiddenFeatures: [\(forbidden.joined(separator: ", "))]
          requireOwners: \(requireOwners)

        """
    }

    /// The fixture model with no approvals required, and its card at `card`.
    static func model(card: String = "MODEL_CARD.md", owners: String = "[team-risk]",
                      columns: String = "amount: {type: number}, label: {type: integer}") -> String {
        ApprovalRepository.modelText(required: 0, owners: owners, columns: columns)
            .replacingOccurrences(of: "type: governance,", with: "type: governance, modelCard: \(card),")
    }
}
