import Foundation
import Manifests
import Pipelines
import Testing
@testable import Gates

/// The explainability gate against real model servers and explainer commands.
@Suite(.serialized) final class ExplainabilityCheckTests {
    let servers: EvaluationServers
    let candidate = Candidate(runKey: "sha256:" + String(repeating: "1", count: 64), artifact: "sha256:" + String(repeating: "2", count: 64))

    init() throws {
        servers = try EvaluationServers()
        try servers.folder.write("model/data/holdout.csv", EvaluationModelServer.csv(EvaluationModelServer.rows(600)))
    }

    func subject(_ candidateEndpoint: InferenceEndpoint?, stable: InferenceEndpoint? = nil) -> GateSubject {
        GateSubject(model: "m", candidate: candidate, stable: stable == nil ? nil : candidate, folder: servers.folder.path + "/model",
                    candidateEndpoint: candidateEndpoint, stableEndpoint: stable)
    }

    func check(_ fields: String, timeout: Duration = .seconds(60)) throws -> ExplainabilityCheck {
        ExplainabilityCheck(name: "explain", spec: try EvaluationManifests.explainability(fields), client: servers.client, timeout: timeout)
    }

    static let permutation = "holdout: data/holdout.csv, label: label, forbid: [country], repeats: 3, seed: 7"

    static func field(_ value: JSONValue?, _ path: String...) -> JSONValue? {
        path.reduce(value) { value, key in
            guard case .object(let fields)? = value else { return nil }
            return fields[key]
        }
    }

    static func number(_ value: JSONValue?) -> Double? {
        if case .number(let number)? = value { return number }
        return nil
    }

    @Test func aModelLeaningOnAForbiddenFeatureFails() async throws {
        let leaky = try await servers.start("leaky")
        let result = try await check(Self.permutation).evaluate(subject(leaky))
        await servers.stop()
        #expect(result.verdict == .fail, "\(result.reason)")
        #expect(result.violations.count == 1)
        let importance = try #require(Self.number(Self.field(result.evidence, "candidate", "importances", "country", "mean")))
        #expect(importance > 0.1)
        #expect(Self.number(Self.field(result.evidence, "candidate", "importances", "country", "std")) != nil)
        #expect(result.violations.first?.hasPrefix("forbidden feature 'country' has importance \(Figure.text(importance)) (± ") == true)
        #expect(result.violations.first?.hasSuffix("over 3 shuffles), above maxForbidden 0.01") == true)
        // The model ignores x1 and x2: shuffling them changes nothing.
        #expect(Self.field(result.evidence, "candidate", "importances", "x1", "mean") == .number(0))
        #expect(Self.field(result.evidence, "candidate", "importances", "country", "share") == .number(1))
    }

    @Test func aGoodModelPassesAndAgreesWithItself() async throws {
        let good = try await servers.start("good")
        let stable = try await servers.start("worse")
        let result = try await check(Self.permutation + ", maxShare: 0.95, minAgreement: 0.9").evaluate(subject(good, stable: stable))
        await servers.stop()
        #expect(result.verdict == .pass, "\(result.reason)")
        #expect(Self.field(result.evidence, "candidate", "importances", "country", "mean") == .number(0))
        let x1 = try #require(Self.number(Self.field(result.evidence, "candidate", "importances", "x1", "mean")))
        let x2 = try #require(Self.number(Self.field(result.evidence, "candidate", "importances", "x2", "mean")))
        #expect(x1 > x2 && x2 > 0)
        // Stable looks at x1 alone, so it ranks the features in the same order: full agreement.
        #expect(Self.field(result.evidence, "agreement") == .number(1))
        #expect(Self.field(result.evidence, "stable", "importances", "x2", "mean") == .number(0))
        #expect(Self.number(Self.field(result.evidence, "stable", "metric")) != nil)
        #expect(Self.field(result.evidence, "holdout", "rows") == .number(600))
    }

    @Test func everyViolationIsReported() async throws {
        let leaky = try await servers.start("leaky")
        let good = try await servers.start("good")
        let result = try await check(Self.permutation + ", maxShare: 0.9, minAgreement: 0.9").evaluate(subject(leaky, stable: good))
        await servers.stop()
        #expect(result.verdict == .fail)
        #expect(result.violations.count == 3, "\(result.violations)")
        #expect(result.violations.contains { $0.hasPrefix("forbidden feature 'country'") })
        #expect(result.violations.contains { $0 == "feature 'country' carries 1 of the total positive importance, above maxShare 0.9" })
        #expect(result.violations.contains { $0.contains("agrees with stable's to nDCG") && $0.contains("(candidate: country, x1, x2; stable: x1, x2, country)") })
    }

    @Test func theSameSeedGivesTheSameImportances() async throws {
        let good = try await servers.start("good")
        let first = try await check(Self.permutation).evaluate(subject(good))
        let second = try await check(Self.permutation).evaluate(subject(good))
        let other = try await check(Self.permutation.replacingOccurrences(of: "seed: 7", with: "seed: 8")).evaluate(subject(good))
        await servers.stop()
        #expect(Self.field(first.evidence, "candidate") == Self.field(second.evidence, "candidate"))
        #expect(Self.field(first.evidence, "candidate") != Self.field(other.evidence, "candidate"))
    }

    @Test func unreachableServerIsAnError() async throws {
        let endpoint = try EvaluationServers.unreachable()
        let result = try await check(Self.permutation).evaluate(subject(endpoint))
        #expect(result.verdict == .error)
        #expect(result.reason.contains("refused the connection"), "\(result.reason)")
    }

    @Test func explainerImportancesAreReadFromItsOutput() async throws {
        let script = #"import json, sys; print("warming up", file=sys.stderr); print(json.dumps({"amount": 0.5, "country": 0.2, "age": 0.3}, indent=2))"#
        let result = try await check(#"explainer: [python3, -c, '\#(script)'], forbid: [country], maxShare: 0.6"#).evaluate(subject(nil))
        #expect(result.verdict == .fail, "\(result.reason)")
        #expect(result.violations == ["forbidden feature 'country' has importance 0.2, above maxForbidden 0.01"])
        #expect(Self.field(result.evidence, "candidate", "importances", "amount", "share") == .number(0.5))
        #expect(Self.field(result.evidence, "method") == .string("explainer"))
        #expect(Self.field(result.evidence, "agreement").map { "\($0)".contains("not checked") } == true)
    }

    @Test func explainerPlaceholdersAreFilled() async throws {
        var gate = try check(#"explainer: [python3, -c, 'import sys; print("{\"" + sys.argv[1] + "\": 0.5}")', "${artifact}"]"#)
        gate.placeholders = ["artifact": "amount"]
        let result = await gate.evaluate(subject(nil))
        #expect(result.verdict == .pass, "\(result.reason)")
        #expect(Self.field(result.evidence, "candidate", "importances", "amount", "mean") == .number(0.5))
    }

    @Test(arguments: [
        (#"[python3, -c, 'import sys; print("boom"); sys.exit(3)']"#, "exited 3"),
        (#"[python3, explain.py, "${artifact}"]"#, "uses ${artifact}, which this run does not provide"),
        (#"[python3, -c, 'print("no json here")']"#, "printed no JSON object"),
        (#"[python3, -c, 'print("{\"a\": \"high\"}")']"#, "the importance of 'a' is not a number"),
        (#"[no-such-explainer]"#, "cannot run the explainer command"),
        (#"[sleep, "30"]"#, "timeout"),
    ])
    func explainerTroubleIsAnError(_ command: String, _ phrase: String) async throws {
        let result = try await check("explainer: \(command)", timeout: .seconds(1)).evaluate(subject(nil))
        #expect(result.verdict == .error)
        #expect(result.reason.contains(phrase), "\(result.reason)")
    }
}
