import Foundation
import Testing
@testable import Serving

@Suite struct MetricsTests {
    @Test func countersFollowRequestsAndDeltaSubtractsTwoSnapshots() {
        let metrics = VersionMetrics(id: VersionID(model: "m", version: "a1"))
        metrics.begin()
        metrics.end(seconds: 0.003, status: 200, error: nil)
        let earlier = metrics.snapshot()
        metrics.begin()
        metrics.end(seconds: 0.2, status: 500, error: .serverError)
        metrics.begin()
        metrics.end(seconds: nil, status: nil, error: .refused)
        metrics.begin()
        metrics.begin()
        metrics.end(seconds: 0.004, status: 200, error: nil, nullOutputs: true)
        let window = metrics.snapshot().delta(since: earlier)
        #expect(window.requests == 4)
        #expect(window.errors == [.serverError: 1, .refused: 1])
        #expect(window.inFlight == 1)
        #expect(window.latencyObservations == 2)
        #expect(abs(window.latencySum - 0.204) < 1e-9)
        #expect(window.okResponses == 1)
        #expect(window.nullOutputs == 1)
        #expect(window.nullOutputFraction == 1)
        #expect(window.errorRate == 0.5)
    }

    @Test func aClientsBadRequestIsCountedButNotHeldAgainstTheVersion() {
        let metrics = VersionMetrics(id: VersionID(model: "m", version: "a1"))
        for (status, error) in [(200, nil), (400, ErrorClass.clientError), (422, .clientError), (503, .serverError)] as [(Int, ErrorClass?)] {
            metrics.begin()
            metrics.end(seconds: 0.001, status: status, error: error)
        }
        let snapshot = metrics.snapshot()
        #expect(snapshot.errors == [.clientError: 2, .serverError: 1])
        #expect(snapshot.errorCount == 1)
        #expect(snapshot.errorRate == 0.25)
    }

    @Test(arguments: [(0.0005, 0), (0.001, 0), (0.0011, 1), (0.3, 8), (10.0, 12), (11.0, 13)])
    func observationsLandInTheFirstBucketThatHoldsThem(seconds: Double, bucket: Int) {
        #expect(LatencyBuckets.index(of: seconds) == bucket)
    }

    @Test func quantilesInterpolateInsideTheirBucket() throws {
        var counts = Array(repeating: 0, count: LatencyBuckets.bounds.count + 1)
        counts[3] = 50  // 5–10 ms
        counts[6] = 50  // 50–100 ms
        #expect(try abs(#require(LatencyBuckets.quantile(0.5, counts: counts)) - 0.01) < 1e-9)
        #expect(try abs(#require(LatencyBuckets.quantile(0.99, counts: counts)) - 0.099) < 1e-9)
        #expect(LatencyBuckets.quantile(0.5, counts: Array(repeating: 0, count: counts.count)) == nil)
        counts[13] = 1000
        #expect(LatencyBuckets.quantile(0.99, counts: counts) == 10)
    }

    @Test func expositionOfAKnownCaseHasExactLines() {
        var snapshot = VersionMetricsSnapshot.zero
        snapshot.requests = 3
        snapshot.errors = [.timeout: 1]
        snapshot.inFlight = 2
        snapshot.latencyCounts[0] = 1
        snapshot.latencyCounts[4] = 1
        snapshot.latencyCounts[13] = 1
        snapshot.latencySum = 12.5
        snapshot.nullOutputs = 1
        let text = PrometheusExposition.render([VersionID(model: "m", version: "a1"): snapshot])
        let lines = text.split(separator: "\n").map(String.init)
        for expected in [
            "# HELP slipway_requests_total Requests proxied to a model version.",
            "# TYPE slipway_requests_total counter",
            #"slipway_requests_total{model="m",version="a1"} 3"#,
            #"slipway_request_errors_total{model="m",version="a1",class="timeout"} 1"#,
            #"slipway_request_errors_total{model="m",version="a1",class="5xx"} 0"#,
            "# TYPE slipway_requests_in_flight gauge",
            #"slipway_requests_in_flight{model="m",version="a1"} 2"#,
            #"slipway_null_outputs_total{model="m",version="a1"} 1"#,
            "# TYPE slipway_request_duration_seconds histogram",
            #"slipway_request_duration_seconds_bucket{model="m",version="a1",le="0.001"} 1"#,
            #"slipway_request_duration_seconds_bucket{model="m",version="a1",le="0.01"} 1"#,
            #"slipway_request_duration_seconds_bucket{model="m",version="a1",le="0.025"} 2"#,
            #"slipway_request_duration_seconds_bucket{model="m",version="a1",le="10"} 2"#,
            #"slipway_request_duration_seconds_bucket{model="m",version="a1",le="+Inf"} 3"#,
            #"slipway_request_duration_seconds_sum{model="m",version="a1"} 12.5"#,
            #"slipway_request_duration_seconds_count{model="m",version="a1"} 3"#,
        ] {
            #expect(lines.contains(expected), "missing: \(expected)")
        }
        #expect(text.hasSuffix("\n"))
    }

    @Test func histogramBucketsAreCumulative() {
        var snapshot = VersionMetricsSnapshot.zero
        snapshot.latencyCounts = (0...LatencyBuckets.bounds.count).map { $0 % 3 }
        let text = PrometheusExposition.render([VersionID(model: "m", version: "a1"): snapshot])
        let bucketValues = text.split(separator: "\n")
            .filter { $0.hasPrefix("slipway_request_duration_seconds_bucket") }
            .compactMap { Int($0.split(separator: " ").last!) }
        #expect(bucketValues.count == LatencyBuckets.bounds.count + 1)
        #expect(zip(bucketValues, bucketValues.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(bucketValues.last == snapshot.latencyObservations)
    }

    @Test(arguments: [
        (#"a"b"#, #"a\"b"#),
        (#"back\slash"#, #"back\\slash"#),
        ("two\nlines", #"two\nlines"#),
        ("plain-1.0", "plain-1.0"),
    ])
    func labelValuesAreEscaped(raw: String, escaped: String) {
        #expect(PrometheusExposition.escape(raw) == escaped)
        let text = PrometheusExposition.render([VersionID(model: raw, version: "v"): .zero])
        #expect(text.contains(#"slipway_requests_total{model="\#(escaped)",version="v"} 0"#))
    }

    @Test(arguments: [
        (#"{"outputs":[{"name":"y","data":[1,2]}]}"#, false),
        (#"{"outputs":[{"name":"y","data":[1]},{"name":"z","data":null}]}"#, true),
        (#"{"outputs":[{"name":"y"}]}"#, true),
        (#"{"outputs":[]}"#, true),
        (#"{"model_name":"m"}"#, true),
        ("not json", true),
    ])
    func nullOrMissingOutputsAreDetected(body: String, isNull: Bool) {
        #expect(InferenceJSON.hasNullOutputs(Array(body.utf8)) == isNull)
    }

    @Test(arguments: [
        ("/v2/health/live", InferencePath.live),
        ("/v2/health/ready", .ready),
        ("/metrics", .metrics),
        ("/v2/models/m", .modelMetadata("m")),
        ("/v2/models/m/ready", .modelReady("m")),
        ("/v2/models/m/infer", .infer(model: "m", version: nil)),
        ("/v2/models/m/versions/b2/infer", .infer(model: "m", version: "b2")),
    ])
    func protocolPathsAreRead(path: String, endpoint: InferencePath) {
        #expect(InferencePath(path[...]) == endpoint)
    }

    @Test(arguments: ["/", "/v2", "/v2/models/", "/v2/models//infer", "/v2/models/m/versions//infer", "/v2/models/m/explain"])
    func otherPathsAreNotEndpoints(path: String) {
        #expect(InferencePath(path[...]) == nil)
    }
}
