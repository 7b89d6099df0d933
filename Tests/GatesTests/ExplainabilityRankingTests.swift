import Manifests
import Pipelines
import Testing
@testable import Gates

/// The pieces of the explainability gate that need no server: shuffles, rankings, limits, explainer output.
@Suite struct ExplainabilityRankingTests {
    @Test func splitMixMatchesTheReferenceStream() {
        // The first outputs of Vigna's splitmix64.c seeded with 1234567.
        var generator = SplitMix64(seed: 1_234_567)
        #expect((0..<5).map { _ in generator.next() }
                == [6457827717110365317, 3203168211198807973, 9817491932198370423, 4593380528125082431, 16408922859458223821])
    }

    @Test(arguments: [1, 2, 10, 1_000]) func shufflesAreOrderingsFixedByTheSeed(count: Int) {
        var a = SplitMix64(seed: 9), b = SplitMix64(seed: 9)
        let order = a.permutation(of: count)
        #expect(order.sorted() == Array(0..<count))
        #expect(order == b.permutation(of: count))
        if count == 1_000 { #expect(order != Array(0..<count)) }
    }

    @Test func boundedDrawsStayInRangeAndReachEveryValue() {
        var generator = SplitMix64(seed: 3)
        var seen = Set<Int>()
        for _ in 0..<2_000 {
            let value = generator.below(7)
            #expect((0..<7).contains(value))
            seen.insert(value)
        }
        #expect(seen.count == 7)
    }

    static func importances(_ pairs: KeyValuePairs<String, Double>) -> [FeatureImportance] {
        pairs.map { FeatureImportance(feature: $0.key, mean: $0.value, spread: nil) }
    }

    @Test func ndcgOfAHandWorkedRanking() throws {
        // Relevance a 3, b 2, c 0; the candidate ranks b, a, c:
        // DCG = 2/log₂2 + 3/log₂3 = 3.892789…, IDCG = 3/log₂2 + 2/log₂3 = 4.261860…
        let stable = Self.importances(["a": 3, "b": 2, "c": -0.5])
        let candidate = Self.importances(["a": 0.2, "b": 0.4, "c": 0.1])
        let ndcg = try #require(RankingAgreement.ndcg(candidate: candidate, stable: stable))
        #expect(abs(ndcg - 0.9134015924715543) < 1e-12)
        #expect(RankingAgreement.ndcg(candidate: Self.importances(["a": 9, "b": 1, "c": 0]), stable: stable) == 1)
    }

    @Test func ndcgIsUndefinedWithoutPositiveStableImportance() {
        #expect(RankingAgreement.ndcg(candidate: Self.importances(["a": 1]), stable: Self.importances(["a": 0, "b": -1])) == nil)
    }

    @Test func tiesRankByName() {
        #expect(FeatureImportance.ranked(Self.importances(["z": 1, "b": 2, "a": 1])).map(\.feature) == ["b", "a", "z"])
    }

    @Test func sharesCountOnlyPositiveImportance() {
        #expect(FeatureImportance.shares(Self.importances(["a": 3, "b": 1, "c": -2])) == ["a": 0.75, "b": 0.25, "c": 0])
        #expect(FeatureImportance.shares(Self.importances(["a": 0, "b": -1])).isEmpty)
    }

    @Test func limitsReportEveryViolationAndNoteAbsentForbiddenFeatures() throws {
        let spec = try EvaluationManifests.explainability("explainer: [x], forbid: [country, zip], maxForbidden: 0.05, maxShare: 0.5, minAgreement: 0.95")
        let candidate = Self.importances(["country": 0.3, "amount": 0.1])
        let findings = ImportanceLimits(spec: spec).check(candidate: candidate, stable: Self.importances(["amount": 0.5, "country": 0.01]))
        #expect(findings.violations.count == 3, "\(findings.violations)")
        #expect(findings.violations[0] == "forbidden feature 'country' has importance 0.3, above maxForbidden 0.05")
        #expect(findings.violations[1] == "feature 'country' carries 0.75 of the total positive importance, above maxShare 0.5")
        #expect(findings.violations[2].hasSuffix("below minAgreement 0.95 (candidate: country, amount; stable: amount, country)"))
        guard case .object(let forbidden)? = findings.evidence["forbidden"], case .string(let note)? = forbidden["zip"] else {
            Issue.record("evidence: \(findings.evidence)")
            return
        }
        #expect(note.contains("not a feature"))
    }

    @Test(arguments: [
        ("{\"a\": 1, \"b\": 0.5}", ["a", "b"]),
        ("warning: slow\n{\"a\": 1}\n", ["a"]),
        ("{\"old\": 1}\nlog line\n{\n  \"new\": 2\n}\n\n", ["new"]),
    ])
    func explainerOutputIsItsLastJSONObject(_ output: String, _ features: [String]) throws {
        #expect(try ExplainerOutput.importances(in: Array(output.utf8)).map(\.feature) == features)
    }

    @Test(arguments: ["", "no json", "{\"a\": 1} trailing", "[1, 2]", "{\"a\": \"x\"}"])
    func explainerOutputWithoutImportancesIsAProblem(_ output: String) {
        #expect(throws: ExplainerOutput.Problem.self) { try ExplainerOutput.importances(in: Array(output.utf8)) }
    }
}
