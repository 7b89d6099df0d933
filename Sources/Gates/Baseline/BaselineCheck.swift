import HTTP
import Journal
import Manifests
import Pipelines

/// The `baseline` gate: scores the holdout set through candidate and stable (same rows, same
/// code), checks the metric against the threshold, and requires the candidate to beat the
/// trivial baseline (majority class or mean) by the margin.
public struct BaselineCheck: Gate {
    public let name: String
    public let spec: BaselineGate
    /// Scores through the serving endpoints.
    public let client: HTTPClient
    /// Infer requests in flight at once, per model.
    public var window = 4
    /// How long one infer request may take.
    public var requestTimeout: Duration = .seconds(60)

    public init(name: String, spec: BaselineGate, client: HTTPClient) {
        self.name = name
        self.spec = spec
        self.client = client
    }

    public func evaluate(_ subject: GateSubject) async -> GateResult {
        let started = ContinuousClock.now
        var result = await judge(subject)
        result.seconds = Figure.seconds(ContinuousClock.now - started)
        return result
    }

    private func judge(_ subject: GateSubject) async -> GateResult {
        let path = subject.folder + "/" + spec.holdout.written
        var evidence: [String: JSONValue] = [
            "metric": .string(spec.metric.rawValue),
            "holdout": .object(["path": .string(spec.holdout.written), "label": .string(spec.label)]),
        ]
        if !spec.metric.isRegression { evidence["positiveLabel"] = .string(spec.positiveLabel) }
        guard let candidateEndpoint = subject.candidateEndpoint else {
            return errorVerdict("the candidate is not running, so the holdout cannot be scored through it", evidence)
        }
        let holdout: Holdout
        let evaluation: HoldoutEvaluation
        let digest: Digest
        do {
            holdout = try Holdout.read(path: path, label: spec.label)
            evaluation = try HoldoutEvaluation(holdout, metric: spec.metric, positiveLabel: spec.positiveLabel)
            digest = try Digest.ofFile(path: path)
        } catch let problem as HoldoutError {
            return errorVerdict("gate '\(name)': \(problem) (the holdout is named at line \(spec.holdout.location.line), column \(spec.holdout.location.column) of the Model manifest)", evidence)
        } catch {
            return errorVerdict("cannot read holdout \(path) to digest it: \(error)", evidence)
        }
        evidence["holdout"] = .object([
            "path": .string(spec.holdout.written), "label": .string(spec.label), "digest": .string(digest.description),
            "rows": .number(Double(holdout.rowCount)), "features": .array(holdout.features.map { .string($0.name) }),
        ])

        let scorer = EndpointScorer(client: client, batchSize: spec.batchSize, window: window, timeout: requestTimeout)
        let candidate: MetricReport
        var stable: MetricReport?
        do {
            // Both models score at once; each sees exactly the same requests.
            async let candidatePredictions = scorer.score(holdout.features, at: candidateEndpoint)
            async let stablePredictions = Self.score(holdout.features, at: subject.stableEndpoint, with: scorer)
            candidate = try evaluation.report(try await candidatePredictions, from: candidateEndpoint)
            if let stableEndpoint = subject.stableEndpoint, let predictions = try await stablePredictions {
                stable = try evaluation.report(predictions, from: stableEndpoint)
            }
        } catch {
            return errorVerdict("\(error)", evidence)
        }
        evidence["rowsScored"] = .number(Double(holdout.rowCount))
        evidence["candidate"] = candidate.json
        if let stable { evidence["stable"] = stable.json }
        let trivial = evaluation.trivial()
        evidence["trivial"] = Self.merge(trivial.report.json, ["model": .string(trivial.model)])

        let metric = spec.metric.rawValue
        guard let value = candidate[spec.metric].number else {
            return errorVerdict("the candidate's \(metric) is undefined: \(Self.reason(candidate[spec.metric]))", evidence)
        }
        var stableValue: Double?
        if let stable {
            guard let number = stable[spec.metric].number else {
                return errorVerdict("stable's \(metric) is undefined: \(Self.reason(stable[spec.metric]))", evidence)
            }
            stableValue = number
        }
        let threshold = spec.threshold.check(metric, value: value, stable: stableValue)
        evidence["threshold"] = threshold.evidence
        var violations = threshold.violations
        evidence["trivialMargin"] = Figure.json(spec.trivialMargin)
        if let trivialValue = trivial.report[spec.metric].number {
            let gain = spec.metric.higherIsBetter ? value - trivialValue : trivialValue - value
            evidence["gainOverTrivial"] = Figure.json(gain)
            if !(gain > spec.trivialMargin) {
                violations.append("\(metric) \(Figure.text(value)) does not beat the trivial baseline (\(trivial.model): \(metric) "
                                  + "\(Figure.text(trivialValue))) by more than trivialMargin \(Figure.text(spec.trivialMargin)); "
                                  + "it is \(gain >= 0 ? "better" : "worse") by \(Figure.text(abs(gain)))")
            }
        } else {
            evidence["gainOverTrivial"] = .string("not compared: the trivial baseline's \(metric) is undefined")
        }
        evidence["violations"] = .array(violations.map(JSONValue.string))
        let summary = "\(metric) \(Figure.text(value))" + (stableValue.map { " (stable \(Figure.text($0)))" } ?? " (no stable)")
        guard violations.isEmpty else {
            return GateResult(gate: name, kind: GateSpec.Kind.baseline.rawValue, verdict: .fail,
                              reason: "\(summary): " + violations.joined(separator: "; "), evidence: .object(evidence), violations: violations)
        }
        return GateResult(gate: name, kind: GateSpec.Kind.baseline.rawValue, verdict: .pass,
                          reason: "\(summary) meets every limit and beats the trivial baseline", evidence: .object(evidence))
    }

    /// The predictions of the model at `endpoint`, nil when there is none.
    private static func score(_ features: [FeatureColumn], at endpoint: InferenceEndpoint?,
                              with scorer: EndpointScorer) async throws(ScoringError) -> Predictions? {
        guard let endpoint else { return nil }
        return try await scorer.score(features, at: endpoint)
    }

    private func errorVerdict(_ reason: String, _ evidence: [String: JSONValue]) -> GateResult {
        GateResult(gate: name, kind: GateSpec.Kind.baseline.rawValue, verdict: .error, reason: reason, evidence: .object(evidence))
    }

    private static func reason(_ value: MetricValue) -> String {
        if case .undefined(let why) = value { return why }
        return "no value"
    }

    private static func merge(_ value: JSONValue, _ extra: [String: JSONValue]) -> JSONValue {
        guard case .object(let fields) = value else { return value }
        return .object(fields.merging(extra) { _, new in new })
    }
}
