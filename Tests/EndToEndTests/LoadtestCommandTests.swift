import Foundation
import HTTP
import Testing
import TestSupport

/// `slipway loadtest` as a user runs it, against a server in the test process.
@Suite(.serialized) final class LoadtestCommandTests {
    let server: HTTPServer
    let folder: TemporaryDirectory

    init() throws {
        server = try HTTPServer(port: 0, loops: 1) { request, responder in
            let status = request.path == "/fails" ? 500 : 200
            responder.respond(HTTPResponse(status: status, text: #"{"model_name":"m","outputs":[]}"#))
        }
        folder = try TemporaryDirectory()
    }

    deinit { server.shutdown() }

    var url: String { "http://127.0.0.1:\(server.port)/v2/models/m/infer" }

    @Test func reportsTheRunAsJSONWithAnExitStatusThatFollowsIt() throws {
        let body = try folder.write("one.json", #"{"inputs":[]}"#)
        let run = try SlipwayProcess.run(["loadtest", url, "--rate", "100", "--duration", "1s", "--warmup", "500ms",
                                          "--body", body, "--body", body, "--json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
        // The achieved rate counts answers that arrive within the window, so a pause of the machine at
        // its end can lower it: the exit status must follow the figures rather than the clock.
        let achieved = try #require(report["achievedRate"] as? Double)
        #expect(run.status == (achieved >= 99 ? 0 : 1), "\(run.standardOutput)")
        #expect(report["scheduled"] as? Int == 100)
        #expect(report["succeeded"] as? Int == 100)
        #expect(report["errors"] as? [String: Int] == [:])
        #expect(report["targetRate"] as? Double == 100)
        let latency = try #require(report["latency"] as? [String: Any])
        #expect(latency["count"] as? Int == 100)
        #expect(Set(latency.keys).isSuperset(of: ["p50", "p90", "p99", "p999", "max"]))
        // Not a terminal: no progress line.
        #expect(run.standardError.isEmpty)
    }

    @Test func failingRequestsAreCountedByClassAndExitOne() throws {
        let failing = try SlipwayProcess.run(["loadtest", "http://127.0.0.1:\(server.port)/fails", "--rate", "50",
                                              "--duration", "500ms", "--warmup", "0s"])
        #expect(failing.status == 1)
        #expect(failing.standardOutput.contains("errors     5xx 25 (100% of requests)"), "\(failing.standardOutput)")
        #expect(failing.standardOutput.hasSuffix("failed: 25 of 25 requests failed; the achieved rate is 0.0 req/s, below 99% of 50\n"))
    }

    @Test(arguments: [
        (["--rate", "0", "--duration", "1s"], "--rate takes a whole number"),
        (["--rate", "10"], "--duration is required"),
        (["--rate", "10", "--duration", "soon"], "--duration takes a duration"),
        (["--rate", "10", "--duration", "1s", "--timeout", "2m"], "--timeout may be at most 1m"),
        // Values that once overflowed the schedule's arithmetic are refused before it.
        (["--rate", "10", "--duration", "1s", "--warmup", "1000000d"], "--warmup may be at most 1d, found '1000000d'"),
        (["--rate", "1000000", "--duration", "2d"], "--duration may be at most 1d, found '2d'"),
        (["--rate", "1000001", "--duration", "1s"], "--rate takes a whole number from 1 to 1000000"),
    ])
    func usageErrorsExitTwo(options: [String], message: String) throws {
        let run = try SlipwayProcess.run(["loadtest", url] + options)
        #expect(run.status == 2)
        #expect(run.standardError.contains(message), "\(run.standardError)")
    }

    @Test func aURLThatIsNotPlainHTTPIsAUsageError() throws {
        let run = try SlipwayProcess.run(["loadtest", "https://example.com/", "--rate", "1", "--duration", "1s"])
        #expect(run.status == 2)
        #expect(run.standardError.contains("URL must look like http://"))
    }

    @Test func aMissingBodyFileIsNamed() throws {
        let run = try SlipwayProcess.run(["loadtest", url, "--rate", "1", "--duration", "1s", "--body", folder.path + "/absent.json"])
        #expect(run.status == 1)
        #expect(run.standardError.contains("cannot read the --body file '\(folder.path)/absent.json'"))
    }
}
