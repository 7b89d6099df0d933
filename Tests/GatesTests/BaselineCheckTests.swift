import Foundation
import Journal
import Manifests
import Pipelines
import Testing
@testable import Gates

/// The baseline gate against real model servers.
@Suite(.serialized) final class BaselineCheckTests {
    let servers: EvaluationServers
    let candidate = Candidate(runKey: "sha256:" + String(repeating: "1", count: 64), artifact: "sha256:" + String(repeating: "2", count: 64))

    init() throws {
        servers = try EvaluationServers()
        try servers.folder.write("model/data/holdout.csv", EvaluationModelServer.csv(EvaluationModelServer.rows(1_200)))
    }

    func subject(_ candidateEndpoint: InferenceEndpoint?, stable: InferenceEndpoint? = nil) -> GateSubject {
        GateSubject(model: "m", candidate: candidate, stable: stable == nil ? nil : candidate, folder: servers.folder.path + "/model",
                    candidateEndpoint: candidateEndpoint, stableEndpoint: stable)
    }

    func check(_ fields: String) throws -> BaselineCheck {
        BaselineCheck(name: "beats-stable", spec: try EvaluationManifests.baseline(fields), client: servers.client)
    }

    static func object(_ value: JSONValue?, _ path: String...) -> JSONValue? {
        path.reduce(value) { value, key in
            guard case .object(let fields)? = value else { return nil }
            return fields[key]
        }
    }

    static func number(_ value: JSONValue?) -> Double? {
        if case .number(let number)? = value { return number }
        return nil
    }

    @Test func candidateWorseThanStableFailsWithBothMetrics() async throws {
        let worse = try await servers.start("worse")
        let good = try await servers.start("good")
        let gate = try check("holdout: data/holdout.csv, label: label, metric: accuracy, minChange: 0, batchSize: 250")
        let result = await gate.evaluate(subject(worse, stable: good))
        await servers.stop()
        #expect(result.verdict == .fail, "\(result.reason)")
        #expect(result.kind == "baseline")
        #expect(result.violations.count == 1)
        #expect(result.violations.first?.contains("is below minChange 0; the candidate may not be worse than stable") == true)
        let candidateAccuracy = try #require(Self.number(Self.object(result.evidence, "candidate", "metrics", "accuracy")))
        let stableAccuracy = try #require(Self.number(Self.object(result.evidence, "stable", "metrics", "accuracy")))
        #expect(candidateAccuracy < stableAccuracy)
        #expect(result.reason.hasPrefix("accuracy \(Figure.text(candidateAccuracy)) (stable \(Figure.text(stableAccuracy))):"))
        for metric in ["precision", "recall", "f1", "auc", "logLoss"] {
            #expect(Self.number(Self.object(result.evidence, "candidate", "metrics", metric)) != nil, "candidate \(metric)")
            #expect(Self.number(Self.object(result.evidence, "stable", "metrics", metric)) != nil, "stable \(metric)")
        }
        #expect(Self.object(result.evidence, "stable", "confusionMatrix", "counts") != nil)
        #expect(Self.number(Self.object(result.evidence, "threshold", "change")) == candidateAccuracy - stableAccuracy)
    }

    @Test func goodCandidatePassesWithTheWholeEvidence() async throws {
        let good = try await servers.start("good")
        let worse = try await servers.start("worse")
        let gate = try check("holdout: data/holdout.csv, label: label, metric: auc, min: 0.8, minChange: 0, trivialMargin: 0.1")
        let result = await gate.evaluate(subject(good, stable: worse))
        await servers.stop()
        #expect(result.verdict == .pass, "\(result.reason)")
        #expect(result.violations.isEmpty)
        #expect(result.seconds > 0)
        let path = servers.folder.path + "/model/data/holdout.csv"
        #expect(Self.object(result.evidence, "holdout", "digest") == .string(try Digest.ofFile(path: path).description))
        #expect(Self.object(result.evidence, "rowsScored") == .number(1_200))
        #expect(Self.object(result.evidence, "holdout", "features") == .array([.string("x1"), .string("country"), .string("x2")]))
        #expect(Self.object(result.evidence, "trivial", "metrics", "auc") == .number(0.5))
        #expect(Self.object(result.evidence, "trivial", "model").map { "\($0)".contains("majority class") } == true)
        guard case .array(let counts)? = Self.object(result.evidence, "candidate", "confusionMatrix", "counts") else {
            Issue.record("no confusion matrix in \(result.evidence)")
            return
        }
        let total = counts.reduce(0.0) { sum, row in
            guard case .array(let cells) = row else { return sum }
            return sum + cells.reduce(0.0) { $0 + (Self.number($1) ?? 0) }
        }
        #expect(total == 1_200)
    }

    @Test func firstRunPassesAndSaysTheChangeLimitsWereSkipped() async throws {
        let good = try await servers.start("good")
        let result = try await check("holdout: data/holdout.csv, label: label, metric: f1, minChange: 0").evaluate(subject(good))
        await servers.stop()
        #expect(result.verdict == .pass, "\(result.reason)")
        #expect(result.reason.contains("(no stable)"))
        #expect(Self.object(result.evidence, "threshold", "changeLimits") == .string("skipped"))
        #expect(Self.object(result.evidence, "stable") == nil)
    }

    @Test func aModelNoBetterThanTheTrivialBaselineFails() async throws {
        let constant = try await servers.start("constant")
        let result = try await check("holdout: data/holdout.csv, label: label, metric: auc").evaluate(subject(constant))
        await servers.stop()
        #expect(result.verdict == .fail)
        #expect(result.violations == ["auc 0.5 does not beat the trivial baseline (the majority class '\(TrivialBaseline.majorityClass(actual: EvaluationModelServer.rows(1_200).map { String($0.label) }).label)' with the holdout's class frequencies as probabilities: auc 0.5) by more than trivialMargin 0; it is better by 0"])
    }

    @Test func regressionIsJudgedByItsErrors() async throws {
        try servers.folder.write("model/data/regression.csv", EvaluationModelServer.regressionCSV(EvaluationModelServer.rows(500)))
        let regress = try await servers.start("regress")
        let result = try await check("holdout: data/regression.csv, label: y, metric: rmse, max: 0.02, trivialMargin: 0.3").evaluate(subject(regress))
        await servers.stop()
        #expect(result.verdict == .pass, "\(result.reason)")
        let rmse = try #require(Self.number(Self.object(result.evidence, "candidate", "metrics", "rmse")))
        #expect(abs(rmse - 0.01) < 1e-9)
        #expect(Self.number(Self.object(result.evidence, "candidate", "metrics", "r2")) != nil)
        #expect(Self.object(result.evidence, "candidate", "confusionMatrix") == nil)
        #expect(Self.object(result.evidence, "positiveLabel") == nil)
        #expect(Self.object(result.evidence, "trivial", "model").map { "\($0)".contains("mean label") } == true)
    }

    @Test func aClassifierJudgedByARegressionMetricIsAnError() async throws {
        let good = try await servers.start("good")
        let result = try await check("holdout: data/holdout.csv, label: country, metric: mae").evaluate(subject(good))
        await servers.stop()
        #expect(result.verdict == .error)
        #expect(result.reason.contains("label 'south' in column 'country' is not a number") || result.reason.contains("label 'north' in column 'country' is not a number"))
    }

    @Test func oneClassHoldoutMakesAUCUndefinedAndTheVerdictAnError() async throws {
        let rows = EvaluationModelServer.rows(100).filter { $0.label == 1 }
        try servers.folder.write("model/data/ones.csv", EvaluationModelServer.csv(rows))
        let good = try await servers.start("good")
        let result = try await check("holdout: data/ones.csv, label: label, metric: auc").evaluate(subject(good))
        await servers.stop()
        #expect(result.verdict == .error)
        #expect(result.reason == "the candidate's auc is undefined: AUC needs rows of both classes; every holdout row is labelled '1'")
        #expect(Self.number(Self.object(result.evidence, "candidate", "metrics", "accuracy")) != nil)
    }

    @Test func unreachableServerIsAnError() async throws {
        let endpoint = try EvaluationServers.unreachable()
        let result = try await check("holdout: data/holdout.csv, label: label, metric: accuracy").evaluate(subject(endpoint))
        #expect(result.verdict == .error)
        #expect(result.reason.contains("127.0.0.1:\(endpoint.port) refused the connection"), "\(result.reason)")
        #expect(result.reason.contains("model m at http://127.0.0.1:\(endpoint.port)/v2/models/m/infer, holdout rows"))
    }

    @Test(arguments: [
        ("holdout: data/missing.csv, label: label, metric: accuracy", "cannot open the file"),
        ("holdout: data/holdout.csv, label: target, metric: accuracy", "has no label column 'target' (its columns: x1, country, label, x2)"),
    ])
    func unusableHoldoutIsAnErrorThatSaysWhere(_ fields: String, _ phrase: String) async throws {
        let result = try await check(fields).evaluate(subject(InferenceEndpoint(port: 1, model: "m")))
        #expect(result.verdict == .error)
        #expect(result.reason.contains(phrase), "\(result.reason)")
        #expect(result.reason.hasPrefix("gate 'beats-stable': holdout "), "\(result.reason)")
        #expect(result.reason.contains("(the holdout is named at line 7, column "), "\(result.reason)")
    }

    @Test func noCandidateServerIsAnError() async throws {
        let result = try await check("holdout: data/holdout.csv, label: label, metric: accuracy").evaluate(subject(nil))
        #expect(result.verdict == .error)
        #expect(result.reason.contains("not running"))
    }
}
