import Foundation
import Glibc
import Testing
@testable import HTTP

@Suite(.serialized) struct HTTPClientTests {
    static let ok = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"

    /// Runs `body` with a client on its own one-loop group, shut down afterwards.
    private func withClient(_ body: (HTTPClient) async throws -> Void) async throws {
        let group = try EventLoopGroup(loops: 1)
        let client = HTTPClient(group: group)
        defer {
            client.shutdown()
            group.shutdown()
        }
        try await body(client)
    }

    @Test func sequentialRequestsReuseOneConnection() async throws {
        let upstream = try ScriptedUpstream { peer in
            while peer.readRequest() != nil { peer.write(Self.ok) }
        }
        try await withClient { client in
            for _ in 0..<5 {
                let response = try await client.send(
                    HTTPRequest(target: "/"), to: Upstream(host: "127.0.0.1", port: upstream.port), timeout: .seconds(5))
                #expect(response.status == 200)
                #expect(response.body == Array("ok".utf8))
            }
            #expect(upstream.accepted == 1)
            #expect(client.idleConnectionCount(to: Upstream(host: "127.0.0.1", port: upstream.port)) == 1)
        }
    }

    @Test func refusedConnectionIsItsOwnKind() async throws {
        let port = try freePort()
        try await withClient { client in
            let error = await #expect(throws: HTTPClientError.self) {
                try await client.send(
                    HTTPRequest(target: "/"), to: Upstream(host: "127.0.0.1", port: port), timeout: .seconds(5))
            }
            #expect(error?.kind == .connectionRefused)
            #expect(error?.requestNotSent == true)
            #expect(error?.description.contains("refused") == true)
        }
    }

    @Test func upstreamClosingAnIdleConnectionIsNotReused() async throws {
        let upstream = try ScriptedUpstream { peer in
            guard peer.readRequest() != nil else { return }
            peer.write(Self.ok)
        }
        let target = Upstream(host: "127.0.0.1", port: try #require(Optional(upstream.port)))
        try await withClient { client in
            let first = try await client.send(HTTPRequest(target: "/"), to: target, timeout: .seconds(5))
            #expect(first.status == 200)
            #expect(upstream.waitForFinished(1))
            let second = try await client.send(HTTPRequest(target: "/"), to: target, timeout: .seconds(5))
            #expect(second.status == 200)
            #expect(upstream.accepted == 2)
        }
    }

    @Test func chunkedResponseIsDecoded() async throws {
        let upstream = try ScriptedUpstream { peer in
            guard peer.readRequest() != nil else { return }
            peer.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n4\r\ndefg\r\n0\r\nX-T: 1\r\n\r\n")
            peer.waitForClientClose()
        }
        try await withClient { client in
            let response = try await client.send(
                HTTPRequest(target: "/"), to: Upstream(host: "127.0.0.1", port: upstream.port), timeout: .seconds(5))
            #expect(response.body == Array("abcdefg".utf8))
            #expect(client.idleConnectionCount(to: Upstream(host: "127.0.0.1", port: upstream.port)) == 1)
        }
    }

    @Test func closeDelimitedResponseEndsAtClose() async throws {
        let upstream = try ScriptedUpstream { peer in
            guard peer.readRequest() != nil else { return }
            peer.write("HTTP/1.1 200 OK\r\n\r\nuntil the end")
        }
        try await withClient { client in
            let target = Upstream(host: "127.0.0.1", port: upstream.port)
            let response = try await client.send(HTTPRequest(target: "/"), to: target, timeout: .seconds(5))
            #expect(response.body == Array("until the end".utf8))
            #expect(client.idleConnectionCount(to: target) == 0)
        }
    }

    @Test func silentUpstreamTimesOut() async throws {
        let upstream = try ScriptedUpstream { peer in
            _ = peer.readRequest()
            peer.waitForClientClose()
        }
        try await withClient { client in
            let error = await #expect(throws: HTTPClientError.self) {
                try await client.send(
                    HTTPRequest(target: "/"), to: Upstream(host: "127.0.0.1", port: upstream.port),
                    timeout: .milliseconds(200))
            }
            #expect(error?.kind == .timeout)
            #expect(error?.requestNotSent == false)
        }
    }

    @Test(arguments: [
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\nok",
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok",
        "HTTP/1.1 200 OK\nContent-Length: 2\n\nok",
        "HTTP/1.1 2000 OK\r\nContent-Length: 2\r\n\r\nok",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nok\r\n0\r\n\r\n",
    ])
    func brokenResponseIsMalformed(response: String) async throws {
        let upstream = try ScriptedUpstream { peer in
            guard peer.readRequest() != nil else { return }
            peer.write(response)
            peer.waitForClientClose()
        }
        try await withClient { client in
            let error = await #expect(throws: HTTPClientError.self) {
                try await client.send(
                    HTTPRequest(target: "/"), to: Upstream(host: "127.0.0.1", port: upstream.port), timeout: .seconds(5))
            }
            #expect(error?.kind == .malformedResponse)
        }
    }

    @Test func upstreamClosingBeforeAnsweringIsConnectionClosed() async throws {
        let upstream = try ScriptedUpstream { peer in _ = peer.readRequest() }
        try await withClient { client in
            let error = await #expect(throws: HTTPClientError.self) {
                try await client.send(
                    HTTPRequest(method: "POST", target: "/infer", body: Array("{}".utf8)),
                    to: Upstream(host: "127.0.0.1", port: upstream.port), timeout: .seconds(5))
            }
            #expect(error?.kind == .connectionClosed)
            #expect(error?.requestNotSent == false)
        }
    }

    @Test func talksToTheServerOfThisModule() async throws {
        let server = try HTTPServer(loops: 1) { request, responder in
            responder.respond(HTTPResponse(status: 201, body: request.body.reversed()))
        }
        defer { server.shutdown() }
        try await withClient { client in
            let target = Upstream(host: "127.0.0.1", port: server.port)
            for body in ["abc", "", "0123456789"] {
                let response = try await client.send(
                    HTTPRequest(method: "POST", target: "/v2/models/m/infer", body: Array(body.utf8)),
                    to: target, timeout: .seconds(5))
                #expect(response.status == 201)
                #expect(response.body == Array(String(body.reversed()).utf8))
            }
            #expect(client.idleConnectionCount(to: target) == 1)
        }
    }

    @Test func idlePooledConnectionIsClosedAfterTheIdleTimeout() async throws {
        let upstream = try ScriptedUpstream { peer in
            guard peer.readRequest() != nil else { return }
            peer.write(Self.ok)
            peer.waitForClientClose()
        }
        let group = try EventLoopGroup(loops: 1)
        let client = HTTPClient(group: group, settings: HTTPClientSettings(idleTimeout: .milliseconds(100)))
        defer {
            client.shutdown()
            group.shutdown()
        }
        let target = Upstream(host: "127.0.0.1", port: upstream.port)
        let response = try await client.send(HTTPRequest(target: "/"), to: target, timeout: .seconds(5))
        #expect(response.status == 200)
        #expect(upstream.waitForFinished(1))
        #expect(client.idleConnectionCount(to: target) == 0)
    }

    @Test func interimContinueIsSkipped() async throws {
        let upstream = try ScriptedUpstream { peer in
            guard peer.readRequest() != nil else { return }
            peer.write("HTTP/1.1 100 Continue\r\n\r\n" + Self.ok)
            peer.waitForClientClose()
        }
        try await withClient { client in
            let response = try await client.send(
                HTTPRequest(method: "POST", target: "/", body: [1, 2, 3]),
                to: Upstream(host: "127.0.0.1", port: upstream.port), timeout: .seconds(5))
            #expect(response.status == 200)
            #expect(response.body == Array("ok".utf8))
        }
    }

    /// A port nothing listens on: picked by the kernel for a listener that is then closed.
    private func freePort() throws -> Int {
        try ScriptedUpstream { _ in }.port
    }
}
