import Foundation
import Manifests
import Pipelines
import Testing
import TestSupport
@testable import Gates

/// The loadTest gate end to end: a manifest's gate, a request file in the model's folder, a real server.
@Suite(.serialized) struct LoadTestCheckTests {
    /// The gate decoded from a model manifest whose loadTest gate has `fields`.
    static func gate(_ fields: String) throws -> LoadTestCheck {
        let text = """
            apiVersion: slipway.dev/v1
            kind: Model
            metadata: {name: m}
            spec:
              train: {command: [python3, train.py]}
              serve: {command: [python3, serve.py, "${port}"]}
              gates:
                - {name: load, type: loadTest, \(fields)}

            """
        let catalog = Catalog.load([SourceFile(path: "models/m/model.yaml", text: text)], complete: false)
        let spec = try #require(catalog.models.first?.gates.first, "\(catalog.diagnostics)")
        guard case .loadTest(let load) = spec.check else { throw GateFixtureError() }
        return LoadTestCheck(name: spec.name, spec: load)
    }

    struct GateFixtureError: Error {}

    /// A subject whose exported folder holds `requests/one.json`, served on `port`.
    static func subject(_ folder: TemporaryDirectory, port: Int?) throws -> GateSubject {
        try folder.write("requests/one.json", #"{"inputs":[{"name":"x","shape":[1],"datatype":"FP32","data":[1]}]}"#)
        return GateSubject(model: "m", candidate: Candidate(runKey: "sha256:1", artifact: "sha256:2"), folder: folder.path,
                           candidateEndpoint: port.map { InferenceEndpoint(port: $0, model: "m") })
    }

    @Test func aHealthyServerPassesWithItsFiguresAsEvidence() async throws {
        let server = try LoadTestServer(.status(200))
        let folder = try TemporaryDirectory()
        let gate = try Self.gate("request: requests/one.json, rate: 100, duration: 1s, warmup: 200ms, slo: {p99: 5s, errorRate: 0.01, minAchievedRate: 0.5}")
        let result = await gate.evaluate(try Self.subject(folder, port: server.port))
        #expect(result.verdict == .pass, "\(result.reason) \(result.violations)")
        #expect(result.kind == "loadTest")
        #expect(result.violations.isEmpty)
        guard case .object(let evidence) = result.evidence else { Issue.record("evidence is not an object"); return }
        #expect(evidence["scheduled"] == .number(100))
        #expect(evidence["targetRate"] == .number(100))
        #expect(evidence["slo"] == .object(["p99Ms": .number(5_000), "errorRate": .number(0.01), "minAchievedRate": .number(0.5)]))
        // 20 warm-up requests, then the 100 measured.
        #expect(server.requestCount == 120)
    }

    @Test func everyBrokenLimitIsReported() async throws {
        // Every answer is a 500 after 50 ms: five limits broken, the p99.9 limit of 10 s kept.
        let server = try LoadTestServer(.delay(.milliseconds(50), status: 500))
        let folder = try TemporaryDirectory()
        let gate = try Self.gate("request: requests/one.json, rate: 100, duration: 500ms, warmup: 0s, slo: {p50: 10ms, p99: 10ms, p999: 10s, max: 20ms, errorRate: 0.01}")
        let result = await gate.evaluate(try Self.subject(folder, port: server.port))
        #expect(result.verdict == .fail)
        #expect(result.violations.count == 5, "\(result.violations)")
        #expect(result.violations[0].hasPrefix("p50 latency "))
        #expect(result.violations[0].hasSuffix(" is above the limit of 10ms"))
        #expect(result.violations[1].hasPrefix("p99 latency "))
        #expect(result.violations[2].hasPrefix("max latency "))
        #expect(result.violations[2].hasSuffix(" is above the limit of 20ms"))
        #expect(result.violations[3] == "error rate 100% (50 of 50) is above the limit of 1%")
        #expect(result.violations[4] == "achieved 0.0 req/s, below 99% of the target 100.0 req/s")
        #expect(result.reason == result.violations[0] + " (and 4 more)")
    }

    @Test func aServerTakingFiftyMillisecondsFailsAP99OfTen() async throws {
        let server = try LoadTestServer(.delay(.milliseconds(50), status: 200))
        let folder = try TemporaryDirectory()
        let gate = try Self.gate("request: requests/one.json, rate: 100, duration: 1s, warmup: 0s, slo: {p50: 1s, p99: 10ms, minAchievedRate: 0.5}")
        let result = await gate.evaluate(try Self.subject(folder, port: server.port))
        #expect(result.verdict == .fail)
        #expect(result.violations.count == 1, "\(result.violations)")
        #expect(result.violations.first?.hasPrefix("p99 latency ") == true)
        #expect(result.violations.first?.hasSuffix(" is above the limit of 10ms") == true)
        #expect(result.reason == result.violations.first)
    }

    @Test func aMissingRequestFileIsAnError() async throws {
        let folder = try TemporaryDirectory()
        let gate = try Self.gate("request: requests/absent.json, rate: 10, duration: 1s, slo: {p99: 1s}")
        let result = await gate.evaluate(try Self.subject(folder, port: 1))
        #expect(result.verdict == .error)
        #expect(result.reason.contains("'requests/absent.json'"))
        #expect(result.reason.contains("gate 'load'"))
    }

    @Test func aCandidateNothingListensForIsAnError() async throws {
        let folder = try TemporaryDirectory()
        let gate = try Self.gate("request: requests/one.json, rate: 50, duration: 200ms, warmup: 0s, slo: {p99: 1s}")
        let result = await gate.evaluate(try Self.subject(folder, port: try LoadTestServer.closedPort()))
        #expect(result.verdict == .error)
        #expect(result.reason.contains("refused 10"), "\(result.reason)")
        let none = await gate.evaluate(try Self.subject(folder, port: nil))
        #expect(none.verdict == .error)
    }
}
