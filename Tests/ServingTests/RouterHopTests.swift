import Foundation
import HTTP
import Synchronization
import Testing
import TestSupport
@testable import Serving

/// What the router passes on of a request's framing: hop-by-hop fields stay on their hop
/// (RFC 9110 §7.6.1), and an absolute-form target is served by its path (RFC 9112 §3.2.2).
@Suite(.serialized) struct RouterHopTests {
    /// A model server that answers every request and keeps the requests it received.
    final class RecordingUpstream: Sendable {
        final class Seen: Sendable {
            let requests = Mutex<[HTTPRequest]>([])
        }

        let server: HTTPServer
        private let seen = Seen()

        init() throws {
            let seen = seen
            server = try HTTPServer(port: 0, loops: 1) { request, responder in
                seen.requests.withLock { $0.append(request) }
                responder.respond(HTTPResponse(status: 200, text: FakeModelServer.goodAnswer))
            }
        }

        var requests: [HTTPRequest] { seen.requests.withLock { $0 } }
        func backend() -> Backend { Backend(id: VersionID(model: "m", version: "a1"), port: server.port) }
    }

    @Test func fieldsNamedInConnectionAreNotPassedUpstream() async throws {
        let upstream = try RecordingUpstream()
        defer { upstream.server.shutdown() }
        let bench = try RouterBench()
        defer { bench.shutdown() }
        bench.router.setRoutes([ModelRoute(model: "m", stable: upstream.backend())])
        let body = #"{"inputs":[]}"#
        let answer = try RawExchange.send(port: bench.router.port, """
            POST /v2/models/m/infer HTTP/1.1\r
            Host: router\r
            Connection: close, X-Secret-Hop\r
            X-Secret-Hop: s3cret\r
            X-Kept: k\r
            Content-Length: \(body.utf8.count)\r
            \r
            \(body)
            """)
        #expect(answer.hasPrefix("HTTP/1.1 200"), "\(answer)")
        let received = try #require(upstream.requests.first)
        #expect(received.headers["x-secret-hop"] == nil)
        #expect(received.headers["x-kept"] == "k")
    }

    @Test func anAbsoluteFormTargetIsServedByItsPath() async throws {
        let upstream = try RecordingUpstream()
        defer { upstream.server.shutdown() }
        let bench = try RouterBench()
        defer { bench.shutdown() }
        bench.router.setRoutes([ModelRoute(model: "m", stable: upstream.backend())])
        let body = #"{"inputs":[]}"#
        let answer = try RawExchange.send(port: bench.router.port, """
            POST http://router.example:8080/v2/models/m/infer?trace=1 HTTP/1.1\r
            Host: router.example:8080\r
            Connection: close\r
            Content-Length: \(body.utf8.count)\r
            \r
            \(body)
            """)
        #expect(answer.hasPrefix("HTTP/1.1 200"), "\(answer)")
        #expect(answer.contains("x-slipway-version: a1"))
        #expect(upstream.requests.first?.target == "/v2/models/m/infer?trace=1")
        let live = try RawExchange.send(port: bench.router.port, "GET http://router.example/v2/health/live HTTP/1.1\r\nHost: router.example\r\nConnection: close\r\n\r\n")
        #expect(live.hasPrefix("HTTP/1.1 200"), "\(live)")
    }
}
