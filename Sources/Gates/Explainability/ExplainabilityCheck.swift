import Foundation
import HTTP
import Journal
import Manifests
import Pipelines

/// The `explainability` gate: feature importances of the candidate (by permutation through its
/// endpoint, or from an explainer command), checked for forbidden features, for one feature
/// carrying too much of the total, and for a ranking that moved too far from stable's.
public struct ExplainabilityCheck: Gate {
    public let name: String
    public let spec: ExplainabilityGate
    /// Scores through the serving endpoints.
    public let client: HTTPClient
    /// How long the explainer command may run.
    public var timeout: Duration
    /// Runs the explainer command.
    public var executor: any Executor
    /// The values of the `${…}` placeholders in the explainer command (`artifact`, `output`,
    /// `data.NAME`, `params.NAME`), which the caller knows and the gate does not.
    public var placeholders: [String: String] = [:]
    /// Rows per infer request.
    public var batchSize = 1_000
    /// Infer requests in flight at once, per model.
    public var window = 4
    /// How long one infer request may take.
    public var requestTimeout: Duration = .seconds(60)

    public init(name: String, spec: ExplainabilityGate, client: HTTPClient, timeout: Duration = .seconds(600),
                executor: any Executor = LocalExecutor()) {
        self.name = name
        self.spec = spec
        self.client = client
        self.timeout = timeout
        self.executor = executor
    }

    public func evaluate(_ subject: GateSubject) async -> GateResult {
        let started = ContinuousClock.now
        var result: GateResult
        if let explainer = spec.explainer {
            result = await explain(subject, command: explainer)
        } else {
            result = await permute(subject)
        }
        result.seconds = Figure.seconds(ContinuousClock.now - started)
        return result
    }

    private func permute(_ subject: GateSubject) async -> GateResult {
        var evidence: [String: JSONValue] = [
            "method": .string("permutation"), "metric": .string(spec.metric.rawValue),
            "repeats": .number(Double(spec.repeats)), "seed": .number(Double(spec.seed)),
        ]
        guard let holdoutPath = spec.holdout, let label = spec.label else {
            return errorVerdict("the gate names neither an explainer command nor a holdout set and label", evidence)
        }
        guard let candidateEndpoint = subject.candidateEndpoint else {
            return errorVerdict("the candidate is not running, so its importances cannot be measured through it", evidence)
        }
        let path = subject.folder + "/" + holdoutPath.written
        let permutation: PermutationImportance
        do {
            let holdout = try Holdout.read(path: path, label: label)
            let evaluation = try HoldoutEvaluation(holdout, metric: spec.metric, positiveLabel: "1")
            evidence["holdout"] = .object([
                "path": .string(holdoutPath.written), "label": .string(label), "rows": .number(Double(holdout.rowCount)),
                "digest": .string(try Digest.ofFile(path: path).description),
            ])
            let scorer = EndpointScorer(client: client, batchSize: batchSize, window: window, timeout: requestTimeout)
            permutation = PermutationImportance(holdout: holdout, evaluation: evaluation, metric: spec.metric,
                                                repeats: spec.repeats, seed: spec.seed, scorer: scorer)
        } catch let problem as HoldoutError {
            return errorVerdict("gate '\(name)': \(problem) (the holdout is named at line \(holdoutPath.location.line), column \(holdoutPath.location.column) of the Model manifest)", evidence)
        } catch {
            return errorVerdict("cannot read holdout \(path) to digest it: \(error)", evidence)
        }
        let candidate: (metric: Double, importances: [FeatureImportance])
        let stable: (metric: Double, importances: [FeatureImportance])?
        do {
            // Both models see the same shuffles, measured at once.
            async let candidateMeasure = permutation.measure(at: candidateEndpoint)
            async let stableMeasure = Self.measure(permutation, at: subject.stableEndpoint)
            candidate = try await candidateMeasure
            stable = try await stableMeasure
        } catch {
            return errorVerdict("\(error)", evidence)
        }
        return verdict(candidate: candidate.importances, candidateMetric: candidate.metric,
                       stable: stable?.importances, stableMetric: stable?.metric, evidence: evidence)
    }

    private func explain(_ subject: GateSubject, command: [String]) async -> GateResult {
        var evidence: [String: JSONValue] = ["method": .string("explainer"), "command": .array(command.map(JSONValue.string))]
        let logFolder = NSTemporaryDirectory() + "slipway-explainer-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: logFolder) }
        let arguments: [String]
        do {
            arguments = try Placeholders.resolve(command, with: placeholders)
        } catch {
            return errorVerdict("gate '\(name)': the explainer command cannot be run: \(error)", evidence)
        }
        let output: [UInt8]
        do {
            try FileManager.default.createDirectory(atPath: logFolder, withIntermediateDirectories: true)
            let job = Job(arguments: arguments, workingDirectory: subject.folder, timeout: timeout, logPath: logFolder + "/explainer.log")
            let outcome = try await executor.run(job, log: nil)
            output = Array(try Data(contentsOf: URL(fileURLWithPath: job.logPath)))
            evidence["exit"] = .string(outcome.summary)
            guard outcome.succeeded else {
                evidence["outputTail"] = .string(String(decoding: output.suffix(2_000), as: UTF8.self))
                return errorVerdict("the explainer command \(command.joined(separator: " ")) \(outcome.summary)", evidence)
            }
        } catch {
            return errorVerdict("cannot run the explainer command \(command.joined(separator: " ")): \(error)", evidence)
        }
        do {
            let importances = try ExplainerOutput.importances(in: output)
            return verdict(candidate: importances, candidateMetric: nil, stable: nil, stableMetric: nil, evidence: evidence)
        } catch {
            evidence["outputTail"] = .string(String(decoding: output.suffix(2_000), as: UTF8.self))
            return errorVerdict("the explainer command \(command.joined(separator: " ")) printed no importances: \(error.message)", evidence)
        }
    }

    private func verdict(candidate: [FeatureImportance], candidateMetric: Double?, stable: [FeatureImportance]?, stableMetric: Double?,
                         evidence: [String: JSONValue]) -> GateResult {
        var evidence = evidence
        let findings = ImportanceLimits(spec: spec).check(candidate: candidate, stable: stable)
        evidence.merge(findings.evidence) { _, new in new }
        evidence["candidate"] = Self.json(candidate, metric: candidateMetric)
        if let stable { evidence["stable"] = Self.json(stable, metric: stableMetric) }
        evidence["violations"] = .array(findings.violations.map(JSONValue.string))
        let top = FeatureImportance.ranked(candidate).prefix(3).map { "\($0.feature) \(Figure.text($0.mean))" }.joined(separator: ", ")
        guard findings.violations.isEmpty else {
            return GateResult(gate: name, kind: GateSpec.Kind.explainability.rawValue, verdict: .fail,
                              reason: findings.violations.joined(separator: "; "), evidence: .object(evidence), violations: findings.violations)
        }
        return GateResult(gate: name, kind: GateSpec.Kind.explainability.rawValue, verdict: .pass,
                          reason: "importances within every limit (most important: \(top))", evidence: .object(evidence))
    }

    private static func json(_ importances: [FeatureImportance], metric: Double?) -> JSONValue {
        var fields: [String: JSONValue] = ["importances": FeatureImportance.json(importances, shares: FeatureImportance.shares(importances))]
        if let metric { fields["metric"] = Figure.json(metric) }
        return .object(fields)
    }

    /// The importances of the model at `endpoint`, nil when there is none.
    private static func measure(_ permutation: PermutationImportance, at endpoint: InferenceEndpoint?)
        async throws(ScoringError) -> (metric: Double, importances: [FeatureImportance])? {
        guard let endpoint else { return nil }
        return try await permutation.measure(at: endpoint)
    }

    private func errorVerdict(_ reason: String, _ evidence: [String: JSONValue]) -> GateResult {
        GateResult(gate: name, kind: GateSpec.Kind.explainability.rawValue, verdict: .error, reason: reason, evidence: .object(evidence))
    }
}
