import Foundation
import HTTP
import Testing
@testable import Serving

@Suite(.serialized) struct RouterTests {
    @Test func allTrafficGoesToStableWhenThereIsNoCanary() async throws {
        let stable = try FakeModelServer()
        defer { stable.shutdown() }
        let bench = try RouterBench()
        defer { bench.shutdown() }
        bench.router.setRoutes([ModelRoute(model: "m", stable: stable.backend("m", "a1"))])
        for _ in 0..<20 {
            let answer = try await bench.infer()
            #expect(answer.status == 200)
            #expect(answer.servedVersion == "a1")
            #expect(answer.text == FakeModelServer.goodAnswer)
        }
        #expect(bench.counters("m", "a1").requests == 20)
        #expect(bench.counters("m", "a1").inFlight == 0)
        #expect(stable.inferenceCount == 20)
    }

    @Test func aTenPercentCanaryTakesExactlyOneRequestInTen() async throws {
        let stable = try FakeModelServer()
        let canary = try FakeModelServer()
        defer { stable.shutdown(); canary.shutdown() }
        let bench = try RouterBench()
        defer { bench.shutdown() }
        bench.router.setRoutes([ModelRoute(model: "m", stable: stable.backend("m", "a1"),
                                           canary: canary.backend("m", "b2"), canaryWeight: 10)])
        var served: [String: Int] = [:]
        for _ in 0..<100 {
            let answer = try await bench.infer()
            #expect(answer.status == 200)
            served[answer.servedVersion ?? "none", default: 0] += 1
        }
        #expect(served == ["a1": 90, "b2": 10])
        #expect(canary.inferenceCount == 10)
        #expect(bench.counters("m", "b2").requests == 10)
    }

    @Test func aVersionCanBePinnedByPathOrByHeader() async throws {
        let stable = try FakeModelServer()
        let canary = try FakeModelServer()
        defer { stable.shutdown(); canary.shutdown() }
        let bench = try RouterBench()
        defer { bench.shutdown() }
        bench.router.setRoutes([ModelRoute(model: "m", stable: stable.backend("m", "a1"),
                                           canary: canary.backend("m", "b2"), canaryWeight: 1)])
        for _ in 0..<5 {
            let byPath = try await bench.send("POST", "/v2/models/m/versions/b2/infer", body: "{}")
            #expect(byPath.status == 200)
            #expect(byPath.servedVersion == "b2")
            let byHeader = try await bench.infer(headers: [("x-slipway-version", "b2")])
            #expect(byHeader.servedVersion == "b2")
            let stablePinned = try await bench.infer(headers: [("X-Slipway-Version", "a1")])
            #expect(stablePinned.servedVersion == "a1")
        }
        #expect(canary.inferenceCount == 10)
        let unknown = try await bench.send("POST", "/v2/models/m/versions/zz/infer", body: "{}")
        #expect(unknown.status == 404)
        #expect(try (unknown.json()["error"] as? String)?.contains("no version zz") == true)
    }

    @Test func aCanaryThatRefusesConnectionsIsRetriedOnStableAndCountedAsRefused() async throws {
        let stable = try FakeModelServer()
        defer { stable.shutdown() }
        let deadPort = try closedPort()
        let bench = try RouterBench()
        defer { bench.shutdown() }
        let canary = Backend(id: VersionID(model: "m", version: "b2"), port: deadPort)
        bench.router.setRoutes([ModelRoute(model: "m", stable: stable.backend("m", "a1"),
                                           canary: canary, canaryWeight: 50)])
        for _ in 0..<10 {
            let answer = try await bench.infer()
            #expect(answer.status == 200)
            #expect(answer.servedVersion == "a1")
        }
        let canaryCounters = bench.counters("m", "b2")
        #expect(canaryCounters.errors == [.refused: 5])
        #expect(canaryCounters.requests == 5)
        #expect(canaryCounters.inFlight == 0)
        #expect(bench.counters("m", "a1").requests == 10)
        #expect(bench.counters("m", "a1").errorCount == 0)
    }

    @Test func aPinnedRequestToARefusingVersionGetsA502() async throws {
        let stable = try FakeModelServer()
        defer { stable.shutdown() }
        let deadPort = try closedPort()
        let bench = try RouterBench()
        defer { bench.shutdown() }
        let canary = Backend(id: VersionID(model: "m", version: "b2"), port: deadPort)
        bench.router.setRoutes([ModelRoute(model: "m", stable: stable.backend("m", "a1"), canary: canary, canaryWeight: 0)])
        let answer = try await bench.infer(headers: [("x-slipway-version", "b2")])
        #expect(answer.status == 502)
        #expect(answer.servedVersion == "b2")
        #expect(try (answer.json()["error"] as? String)?.contains("refused") == true)
        #expect(stable.inferenceCount == 0)
    }

    @Test(arguments: [(500, ErrorClass.serverError), (503, .serverError), (400, .clientError), (422, .clientError)])
    func anUpstreamErrorStatusIsPassedOnAndCountedForItsVersion(status: Int, errorClass: ErrorClass) async throws {
        let stable = try FakeModelServer(status: status, body: #"{"error":"model failed"}"#)
        defer { stable.shutdown() }
        let bench = try RouterBench()
        defer { bench.shutdown() }
        bench.router.setRoutes([ModelRoute(model: "m", stable: stable.backend("m", "a1"))])
        let answer = try await bench.infer()
        #expect(answer.status == status)
        #expect(answer.text == #"{"error":"model failed"}"#)
        #expect(bench.counters("m", "a1").errors == [errorClass: 1])
    }

    @Test func anUpstreamThatNeverAnswersGetsA504CountedAsTimeout() async throws {
        let silent = try HTTPServer(port: 0, loops: 1) { _, _ in }
        defer { silent.shutdown() }
        let bench = try RouterBench(upstreamTimeout: .milliseconds(200))
        defer { bench.shutdown() }
        bench.router.setRoutes([ModelRoute(model: "m", stable: Backend(id: VersionID(model: "m", version: "a1"),
                                                                       port: silent.port))])
        let answer = try await bench.infer()
        #expect(answer.status == 504)
        #expect(bench.counters("m", "a1").errors == [.timeout: 1])
    }

    @Test func anUnknownModelGetsA404WithAJSONError() async throws {
        let bench = try RouterBench()
        defer { bench.shutdown() }
        bench.router.setRoutes([ModelRoute(model: "known", stable: nil)])
        for target in ["/v2/models/other/infer", "/v2/models/other", "/v2/models/other/ready"] {
            let answer = try await bench.send(target.hasSuffix("infer") ? "POST" : "GET", target, body: "{}")
            #expect(answer.status == 404)
            let message = try #require(answer.json()["error"] as? String)
            #expect(message.contains("model other is not served here"))
            #expect(message.contains("known"))
        }
        #expect(try await bench.send("GET", "/v1/models/x").status == 404)
        #expect(try await bench.send("GET", "/v2/models/known/infer").status == 405)
    }

    @Test func modelMetadataNamesItsVersions() async throws {
        let stable = try FakeModelServer()
        let canary = try FakeModelServer()
        defer { stable.shutdown(); canary.shutdown() }
        let bench = try RouterBench()
        defer { bench.shutdown() }
        bench.router.setRoutes([ModelRoute(model: "m", stable: stable.backend("m", "a1"),
                                           canary: canary.backend("m", "b2"), canaryWeight: 10)])
        let answer = try await bench.send("GET", "/v2/models/m")
        #expect(answer.status == 200)
        let metadata = try answer.json()
        #expect(metadata["name"] as? String == "m")
        #expect(metadata["versions"] as? [String] == ["a1", "b2"])
        #expect(metadata["platform"] as? String == "slipway")
    }

    @Test func readinessFollowsEveryRoutedModelsStable() async throws {
        let ready = try FakeModelServer()
        let starting = try FakeModelServer(ready: false)
        defer { ready.shutdown(); starting.shutdown() }
        let bench = try RouterBench()
        defer { bench.shutdown() }
        #expect(try await bench.send("GET", "/v2/health/live").status == 200)
        bench.router.setRoutes([ModelRoute(model: "m", stable: ready.backend("m", "a1"))])
        #expect(try await bench.send("GET", "/v2/health/ready").status == 200)
        #expect(try await bench.send("GET", "/v2/models/m/ready").status == 200)

        bench.router.setRoutes([ModelRoute(model: "m", stable: ready.backend("m", "a1")),
                                ModelRoute(model: "n", stable: starting.backend("n", "c3"))])
        let notReady = try await bench.send("GET", "/v2/health/ready")
        #expect(notReady.status == 503)
        #expect(try notReady.json()["unready"] as? [String] == ["n"])
        #expect(try await bench.send("GET", "/v2/models/n/ready").status == 503)
        #expect(try await bench.send("GET", "/v2/models/m/ready").status == 200)

        bench.router.setRoutes([ModelRoute(model: "m", stable: nil, canary: ready.backend("m", "a1"), canaryWeight: 100)])
        #expect(try await bench.send("GET", "/v2/health/ready").status == 503)
    }

    @Test func swappingRoutesUnderLoadFailsNoRequest() async throws {
        let first = try FakeModelServer()
        let second = try FakeModelServer()
        defer { first.shutdown(); second.shutdown() }
        let bench = try RouterBench()
        defer { bench.shutdown() }
        let routes = [
            ModelRoute(model: "m", stable: first.backend("m", "a1")),
            ModelRoute(model: "m", stable: first.backend("m", "a1"), canary: second.backend("m", "b2"), canaryWeight: 10),
            ModelRoute(model: "m", stable: first.backend("m", "a1"), canary: second.backend("m", "b2"), canaryWeight: 50),
            ModelRoute(model: "m", stable: second.backend("m", "b2")),
        ]
        bench.router.setRoutes([routes[0]])
        let swapping = SwapCount()
        let swapper = Task.detached {
            var index = 0
            while !swapping.stopped {
                index += 1
                bench.router.setRoutes([routes[index % routes.count]])
                swapping.swapped()
                await Task.yield()
            }
        }
        let statuses = try await withThrowingTaskGroup(of: [Int].self) { group in
            for _ in 0..<4 {
                group.addTask {
                    var seen: [Int] = []
                    for _ in 0..<100 { seen.append(try await bench.infer().status) }
                    return seen
                }
            }
            var all: [Int] = []
            for try await seen in group { all += seen }
            return all
        }
        swapping.stop()
        await swapper.value
        #expect(swapping.swaps > 1)
        #expect(statuses.count == 400)
        #expect(statuses.allSatisfy { $0 == 200 })
        #expect(bench.counters("m", "a1").requests + bench.counters("m", "b2").requests == 400)
    }

    @Test func anInFlightRequestKeepsItsBackendWhenTheRouteMovesAway() async throws {
        let old = try FakeModelServer()
        let new = try FakeModelServer()
        defer { old.shutdown(); new.shutdown() }
        let bench = try RouterBench()
        defer { bench.shutdown() }
        bench.router.setRoutes([ModelRoute(model: "m", stable: old.backend("m", "a1"))])
        old.hold(true)
        let pending = Task { try await bench.infer() }
        #expect(await eventually(within: .seconds(5)) { old.heldCount == 1 })
        bench.router.setRoutes([ModelRoute(model: "m", stable: new.backend("m", "b2"))])
        #expect(try await bench.infer().servedVersion == "b2")
        old.release()
        let answer = try await pending.value
        #expect(answer.status == 200)
        #expect(answer.servedVersion == "a1")
    }

    @Test func nullOutputsAreCountedForTheVersionThatSentThem() async throws {
        let stable = try FakeModelServer()
        defer { stable.shutdown() }
        let bench = try RouterBench()
        defer { bench.shutdown() }
        bench.router.setRoutes([ModelRoute(model: "m", stable: stable.backend("m", "a1"))])
        _ = try await bench.infer()
        stable.answer(status: 200, body: #"{"outputs":[{"name":"y","datatype":"FP32","shape":[1],"data":null}]}"#)
        _ = try await bench.infer()
        stable.answer(status: 200, body: #"{"model_name":"m"}"#)
        _ = try await bench.infer()
        let counters = bench.counters("m", "a1")
        #expect(counters.okResponses == 3)
        #expect(counters.nullOutputs == 2)
    }

    @Test func metricsEndpointServesPrometheusText() async throws {
        let stable = try FakeModelServer()
        defer { stable.shutdown() }
        let bench = try RouterBench()
        defer { bench.shutdown() }
        bench.router.setRoutes([ModelRoute(model: "m", stable: stable.backend("m", "a1"))])
        _ = try await bench.infer()
        let answer = try await bench.send("GET", "/metrics")
        #expect(answer.status == 200)
        #expect(answer.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8")
        let lines = answer.text.split(separator: "\n")
        #expect(lines.contains(#"slipway_requests_total{model="m",version="a1"} 1"#))
        #expect(lines.contains(#"slipway_request_duration_seconds_bucket{model="m",version="a1",le="+Inf"} 1"#))
        #expect(lines.contains(#"slipway_request_duration_seconds_count{model="m",version="a1"} 1"#))
    }
}
