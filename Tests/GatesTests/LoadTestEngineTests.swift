import Foundation
import Glibc
import HTTP
import Testing
import TestSupport
@testable import Gates

/// The load engine against real loopback servers; each run lasts about a second.
@Suite(.serialized) struct LoadTestEngineTests {
    static let body = Array(#"{"inputs":[{"name":"x","shape":[1],"datatype":"FP32","data":[1]}]}"#.utf8)

    func plan(_ server: LoadTestServer, rate: Int = 200, duration: Duration = .seconds(1), warmup: Duration = .zero,
              timeout: Duration = .seconds(10), maxInFlight: Int? = nil) -> LoadPlan {
        LoadPlan(upstream: server.upstream, target: "/v2/models/m/infer", bodies: [Self.body], rate: rate,
                 duration: duration, warmup: warmup, timeout: timeout, maxInFlight: maxInFlight)
    }

    @Test func sendsRateTimesDurationAndCountsOnlyTheMeasuredWindow() async throws {
        let server = try LoadTestServer(.status(200))
        let report = try await LoadGenerator.run(plan(server, duration: .seconds(1), warmup: .milliseconds(500)))
        #expect(report.scheduled == 200)
        #expect(report.sent == 200)
        #expect(report.succeeded == 200)
        #expect(report.errors.isEmpty)
        #expect(report.latency?.count == 200)
        // The warm-up's 100 requests reached the server too, but are in no figure.
        #expect(server.requestCount == 300)
        #expect(report.achievedRate > 0)
    }

    @Test func aStallIsChargedToEveryRequestDueDuringIt() async throws {
        // From the 20th request the server answers nothing for 400 ms. A request due at s inside the
        // stall waits at least until its end, so the 40 due in its first 200 ms all take 200 ms or more,
        // and since they are 40 of 300, the 90th percentile is at least 200 ms. A tester timing from
        // the moment it managed to send would see one slow request.
        let server = try LoadTestServer(.stallOnce(after: 20, stall: .milliseconds(400)))
        let report = try await LoadGenerator.run(plan(server, rate: 200, duration: .milliseconds(1_500)))
        let latency = try #require(report.latency)
        #expect(report.sent == report.scheduled)
        #expect(report.succeeded == 300)
        #expect(latency.max >= 400 * 0.99)
        #expect(latency.p90 >= 200)
    }

    @Test(arguments: [(404, "4xx"), (500, "5xx"), (503, "5xx")])
    func errorStatusesAreClassified(status: Int, errorClass: String) async throws {
        let server = try LoadTestServer(.status(status))
        let report = try await LoadGenerator.run(plan(server, rate: 100, duration: .milliseconds(500)))
        #expect(report.errors == [errorClass: 50])
        #expect(report.answered == 50)
        #expect(report.succeeded == 0)
        #expect(report.errorRate == 1)
        #expect(report.latency?.count == 50)
        #expect(!report.unreachable)
    }

    @Test func aClosedPortIsRefusedForEveryRequest() async throws {
        let port = try LoadTestServer.closedPort()
        let plan = LoadPlan(upstream: Upstream(host: "127.0.0.1", port: port), target: "/", bodies: [], rate: 100,
                            duration: .milliseconds(500))
        let report = try await LoadGenerator.run(plan)
        #expect(report.errors == ["refused": 50])
        #expect(report.unreachable)
        #expect(report.latency == nil)
        #expect(report.achievedRate == 0)
    }

    @Test func requestsBeyondTheInFlightCapAreNotSentAndCountApart() async throws {
        // The server never answers: ten requests take every place, the other twenty are over the cap,
        // and the ten time out after a second.
        let server = try LoadTestServer(.silent)
        let report = try await LoadGenerator.run(plan(server, rate: 100, duration: .milliseconds(300),
                                                      timeout: .seconds(1), maxInFlight: 10))
        #expect(report.errors == ["overCap": 20, "timeout": 10])
        #expect(report.sent == 10)
        #expect(report.peakInFlight == 10)
        #expect(server.requestCount == 10)
        // Timeouts are latencies too: a stuck server raises the tail instead of leaving it.
        #expect(try #require(report.latency).min >= 1_000)
    }

    @Test func samplesTheServerAndWhatItStarted() async throws {
        let folder = try TemporaryDirectory()
        let script = try folder.write("server.py", ModelServers.pythonV2)
        let port = try LoadTestServer.closedPort()
        // Process starts the server as the leader of a group of its own: one signal to the group ends
        // it and the child it starts.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, String(port), "child"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            kill(-process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        let upstream = Upstream(host: "127.0.0.1", port: port)
        let ready = try await waitForAnswer(from: upstream)
        #expect(ready)
        let plan = LoadPlan(upstream: upstream, target: "/v2/models/m/infer", bodies: [Self.body], rate: 50,
                            duration: .milliseconds(600))
        let report = try await LoadGenerator.run(plan, serverPID: process.processIdentifier)
        let usage = try #require(report.server, "\(report.serverNote ?? "")")
        #expect(usage.pid == process.processIdentifier)
        // The python server and the `sleep` it started.
        #expect(usage.processes == 2)
        #expect(usage.peakResidentBytes > 1_000_000)
        #expect(usage.highWaterBytes >= usage.peakResidentBytes)
        #expect(usage.cpuSeconds >= 0)
        #expect(report.succeeded == 30)
    }

    @Test func aServerPidThatIsNotRunningIsSaidSo() async throws {
        let server = try LoadTestServer(.status(200))
        let ended = Process()
        ended.executableURL = URL(fileURLWithPath: "/bin/true")
        try ended.run()
        ended.waitUntilExit()
        let report = try await LoadGenerator.run(plan(server, rate: 20, duration: .milliseconds(100)),
                                                 serverPID: ended.processIdentifier)
        #expect(report.server == nil)
        #expect(report.serverNote == "no server process \(ended.processIdentifier) was running")
    }

    /// Asks `upstream` for readiness until it answers or ten seconds pass.
    private func waitForAnswer(from upstream: Upstream) async throws -> Bool {
        let group = try EventLoopGroup(loops: 1)
        let client = HTTPClient(group: group)
        defer {
            client.shutdown()
            group.shutdown()
        }
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if let response = try? await client.send(HTTPRequest(target: "/v2/health/ready"), to: upstream, timeout: .seconds(1)),
               response.status == 200 { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return false
    }
}
