import Foundation
@testable import Gates
import Testing

/// The Policy's rules on a model, each broken on its own: the gate fails and says which and why.
@Suite struct GovernancePolicyRuleTests {
    static let broken: [(model: String, policy: String, violation: String)] = [
        (GovernanceBench.model(owners: "[]"), GovernanceBench.policy(),
         "model 'fraud' names no owners (metadata.owners), which the Policy 'governance' requires"),
        (GovernanceBench.model(), GovernanceBench.policy(gates: ["governance", "loadTest"]),
         "model 'fraud' has no gate of type loadTest, which the Policy 'governance' requires"),
        (GovernanceBench.model(columns: "amount: {type: number}, Gender: {type: string}, label: {type: integer}"), GovernanceBench.policy(),
         "model 'fraud' trains on 'Gender' in data set 'train', which the Policy 'governance' forbids"),
    ]

    @Test(arguments: broken)
    func aBrokenRuleFailsTheGate(_ model: String, _ policy: String, _ violation: String) async throws {
        let bench = try GovernanceBench()
        try bench.write("MODEL_CARD.md", ApprovalRepository.card)
        let result = try await bench.evaluate(model: model, policy: policy)
        #expect(result.verdict == .fail)
        #expect(result.violations == [violation])
        #expect(result.reason == violation)
        guard case .object(let evidence) = result.evidence, case .array(let rules)? = evidence["rules"] else {
            Issue.record("no rules in the evidence: \(result.evidence)")
            return
        }
        let failed = rules.filter { if case .object(let rule) = $0 { rule["passed"] == .bool(false) } else { false } }
        #expect(failed.count == 1)
    }

    @Test func ownersAreNotRequiredWhenThePolicySaysSo() async throws {
        let bench = try GovernanceBench()
        try bench.write("MODEL_CARD.md", ApprovalRepository.card)
        let result = try await bench.evaluate(model: GovernanceBench.model(owners: "[]"), policy: GovernanceBench.policy(requireOwners: false))
        #expect(result.verdict == .pass, "\(result.reason)")
    }

    @Test func withoutAPolicyOnlyTheGatesOwnRulesApply() async throws {
        let bench = try GovernanceBench()
        // The Policy's default sections apply to the card.
        try bench.write("MODEL_CARD.md", ApprovalRepository.card)
        let result = try await bench.evaluate(model: GovernanceBench.model(owners: "[]"), policy: nil)
        #expect(result.verdict == .fail)
        #expect(result.violations.contains("model card MODEL_CARD.md has no section 'Training data'"))
        // The gate names a reviewer group that only a Policy could define.
        #expect(result.violations.contains("approvals.from names reviewer group 'risk-reviewers', but the repository has no Policy defining reviewers"))
        #expect(!result.violations.contains { $0.contains("owners") })
    }
}
